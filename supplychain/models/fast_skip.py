"""The skip rule of :class:`~supplychain.models.fast.FastSolver` and the plans it checks.

Closures and degradations only tighten bounds, and a plan that is optimal for the base LP and
still feasible for the tighter one is optimal for it. :func:`_reference_plans` keeps a few
optimal base plans (the vertex HiGHS found, the optimal plan of least total flow and the one of
least stage-2 cost, which carry no useless circuits); :func:`_keeps_bounds` says whether one of
them keeps every tightened bound, in which case the closure is answered without a solve.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import numpy.typing as npt

from supplychain.models.fast_highs import FloatArray, _Bounds, _new_highs

__all__: list[str] = []

logger = logging.getLogger(__name__)

#: Absolute slack (m³/day, scaled by the bound when larger than 1) under which a base value
#: counts as within a tightened bound.
_SKIP_TOL = 1e-9


def _keeps_bounds(references: list[tuple[FloatArray, FloatArray]], bounds: _Bounds) -> bool:
    """True when an optimal base plan satisfies every tightened bound (so stays optimal)."""
    return any(
        all(
            base[j] <= ub + _SKIP_TOL * max(1.0, abs(ub))
            for target, base in ((bounds.cols, cols), (bounds.rows, rows))
            for j, ub in target.items()
        )
        for cols, rows in references
    )


def _reference_plans(
    lp: Any,
    stage2_cost: FloatArray,
    flow_cols: npt.NDArray[np.int32],
    base_basis: Any,
    base_value: float,
    base_plan: tuple[FloatArray, FloatArray],
    time_limit_s: float,
) -> list[tuple[FloatArray, FloatArray]]:
    """Optimal base plans the skip rule may compare against: the vertex HiGHS found
    (``base_plan``), the plan with the least total flow and the plan with the least stage-2
    cost."""
    n_col = int(lp.num_col_)
    references: list[tuple[FloatArray, FloatArray]] = [base_plan]
    least_flow = np.zeros(n_col)
    least_flow[flow_cols] = 1.0
    least_cost = np.asarray(stage2_cost, dtype=float)
    for cost in (least_flow, least_cost):
        if not cost.any():
            continue
        ref = _lean_solution(lp, base_basis, base_value, cost, time_limit_s)
        if ref is not None:
            references.append(ref)
    return references


def _lean_solution(
    lp: Any, basis: Any, value: float, cost: FloatArray, time_limit_s: float
) -> tuple[FloatArray, FloatArray] | None:
    """The base plan of least ``cost`` among those delivering the optimum (to ``1e-9`` relative).

    A vertex optimum of the stage-1 LP may route fuel around useless circuits or over long
    detours (they cost nothing in stage 1), which makes closing those segments look like a
    change. Lean optimal plans use other (often fewer) segments, so more closures are
    provably harmless.

    Returns
    -------
    (column values, row values) or None
        ``None`` when HiGHS does not find it.
    """
    import highspy

    h = _new_highs(lp, time_limit_s)
    h.setBasis(basis)
    deliver = np.flatnonzero(np.asarray(lp.col_cost_)).astype(np.int32)
    floor = value - 1e-9 * max(1.0, abs(value))
    h.addRow(floor, highspy.kHighsInf, len(deliver), deliver, np.ones(len(deliver)))
    n_col = int(lp.num_col_)
    h.changeColsCost(n_col, np.arange(n_col, dtype=np.int32), cost)
    h.changeObjectiveSense(highspy.ObjSense.kMinimize)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        logger.debug("No lean reference plan (%s)", h.modelStatusToString(h.getModelStatus()))
        return None
    solution = h.getSolution()
    n_row = int(lp.num_row_)
    return (
        np.array(solution.col_value, dtype=float),
        np.array(solution.row_value, dtype=float)[:n_row],
    )
