"""The HiGHS side of :class:`~supplychain.models.fast.FastSolver`: the LP in highspy, re-solves.

:func:`_highs_model` turns the PuLP stage-1 model of :func:`~supplychain.models.lp.build_model`
into a :class:`highspy.HighsLp`, folding single-variable capacity rows (``segment_capacity_<i>``,
``supply_<i>``) into column upper bounds so a closure is a pure bound change (FastSolver now
builds the same LP straight from arrays, :mod:`supplychain.models.lp_arrays`; this reading of
the PuLP model is the oracle ``tests/test_lp_arrays.py`` compares it with);
:func:`_new_highs` makes a silent dual-simplex instance holding it; :func:`_run_with_bounds`
tightens bounds, re-runs from the current basis and puts the bounds back. Which closures need
a re-solve (the skip rule) and the reference plans it compares against stay in
:mod:`supplychain.models.fast`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from supplychain._highs import quiet_highs_banner
from supplychain.errors import ParameterError
from supplychain.models.highs_lp import row_wise_lp
from supplychain.models.lp import FlowModel

__all__: list[str] = []

_FOLDED_KINDS = ("segment", "supply")

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]


@dataclass
class _Bounds:
    """Column and row upper bounds to tighten for one request (index -> new upper bound)."""

    cols: dict[int, float] = field(default_factory=dict)
    rows: dict[int, float] = field(default_factory=dict)

    @staticmethod
    def tighten(target: dict[int, float], indices: IntArray, ub: FloatArray | float) -> None:
        if isinstance(ub, float):  # a closure: one bound for all (the common case, kept cheap)
            for j in indices.tolist():
                target[j] = min(target.get(j, math.inf), ub)
            return
        values = np.broadcast_to(np.asarray(ub, dtype=float), indices.shape)
        for j, value in zip(indices.tolist(), values.tolist(), strict=True):
            target[j] = min(target.get(j, math.inf), value)


@dataclass
class _HighsModel:
    """The stage-1 LP as highspy arrays, with the PuLP names of its columns and kept rows."""

    lp: Any
    col_of: dict[str, int]
    row_of: dict[str, int]
    n_col: int
    col_lower: FloatArray
    col_upper: FloatArray
    row_lower: list[float]
    row_upper: list[float]


def _highs_model(model: FlowModel, mode: str) -> _HighsModel:
    """The stage-1 LP of ``model`` as a :class:`highspy.HighsLp` (maximised).

    Raises
    ------
    ParameterError
        If a column other than a delivery is worth something, or a delivery is not worth 1.
    """
    problem = model.problem
    variables = problem.variables()
    col_of = {var.name: j for j, var in enumerate(variables)}
    n_col = len(variables)
    col_lower = np.array(
        [-math.inf if v.lowBound is None else float(v.lowBound) for v in variables]
    )
    col_upper = np.array([math.inf if v.upBound is None else float(v.upBound) for v in variables])
    col_cost = np.zeros(n_col)
    for var, coef in problem.objective.items():
        col_cost[col_of[var.name]] = float(coef)
    deliver_cols = {col_of[v.name] for v in model.deliver.values()}
    weighted = [j for j in np.flatnonzero(col_cost) if j not in deliver_cols or col_cost[j] != 1.0]
    if weighted:
        raise ParameterError(
            f"FastSolver needs every delivered m3 worth 1; mode '{mode}' weights some"
        )

    # Rows: fold single-variable capacity rows into column bounds, keep the rest.
    row_lower: list[float] = []
    row_upper: list[float] = []
    starts: list[int] = [0]
    index: list[int] = []
    value: list[float] = []
    row_of: dict[str, int] = {}
    for name, con in problem.constraints.items():
        kind = model.constraint_kind.get(name, ("", None))[0]
        items = [(col_of[v.name], float(c)) for v, c in con.items() if c != 0]
        lb, ub = con.getLb(), con.getUb()
        if kind in _FOLDED_KINDS and len(items) == 1 and items[0][1] > 0 and lb is None:
            j, coef = items[0]
            col_upper[j] = min(col_upper[j], float(ub) / coef)
            continue
        row_of[name] = len(row_lower)
        row_lower.append(-math.inf if lb is None else float(lb))
        row_upper.append(math.inf if ub is None else float(ub))
        for j, coef in items:
            index.append(j)
            value.append(coef)
        starts.append(len(index))

    quiet_highs_banner()
    lp = row_wise_lp(col_cost=col_cost, col_lower=col_lower, col_upper=col_upper,
                     row_lower=row_lower, row_upper=row_upper, starts=starts, index=index,
                     value=value, maximize=True)  # fmt: skip
    return _HighsModel(lp, col_of, row_of, n_col, col_lower, col_upper, row_lower, row_upper)


def _new_highs(lp: Any, time_limit_s: float) -> Any:
    """A silent HiGHS instance (dual simplex, warm starts) holding ``lp``."""
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("log_to_console", False)
    h.setOptionValue("solver", "simplex")
    h.setOptionValue("time_limit", float(time_limit_s))
    h.passModel(lp)
    return h


def _run_with_bounds(
    h: Any,
    bounds: _Bounds,
    col_lower: FloatArray,
    col_upper: FloatArray,
    row_lower: FloatArray,
    row_upper: FloatArray,
    time_limit_s: float,
) -> tuple[bool, float, Any, int]:
    """Tighten ``bounds``, re-run from the current basis, then put the original bounds back.

    Returns
    -------
    (optimal, objective value or nan, HiGHS model status, number of bounds changed)
    """
    import highspy

    cols = np.fromiter(bounds.cols, dtype=np.int32, count=len(bounds.cols))
    rows = np.fromiter(bounds.rows, dtype=np.int32, count=len(bounds.rows))
    try:
        if len(cols):
            ub = np.fromiter(bounds.cols.values(), dtype=float, count=len(cols))
            h.changeColsBounds(len(cols), cols, col_lower[cols], ub)
        if len(rows):
            ub = np.fromiter(bounds.rows.values(), dtype=float, count=len(rows))
            h.changeRowsBounds(len(rows), rows, row_lower[rows], ub)
        # HiGHS's run clock accumulates over the runs of an instance: the limit is per run.
        h.setOptionValue("time_limit", h.getRunTime() + time_limit_s)
        h.run()
        status = h.getModelStatus()
        ok = status == highspy.HighsModelStatus.kOptimal
        value = float(h.getInfo().objective_function_value) if ok else math.nan
    finally:
        if len(cols):
            h.changeColsBounds(len(cols), cols, col_lower[cols], col_upper[cols])
        if len(rows):
            h.changeRowsBounds(len(rows), rows, row_lower[rows], row_upper[rows])
    return ok, value, status, len(cols) + len(rows)
