"""Solving the time-expanded model: both goals with HiGHS, then the solution read.

Holds :func:`solve_timeline`: stage 1 through PuLP's HiGHS interface (interior point, dual
simplex fallback; the LP handed over in one call), stage 2 on the same HiGHS instance (new
costs, one extra row, warm start) where it can finish (see ``polish``). With ``min_escorts``
a goal-row stage between them minimises the escort unit-days (:func:`_min_escort_stage`).
:mod:`supplychain.models.timeexp` re-exports it.
"""

from __future__ import annotations

import logging
import numbers
import time
import weakref
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pulp

from supplychain._gc import paused
from supplychain._highs import InterruptibleHiGHS, quiet_highs_banner, run_interruptible
from supplychain.errors import ArgumentError, ArgumentTypeError
from supplychain.models._switches import env_switch
from supplychain.models.highs_lp import row_wise_lp

if TYPE_CHECKING:
    from supplychain.models.timeexp import TimelineModel
    from supplychain.models.timeline_result import TimelineResult

__all__ = ["BUSIEST_DAY", "CROSSOVER_ENV", "IPM_GAP", "POLISH_ENV", "TIMELINE_TIME_LIMIT_S", "UNCHECKED_GOALS", "UNDER_ESCORT_GOALS", "UNIT_DAYS",
           "basis_codes", "basis_from_codes", "cost_goal_runs", "dual_from", "load_into_highs", "rerun_from",
           "solve_timeline", "timeline_time_limit", "warm_instance", "warn_large_model"]

#: Seconds a timeline's solve gets at least when no limit is given (assumption). A 181-day plan
#: is an LP of about 10^4 rows and 2 x 10^4 columns on the embedded network (the back-test:
#: 6-15 s with the interior point on 2 cores, measured 2026-12-02) and ten times that on an
#: imported West-African network (minutes): above the 60 s ``[solver] time_limit_s`` of the
#: steady-state model, so timelines get their own floor. The command line and Python share it.
TIMELINE_TIME_LIMIT_S = 600.0

#: Environment variable that turns the interior point's crossover back on (the path before
#: 2026-12-02, kept for benchmarks/timeline.py): ``1``/``on``.
CROSSOVER_ENV = "SUPPLYCHAIN_TIMELINE_CROSSOVER"
#: Environment variable that makes stage 2 always run (``polish=True``; the path of main before
#: 2026-12-02 02:40 UTC, kept for benchmarks/timeline.py): ``1``/``on``.
POLISH_ENV = "SUPPLYCHAIN_TIMELINE_POLISH"
#: Relative primal-dual gap at which the interior point stops (see solve_timeline; the warm
#: Monte Carlo's fallback too): 1e-10 gives the vertex's dry days and totals.
IPM_GAP = 1e-10
#: HiGHS's "no limit" for simplex iterations (its option's default).
_NO_ITERATION_LIMIT = 2**31 - 1
#: Largest LP (rows) on which stage 2 runs by default after an interior point without crossover
#: (assumption, from measurements of 2026-12-02 on the back-test: stage 2's dual simplex from
#: scratch solved 20 days, 1,713 rows, in 0.6 s; it did not finish within its 5 s budget at 40
#: days, 3,473 rows, nor at 60, 90 or 181 days; see solve_timeline's ``polish``).
_POLISH_MAX_ROWS = 2500
#: Largest escort unit-days goal LP (rows) solved to a vertex by the interior point with
#: crossover (see _goal_vertex; assumption, from measurements of 2026-12-05 on the back-test
#: with ``--min-escorts``, load average 3-5: with the crossover the goal took 0.2-5 s at 7-60
#: days, 737-7,005 rows, without it 0.3-3.0 s and 5e-6 relative above the optimum; at 181 days,
#: 21,381 rows, the crossover had not finished after 8 minutes where the interior point alone
#: takes 13 s). The same bound as stage 2's ``_POLISH_MAX_ROWS``, for the same reason: the
#: simplex's share grows faster than the interior point's. The dual simplex from scratch was
#: no alternative: 7.6-10 s at 22 days (2,456 rows), 0.5 s with the crossover.
_GOAL_CROSSOVER_MAX_ROWS = 2500

#: The escort goals of ``min_escorts`` in their order (log lines, ``goal_check``'s third
#: argument, the arc pricing's ``goals``): the busiest day's units (``"peak"`` only), the
#: unit-days, stage 1's objective again under them (see ``_min_escort_stage``).
BUSIEST_DAY = "busiest day's escort units"
UNIT_DAYS = "escort unit-days"
UNDER_ESCORT_GOALS = "stage 1 under the escort goals"
#: The escort goals never handed to ``goal_check`` (the arc pricing's): stage 1's objective
#: again under the escort goals, whose only freedom left is the transit price (an assumption
#: against useless circulation, 1e-5 per m3 and day in transit: deliveries, injections and
#: attacks' missed cargo are held at stage 1's by bounds and the escort figures by rows), is
#: solved on the arcs the checked goals brought in. Priced, it brought in arcs for 2 more
#: rounds of every goal on the West-African back-test with ``--min-escorts`` (worst reduced
#: cost 1.5e-4; 8 rounds, 267 s; unit-days 210.435 in each) and, with ``"peak"``, for 2 rounds
#: and then the round with every arc (worst 0.275; 9 rounds, 23 min 31 s, of which the round
#: with every arc 12 min; the busiest day's units 1.38028 -> 1.38025, the unit-days 211.307
#: -> 211.31): measured 2026-12-06. Not checked, such a goal on a small LP ends at a vertex
#: at once (HiGHS's crossover), as without the arc pricing.
UNCHECKED_GOALS = (UNDER_ESCORT_GOALS,)

logger = logging.getLogger(__name__)


class _HiGHSOneCall(InterruptibleHiGHS):
    """PuLP's HiGHS interface with the model handed over in one ``passModel`` call.

    PuLP's own ``buildSolverModel`` adds each column and row by a separate call into highspy:
    1.6-1.7 s against 0.8-0.9 s for this one on the 181-day back-test's 31k columns and 16k
    rows (load average 5-6, measured 2026-12-02). This one collects the same columns, rows and
    indices (PuLP's order) in numpy arrays first; everything else (options, solve, reading
    values and status) is PuLP's. Hand-written because PuLP has no bulk hand-over to HiGHS.
    """

    #: Called with the columns (PuLP's variables, HiGHS's order) and the row names after the
    #: model is handed over; a basis it returns is set before the solve (a warm start, see
    #: :func:`solve_timeline`'s ``start_basis``). None: no basis.
    start_basis: Callable[[list[Any], list[str]], Any] | None = None
    #: The columns of the last solve (PuLP's variables, HiGHS's order).
    columns: list[Any] | None = None

    def actualSolve(self, lp: pulp.LpProblem) -> int:  # noqa: N802 (PuLP's name)
        """PuLP's solve with ``lp.variables()`` collected once instead of three times.

        ``LpProblem.variables()`` walks every term of every row (about 0.3 s each time on the
        back-test); PuLP's HiGHS interface calls it to build, to read values and to reset
        flags, with no row added in between. The list is shadowed on the instance for this
        call only.
        """
        variables = lp.variables()
        self.columns = variables
        lp.variables = lambda: variables
        try:
            return int(super().actualSolve(lp))
        finally:
            del lp.variables

    def buildSolverModel(self, lp: pulp.LpProblem) -> None:  # noqa: N802 (PuLP's name)
        import highspy

        inf = highspy.kHighsInf
        variables = lp.variables()
        n = len(variables)
        sign = -1.0 if lp.sense == pulp.LpMaximize else 1.0
        cost, lower, upper = np.zeros(n), np.full(n, -inf), np.full(n, inf)
        objective = lp.objective or {}
        integer: list[int] = []
        for i, var in enumerate(variables):
            var.index = i
            cost[i] = sign * objective.get(var, 0.0)
            if var.lowBound is not None:
                lower[i] = var.lowBound
            if var.upBound is not None:
                upper[i] = var.upBound
            if var.cat == pulp.LpInteger and self.mip:
                integer.append(i)
        constraints = list(lp.constraints.values())
        m = len(constraints)
        row_lower, row_upper = np.full(m, -inf), np.full(m, inf)
        starts = np.zeros(m + 1, dtype=np.int64)
        index: list[int] = []
        value: list[float] = []
        for r, con in enumerate(constraints):
            con.index = r
            for var, coef in con.items():
                if coef != 0:
                    index.append(var.index)
                    value.append(coef)
            starts[r + 1] = len(index)
            lb, ub = con.getLb(), con.getUb()
            if lb is not None:
                row_lower[r] = lb
            if ub is not None:
                row_upper[r] = ub
        lp.solverModel.passModel(row_wise_lp(
            col_cost=cost, col_lower=lower, col_upper=upper, row_lower=row_lower,
            row_upper=row_upper, starts=starts, index=index, value=value,
            integer_columns=integer))  # fmt: skip
        if self.start_basis is not None:
            basis = self.start_basis(variables, list(lp.constraints))
            if basis is None or lp.solverModel.setBasis(basis) != highspy.HighsStatus.kOk:
                # The simplex from scratch does not finish on long horizons (see
                # solve_timeline): the interior point instead.
                logger.log(logging.DEBUG if basis is None else logging.INFO,
                           "No usable starting basis (%s); solving by the interior point",
                           "none given" if basis is None else "refused by HiGHS")  # fmt: skip
                lp.solverModel.setOptionValue("solver", "ipm")


def _load_solution(highs: Any, variables: list[Any]) -> None:
    """Copy the HiGHS instance's column values into PuLP's variables (after a direct run)."""
    cols = highs.getSolution().col_value
    for var in variables:
        var.varValue = cols[var.index]


def _keep_stage1_takes(highs: Any, model: TimelineModel) -> None:
    """Raise the lower bound of every delivery column, and of every stock injection's, to its
    stage-1 value (see stage 2).

    The values are the plan's as PuLP's variables hold it, not the instance's last solution:
    after an escort unit-days goal that did not finish, that solution is the goal's stopped
    iterate (the stage-1 plan is kept), and stage 2 raised the deliveries to it and ended
    "Infeasible" (a goal whose interior point ended "Unknown" on a 6-place network, found by
    review on 2026-12-05; tests/test_timeline_min_escorts.py).
    """
    _bound_at_stage1(highs, [*model.deliver.values(), *model.injected.values()], floor=True)


def _bound_at_stage1(highs: Any, variables: list[Any], *, floor: bool) -> None:
    """Raise the lower bound (``floor``) or lower the upper bound of each variable's column to
    its stage-1 value as PuLP holds it (1e-9 relative of slack, within the column's bounds)."""
    cols = [var for var in variables if getattr(var, "index", None) is not None]
    if not cols:
        return
    index = np.array([var.index for var in cols], dtype=np.int32)
    missing = -np.inf if floor else np.inf
    values = np.array([missing if var.varValue is None else var.varValue for var in cols], dtype=float)
    lp = highs.getLp()
    lower = np.asarray(lp.col_lower_, dtype=float)[index]
    upper = np.asarray(lp.col_upper_, dtype=float)[index]
    slack = 1e-9 * np.maximum(1.0, np.abs(values))
    if floor:
        highs.changeColsBounds(len(index), index, np.minimum(np.maximum(lower, values - slack), upper), upper)
    else:
        highs.changeColsBounds(len(index), index, lower, np.maximum(np.minimum(upper, values + slack), lower))


def _keep_stage1(highs: Any, model: TimelineModel, value: float, *, vertex: bool,
                 delivery_only: bool = False) -> int:
    """Rows that keep stage 1's goal ``value`` for a later stage (stage 2, the escort goal);
    returns the goal row's index in HiGHS (the arc pricing of the escort goal reads its dual).

    ``delivery_only`` (the escort goals of ``min_escorts``): the goal row leaves out the flows'
    transit price and the convoys' unit-day price, and ``value`` is taken net of them (the
    plan's flows and convoys at stage 1's prices): fewer units on the busiest day may need more
    unit-days (smaller convoys on the quiet days), and fewer unit-days longer routes, which
    those prices in the row would forbid beyond its tolerance although the same fuel arrives
    (tests/test_timeline_min_escorts_peak.py, tests/test_timeline_min_escorts_delivery_only.py).
    The prices come back in the last goal, stage 1's objective under the escort goals. The
    value is kept by bounds (deliveries and injections at least, attacks' missed cargo at most
    their stage-1 values); the row is free (see the comment in the code).

    The goal row keeps stage 1's value within 1e-9 of it: a later stage must not move delivery
    between days (worth only the earliness bonus). A tighter 1e-12 left the row unsatisfiable
    within HiGHS's primal tolerance (its coefficients span 2e-8 to 1e4) and stage 2 ended
    "Unknown" on every back-test run. An interior optimum (``vertex`` False: no crossover) meets
    its rows only within HiGHS's 1e-7 primal tolerance: the row then allows 1e-8. With
    ``min_stock`` (a minimum) the row bounds it from above. Otherwise, within that tolerance
    stage 2 could still deliver later than stage 1 (the earliness bonus is smaller than it) to
    keep stock above the floor, which its cost values at the fuel's value per m3-day: a city
    then ran dry a day later than it should (12-day closure, found by an audit on 2026-12-03).
    So each delivery keeps at least its stage-1 value (:func:`_keep_stage1_takes`; less 1e-9
    relative, within the solver's tolerances; with 1e-6 stage 2 kept that much of each day's
    delivery in stock). So does each stock injection: its stage-1 reward (1e-6 per m3) is
    within the goal row's tolerance, and stage 2 gave up up to 1.2 m3 of an injection for
    security stock it shipped in the day before (random cases of
    tests/test_timeline_oracle_lp.py, 2026-12-03).
    """
    import highspy

    terms = dict(model.stage1.items())
    if delivery_only:
        priced = {*model.x.values(), *model.convoys.values()}
        value -= sum(c * (var.varValue or 0.0) for var, c in terms.items() if var in priced)
        terms = {var: c for var, c in terms.items() if var not in priced}
    idx = np.array([var.index for var in terms], dtype=np.int32)
    coefs = np.array(list(terms.values()))
    tol = (1e-9 if vertex else 1e-8) * abs(value) + 1e-6
    row = int(highs.getNumRow())
    if model.min_stock:
        highs.addRow(-highspy.kHighsInf, value + tol, len(idx), idx, coefs)
    elif delivery_only:
        # The delivery value kept by bounds alone: each delivery and injection at least, each
        # attack's missed cargo at most, its stage-1 value, which together keep the row's value
        # (to 1e-9 relative a column). With the row bounded as well, the row was all but implied
        # by the bounds and HiGHS's interior point ended "Solve error" with and without presolve
        # on the West-African back-test's unit-days goal (arc pricing round 5, 332 arcs), then
        # the dual simplex ran out of time (branch fix21, 2026-12-06); with the bounds alone it
        # solves in 17 s. The row is added free, for its index (the escort goals' pricing does
        # not read its dual: their flows enter no goal row).
        highs.addRow(-highspy.kHighsInf, highspy.kHighsInf, len(idx), idx, coefs)
        _keep_stage1_takes(highs, model)
        _keep_stage1_misses(highs, model)
    else:
        highs.addRow(value - tol, highspy.kHighsInf, len(idx), idx, coefs)
        _keep_stage1_takes(highs, model)
    return row


def _keep_stage1_misses(highs: Any, model: TimelineModel) -> None:
    """Lower the upper bound of every attack's missed-cargo column to its stage-1 value (plus
    1e-9 relative): with :func:`_keep_stage1_takes`, the bounds that keep stage 1's delivery
    value for the escort goals (see :func:`_keep_stage1`'s ``delivery_only``)."""
    _bound_at_stage1(highs, list(model.miss.values()), floor=False)


def _escort_unit_days(model: TimelineModel) -> dict[int, float]:
    """Column index -> coefficient of the escort unit-days: each convoy column x its stretch's
    round trip and rest (days), as the stage-1 convoy price counts them. The ``escorts_<t>``
    rows' left-hand sides summed are the same except at the horizon's end, where they drop the
    days of a round trip after the last day (which would make late convoys look cheaper)."""
    coefs: dict[int, float] = {}
    for (g, _), var in model.convoys.items():
        if getattr(var, "index", None) is not None:
            coefs[var.index] = coefs.get(var.index, 0.0) + model.round_trip_days[g]
    return coefs


def _min_escort_stage(highs: Any, model: TimelineModel, limit: float, *, vertex: bool,
                      goal_check: Callable[[TimelineModel, int | None, str], bool] | None = None,
                      unpresolved: set[str] | None = None) -> bool:  # fmt: skip
    """``min_escorts``: keep stage 1's delivery and minimise the escort unit-days (with
    ``model.min_escorts_peak``, first the escort units on the busiest day), then stage 1's
    objective again under them.

    Lexicographic, on the stage-1 instance: (0) stage 1's delivery value without its transit
    and unit-day prices is kept (:func:`_keep_stage1`'s ``delivery_only``): each delivery and
    stock injection at least its stage-1 value (as stage 2), each attack's missed cargo at
    most. With ``model.min_escorts_peak``: (1) the busiest day's units,
    a column ``P`` and a row ``use_t - P <= 0`` per day with escorts in use
    (``model.escort_use``), ``P`` minimised; its minimum is ``model.escort_peak_units`` and
    ``P``'s upper bound holds it (1e-6 relative, plus 1e-6). (2) The escort unit-days
    (:func:`_escort_unit_days`: convoys x round trip) minimised, held by a row (1e-6 relative,
    plus 1e-6). (3) Stage 1's whole objective (delivery, transit and unit-day prices)
    maximised again under those rows: the transit price, which only stops useless circulation,
    chooses among the plans left and never trades against the escort figures. Before
    2026-12-06 the unit-days goal kept stage 1's whole objective on its row, so it chose only
    among stage 1's near-ties: 250.85 unit-days on the embedded back-test where 246.46 deliver
    as much (tests/test_timeline_min_escorts_delivery_only.py).

    Each goal is solved by the interior point, without crossover on LPs of more than
    ``_GOAL_CROSSOVER_MAX_ROWS`` rows: the dual simplex from scratch does not finish on the
    back-test (as stage 2), the interior point does (BENCHMARKS.md); smaller ones end at a
    vertex (:func:`_goal_vertex`). Each gets as long as stage 1 was allowed (``limit``). When
    any goal does not end optimal the stage-1 plan is kept (the rows and bound of (1)-(2)
    released, so stage 2 can keep it) and ``model.escort_goal`` says "not finished".

    ``goal_check`` (the arc pricing's) is called once each goal of (1)-(2) is optimal, before
    anything is added to the instance (its duals are those of the goal's solution), with the
    model, the index of the delivery-only goal row of (0) and the goal's name
    (:data:`BUSIEST_DAY`, :data:`UNIT_DAYS`; not for (3), of :data:`UNCHECKED_GOALS`); when it returns
    False nothing more is done and False returned (the caller brings more arcs in and solves
    again). Otherwise True. ``unpresolved``: see :func:`solve_timeline`'s
    ``goals_without_presolve``.
    """
    import highspy

    delivery_row = _keep_stage1(highs, model, float(pulp.value(model.stage1) or 0.0), vertex=vertex,
                                delivery_only=True)  # fmt: skip
    # Small LPs end at a vertex (see _goal_vertex): at once without the arc pricing, after its
    # check with it (the check prices on the interior point's duals).
    small = highs.getNumRow() <= _GOAL_CROSSOVER_MAX_ROWS
    peak = held = None
    units = None
    if model.min_escorts_peak:
        peak = _add_peak_rows(highs, model)
        units, checked = _escort_goal(highs, model, {peak: 1.0}, limit, BUSIEST_DAY, delivery_row,
                                      small=small, goal_check=goal_check, unpresolved=unpresolved)  # fmt: skip
        if units is None:
            return checked and _goal_not_finished(highs, model, peak)
        highs.changeColBounds(peak, 0.0, units + 1e-6 * abs(units) + 1e-6)
    coefs = _escort_unit_days(model)
    unit_days, checked = _escort_goal(highs, model, coefs, limit, UNIT_DAYS, delivery_row, small=small,
                                      goal_check=goal_check, unpresolved=unpresolved)  # fmt: skip
    if unit_days is None:
        return checked and _goal_not_finished(highs, model, peak)
    if coefs:
        held = int(highs.getNumRow())
        index = np.array(sorted(coefs), dtype=np.int32)
        highs.addRow(-highspy.kHighsInf, unit_days + 1e-6 * abs(unit_days) + 1e-6, len(index), index,
                     np.array([coefs[i] for i in index]))  # fmt: skip
    # Stage 1's prices (delivery, transit, unit-days: maximised, so the costs of HiGHS's
    # minimising form are their negatives) under the held escort figures.
    prices = {var.index: -c for var, c in model.stage1.items() if getattr(var, "index", None) is not None}
    negated, checked = _escort_goal(highs, model, prices, limit, UNDER_ESCORT_GOALS, None, small=small,
                                    goal_check=goal_check, unpresolved=unpresolved)  # fmt: skip
    if negated is None:
        return checked and _goal_not_finished(highs, model, peak, held)
    highs.setOptionValue("run_crossover", "off")
    _load_solution(highs, model.columns or model.problem.variables())
    if units is not None:
        model.escort_peak_units = max(units, 0.0)  # interior-point round-off: -1.6e-9 units seen
    model.escort_goal = "solved"
    return True


def _escort_goal(highs: Any, model: TimelineModel, coefs: dict[int, float], limit: float, name: str,
                 goal_row: int | None, *, small: bool,
                 goal_check: Callable[[TimelineModel, int | None, str], bool] | None,
                 unpresolved: set[str] | None = None) -> tuple[float | None, bool]:  # fmt: skip
    """One goal of :func:`_min_escort_stage` (``name``, objective ``coefs`` minimised): solved
    (:func:`_run_goal`), checked by ``goal_check`` with ``goal_row``, on small LPs then taken to a
    vertex (:func:`_goal_vertex`); a goal of :data:`UNCHECKED_GOALS` is not checked. Returns
    ``(value, True)``; ``(None, True)`` when the goal did not end optimal; ``(None, False)``
    when ``goal_check`` found arcs left out that improve it."""
    check = goal_check if name not in UNCHECKED_GOALS else None
    value = _run_goal(highs, model, coefs, limit, name, crossover=small and check is None,
                      unpresolved=unpresolved)  # fmt: skip
    if value is None:
        return None, True
    if check is not None and not check(model, goal_row, name):
        return None, False
    if small and check is not None:
        value = _goal_vertex(highs, model, coefs, value, what=name)
    return value, True


def _add_peak_rows(highs: Any, model: TimelineModel) -> int:
    """The busiest-day goal's column ``P`` (>= 0, cost 0) and its rows ``use_t - P <= 0``, one
    per day with escorts in use (the terms of ``model.escort_use[t]``), added to the instance;
    returns ``P``'s column index. Only convoy columns and ``P`` enter these rows (the arc
    pricing of flows left out does not read them)."""
    import highspy

    peak = int(highs.getNumCol())
    highs.addCol(0.0, 0.0, highspy.kHighsInf, 0, np.array([], dtype=np.int32), np.array([], dtype=float))
    for terms in model.escort_use:
        row: dict[int, float] = {}
        for var, coef in terms:
            if getattr(var, "index", None) is not None:
                row[var.index] = row.get(var.index, 0.0) + coef
        if not row:
            continue
        row[peak] = -1.0
        index = np.array(sorted(row), dtype=np.int32)
        highs.addRow(-highspy.kHighsInf, 0.0, len(index), index, np.array([row[i] for i in index]))
    return peak


def _run_goal(highs: Any, model: TimelineModel, coefs: dict[int, float], limit: float, name: str, *,
              crossover: bool, unpresolved: set[str] | None = None) -> float | None:  # fmt: skip
    """The escort goal ``name``: minimise ``sum coefs[i] x col_i`` on the instance (every other column's cost 0) by the
    interior point (with HiGHS's crossover when ``crossover``), with the retries without
    presolve; the goal gets ``limit`` seconds from now. Returns the objective's value, or None
    (a warning logged) when the goal did not end optimal. A goal named in ``unpresolved`` runs
    without presolve from the start (then only the dual simplex is left to retry with); one
    that fails presolved and is solved without is added to it (see :func:`solve_timeline`'s
    ``goals_without_presolve``)."""
    import highspy

    ncols = highs.getNumCol()
    costs = np.zeros(ncols)
    for i, c in coefs.items():
        costs[i] = c
    highs.changeObjectiveSense(highspy.ObjSense.kMinimize)
    highs.changeColsCost(ncols, np.arange(ncols, dtype=np.int32), costs)
    stage1_s = float(highs.getRunTime())
    highs.setOptionValue("time_limit", stage1_s + limit)
    highs.setOptionValue("solver", "ipm")
    highs.setOptionValue("run_crossover", "on" if crossover else "off")
    bare = unpresolved is not None and name in unpresolved
    what = f"The {name} goal of timeline {model.timeline.name!r}"
    if bare:
        logger.info("%s: solved without presolve, as its presolved interior point failed in an "
                    "earlier round", what)  # fmt: skip
        highs.setOptionValue("presolve", "off")
    highs.clearSolver()
    run_interruptible(highs)
    failed = highs.getModelStatus() not in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kTimeLimit)
    # As stage 1's retries (see solve_timeline): IPX failed on the presolved goal LP of West
    # Africa's back-test on the 307 arcs the pricing needed ("Solve error" after 14 iterations,
    # a singular starting basis; measured 2026-12-05) and solved it without. On a 6-place
    # network (10 of its 14 arcs, the arc pricing's second round) the goal ended "Unknown" both
    # ways (presolved: an interior optimum whose postsolved duals missed the objective by 1e-5;
    # without: "no progress") where the dual simplex solves it (found by review, 2026-12-05).
    _again_without_presolve(highs, what, ("simplex",) if bare else ("ipm", "simplex"))
    if failed and not bare and unpresolved is not None and highs.getModelStatus() == highspy.HighsModelStatus.kOptimal:
        unpresolved.add(name)
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        logger.warning("%s returned %s; keeping the stage-1 plan (its escort units are not the "
                       "fewest)", what, highs.modelStatusToString(highs.getModelStatus()))  # fmt: skip
        return None
    cols = np.asarray(highs.getSolution().col_value, dtype=float)
    value = float(sum(cols[i] * c for i, c in coefs.items()))
    logger.info("Timeline %s goal: %s in %.2f s, %.6g", name, highs.modelStatusToString(highs.getModelStatus()),
                float(highs.getRunTime()) - stage1_s, value)  # fmt: skip
    return value


def _goal_not_finished(highs: Any, model: TimelineModel, peak: int | None, held: int | None = None) -> bool:
    """An escort goal that did not end optimal: the stage-1 plan is kept (PuLP's variables still
    hold it), ``P`` (``peak``, the busiest-day goal's column) unbounded again and the row
    holding the unit-days (``held``) released, so that stage 2 can keep that plan, and
    ``model.escort_goal`` "not finished"; returns True."""
    import highspy

    if peak is not None:
        highs.changeColBounds(peak, 0.0, highspy.kHighsInf)
    if held is not None:
        highs.changeRowBounds(held, -highspy.kHighsInf, highspy.kHighsInf)
    model.escort_peak_units = None
    model.escort_goal = "not finished"
    return True


def _goal_vertex(highs: Any, model: TimelineModel, coefs: dict[int, float], unit_days: float, *,
                 what: str = UNIT_DAYS) -> float:
    """An escort goal (``what``; its objective ``coefs``, its interior optimum's value
    ``unit_days``) solved again by the interior point with HiGHS's crossover, to a vertex
    optimum, after the arc pricing's check; returns the goal's value at the solution the
    instance holds afterwards.

    The interior point without crossover stops at a relative gap to a dual objective of about
    1e5 x stage 1's value (the goal row's dual is 1 / the 1e-5 price of a unit-day), so its
    unit-days were 1e-4 relative above the optimum on a 6-place network and 5e-6 on the
    back-test's first 14 to 60 days (found by review, 2026-12-05). With the arc pricing the
    crossover comes after its check, whose central duals price the arcs left out: a vertex's
    duals of this degenerate LP brought arcs in a few at a time (8 rounds instead of 4 on the
    back-test's first 14 days, and its last stage 2 ended "Infeasible"). HiGHS's
    ``crossover(solution)`` from the interior optimum crashed (segmentation fault, highspy
    1.16), hence the second solve. When it does not end optimal, the interior optimum is put
    back.
    """
    import highspy

    interior = highs.getSolution()
    start = float(highs.getRunTime())
    highs.setOptionValue("run_crossover", "on")
    highs.clearSolver()
    run_interruptible(highs)
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        logger.info("The crossover of the %s goal of timeline %r returned %s; its "
                    "interior optimum is kept", what, model.timeline.name,
                    highs.modelStatusToString(highs.getModelStatus()))  # fmt: skip
        highs.setSolution(interior)
        return unit_days
    cols = np.asarray(highs.getSolution().col_value, dtype=float)
    vertex = float(sum(cols[i] * c for i, c in coefs.items()))
    logger.info("Timeline %s goal: crossover to a vertex in %.2f s, %.6g "
                "(%.3g relative below the interior point's)", what, float(highs.getRunTime()) - start,
                vertex, (unit_days - vertex) / max(abs(unit_days), 1e-12))  # fmt: skip
    return vertex


def _use_solver(highs: Any, solver: str) -> None:
    """Select HiGHS's ``solver``; ``"simplex"`` is the dual simplex, by name.

    A stage 1 warm-started by the primal simplex (``start_basis``) leaves simplex_strategy at 4
    on its instance; stage 2 and the retries, meant for the dual simplex, then ran the primal
    one (myopic re-plans with arcs priced in, Guinean ambushes, 20 days of the embedded network
    at 4.3 driving hours a day, found 2026-12-08; there both ended "Unknown" on that instance:
    see :func:`_from_scratch` and :func:`_tighter_primal_tolerance` for what solved them).
    """
    highs.setOptionValue("solver", solver)
    if solver == "simplex":
        highs.setOptionValue("simplex_strategy", 1)  # dual


def _from_scratch(highs: Any) -> None:
    """Make the instance's next run start from nothing: its own LP passed to it again.

    ``clearSolver`` drops the basis and solution but not all of the solver's state: stage 2 of
    a myopic re-plan (arcs priced in, Guinean ambushes, 20 days of the embedded network at 4.3
    driving hours a day) ended "Unknown" on that instance from scratch, with and without
    presolve, with the cost perturbation off and with another random seed, at an objective 0.2 %
    below the optimum, where the same LP passed to the instance again (or to a new one) solved
    to "Optimal" in 1,000 dual simplex iterations (found 2026-12-08). Passing the LP again costs
    a copy of it, nothing next to a solve; the columns and rows keep their order, so PuLP's
    indices still address them.
    """
    highs.passModel(highs.getLp())


#: Primal feasibility tolerance of stage 2's last try (HiGHS's default is 1e-7).
_TIGHT_PRIMAL_TOLERANCE = 1e-8


def _tighter_primal_tolerance(highs: Any, what: str) -> None:
    """Run the instance once more from scratch, presolved, with the primal feasibility tolerance
    at :data:`_TIGHT_PRIMAL_TOLERANCE` (set back afterwards), logging the retry (info).

    Stage 2's last try. HiGHS 1.16's dual simplex ended some stage-2 LPs "Unknown": optimal
    while its costs were perturbed, then primal infeasibilities (9-11 rows, 430-2,240 m3 in all)
    once they were not, which it stopped on instead of cleaning up, from stage 1's basis, from
    scratch and without presolve alike; with the cost perturbation off, another random seed,
    the primal simplex or the interior point as well. With the tolerance at 1e-8 (or 1e-9) the
    presolved dual simplex solved each to "Optimal" in under 1,000 iterations (myopic re-plans
    with arcs priced in, Guinean ambushes, 20 days of the embedded network at 4.3 driving
    hours a day; 4 such LPs, 2026-12-08). A tighter tolerance only makes the plan more
    feasible. What the LPs share is stage 1's goal row (coefficients from 5e-8 to 3e3).
    """
    logger.info("%s returned %s; solving it again with a primal feasibility tolerance of %g", what,
                highs.modelStatusToString(highs.getModelStatus()), _TIGHT_PRIMAL_TOLERANCE)  # fmt: skip
    before = float(highs.getOptionValue("primal_feasibility_tolerance")[1])
    highs.setOptionValue("primal_feasibility_tolerance", _TIGHT_PRIMAL_TOLERANCE)
    highs.setOptionValue("presolve", "choose")
    try:
        _from_scratch(highs)
        run_interruptible(highs)
    finally:
        highs.setOptionValue("primal_feasibility_tolerance", before)


def _again_without_presolve(highs: Any, what: str, solvers: tuple[str | None, ...]) -> None:
    """While the instance's last run ended neither optimal nor at the time limit, run it again
    without presolve with each of ``solvers`` in turn (``"ipm"``, ``"simplex"``; None: the
    solver it has), logging each retry (info, a second one a warning); presolve is set back to
    HiGHS's default afterwards. The escort goal's and stage 2's retries (stage 1's, in
    :func:`solve_timeline`, also resets the time limit and reads the plan)."""
    import highspy

    for k, solver in enumerate(solvers):
        if highs.getModelStatus() in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kTimeLimit):
            break
        how = {"ipm": " with the interior point", "simplex": " with the dual simplex"}.get(solver or "", "")
        logger.log(logging.INFO if k == 0 else logging.WARNING, "%s returned %s; solving it again%s "
                   "without presolve", what, highs.modelStatusToString(highs.getModelStatus()), how)  # fmt: skip
        if solver is not None:
            _use_solver(highs, solver)
        highs.setOptionValue("presolve", "off")
        _from_scratch(highs)
        run_interruptible(highs)
    highs.setOptionValue("presolve", "choose")


def load_into_highs(model: TimelineModel) -> Any:
    """A HiGHS instance holding the model's LP (PuLP's order of columns and rows), unsolved.

    For re-solving one built model many times from a basis (``stress timeline-mc --warm``,
    ``stress closure-days --warm``): the columns and rows get PuLP's ``index`` as in
    :func:`solve_timeline`, so ``model.x[...].index`` addresses HiGHS's columns.

    Parameters
    ----------
    model : TimelineModel

    Returns
    -------
    highspy.Highs
        Also set as ``model.problem.solverModel``; its log is off.

    Examples
    --------
    >>> import datetime
    >>> from supplychain.networks import build_network
    >>> from supplychain.models import load_model_parameters
    >>> from supplychain.models.timeexp import build_timeline_model
    >>> from supplychain.models.timeline import Timeline
    >>> m = build_timeline_model(build_network(), load_model_parameters(),
    ...                          Timeline("calm", "", datetime.date(2026, 1, 1), 3))
    >>> load_into_highs(m).getNumCol() == len(m.problem.variables())
    True
    """
    import highspy

    quiet_highs_banner()
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    model.problem.solverModel = h
    _HiGHSOneCall(msg=False).buildSolverModel(model.problem)
    return h


def basis_codes(basis: Any) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """A HiGHS basis as column and row status codes: picklable, to send to worker processes.

    Parameters
    ----------
    basis : highspy.HighsBasis

    Returns
    -------
    tuple of (tuple of int, tuple of int)
        Column and row statuses (``highspy.HighsBasisStatus`` values).

    Examples
    --------
    >>> basis_codes(basis_from_codes([1, 0], [1]))
    ((1, 0), (1,))
    """
    return (tuple(int(c) for c in basis.col_status), tuple(int(r) for r in basis.row_status))


def basis_from_codes(cols: Sequence[int], rows: Sequence[int]) -> Any:
    """The HiGHS basis of :func:`basis_codes`' status codes.

    Parameters
    ----------
    cols, rows : sequence of int

    Returns
    -------
    highspy.HighsBasis
        Marked valid.

    Examples
    --------
    >>> basis_from_codes([1, 0], [1]).valid
    True
    """
    import highspy

    basis = highspy.HighsBasis()
    basis.col_status = [highspy.HighsBasisStatus(c) for c in cols]
    basis.row_status = [highspy.HighsBasisStatus(r) for r in rows]
    basis.valid = True
    return basis


def warm_instance(model: TimelineModel, codes: tuple[Sequence[int], Sequence[int]] | None, *,
                  time_limit_s: float) -> tuple[Any, Any]:  # fmt: skip
    """The model in HiGHS, started from a basis another process found optimal for it.

    Loads the LP (:func:`load_into_highs`), selects the dual simplex (a bound or right-hand
    side changed later keeps the basis dual feasible) and solves once from the basis, which
    takes no pivot. Every later re-solve (:func:`rerun_from`) thus follows a run: the first run
    of a fresh instance from a basis with bounds already changed stopped on "Dual simplex
    detected excessive primal values" (HiGHS 1.16, a 60-day corridor closure), where the same
    change after this run solved. Used by ``stress timeline-mc --warm`` and ``stress
    closure-days --warm`` in every worker, so a re-solve gives the same figures whichever
    process runs it.

    Parameters
    ----------
    model : TimelineModel
    codes : tuple of (sequence of int, sequence of int) or None
        From :func:`basis_codes`; None: no basis (the instance is only loaded).
    time_limit_s : float

    Returns
    -------
    (highspy.Highs, highspy.HighsBasis or None)

    Examples
    --------
    >>> import datetime
    >>> from supplychain.networks import build_network
    >>> from supplychain.models import load_model_parameters
    >>> from supplychain.models.timeexp import build_timeline_model
    >>> from supplychain.models.timeline import Timeline
    >>> m = build_timeline_model(build_network(), load_model_parameters(),
    ...                          Timeline("calm", "", datetime.date(2026, 1, 1), 3))
    >>> h, basis = warm_instance(m, None, time_limit_s=10.0)
    >>> basis is None
    True
    """
    highs = load_into_highs(model)
    if codes is None:
        return highs, None
    basis = basis_from_codes(*codes)
    dual_from(highs, basis, time_limit_s=time_limit_s)
    return highs, basis


def dual_from(highs: Any, basis: Any, *, time_limit_s: float) -> None:
    """Select the dual simplex (a bound or right-hand side changed later keeps the basis dual
    feasible) and re-run from ``basis`` (:func:`rerun_from`): how the warm re-solves start.

    Parameters
    ----------
    highs : highspy.Highs
    basis : highspy.HighsBasis
    time_limit_s : float

    Examples
    --------
    >>> from supplychain.models._examples import x_plus_y_highs
    >>> h = x_plus_y_highs()
    >>> _ = h.run()
    >>> dual_from(h, h.getBasis(), time_limit_s=10.0)
    >>> h.getInfo().simplex_iteration_count, h.getOptionValue("simplex_strategy")[1]
    (0, 1)
    """
    _use_solver(highs, "simplex")
    rerun_from(highs, basis, time_limit_s=time_limit_s)


def rerun_from(highs: Any, basis: Any, *, time_limit_s: float) -> None:
    """Restore ``basis`` and solve again within ``time_limit_s`` (HiGHS counts its limit from
    the instance's first run, so the limit is set past the time used so far).

    The solver's state is cleared first (``clearSolver``: the model and its bounds stay), so
    the re-solve starts from ``basis`` alone and not from what the previous run left (its
    factorisation and pricing weights): before 2026-12-03 the same ``stress timeline-mc
    --warm`` draw took 406 dual iterations on a fresh worker and 600 after other draws (30
    days, embedded network), its figures differed by 1e-11 m3, and near the iteration cap
    its method too, so the table depended on the worker count, the chunks and a resume.

    Parameters
    ----------
    highs : highspy.Highs
    basis : highspy.HighsBasis
    time_limit_s : float

    Examples
    --------
    Maximise x + y with x + y <= 4 and both in [0, 3]; from the optimal basis the re-run
    takes no simplex iteration:

    >>> from supplychain.models._examples import x_plus_y_highs
    >>> h = x_plus_y_highs()
    >>> _ = h.run()
    >>> rerun_from(h, h.getBasis(), time_limit_s=10.0)
    >>> h.getInfo().objective_function_value, h.getInfo().simplex_iteration_count
    (-4.0, 0)
    """
    highs.clearSolver()
    highs.setBasis(basis)
    highs.setOptionValue("time_limit", float(highs.getRunTime()) + time_limit_s)
    # Most of these re-solves are short (a few ms: ``closure-days --warm``, ``stress timeline-mc
    # --warm`` near the base), Ctrl-C stops between them, and a solve in its own thread
    # (run_interruptible) costs about 2 ms more (the 30-day back-test, embedded network: 2.9 ms
    # against 4.6-5.7 ms; measured 2026-12-05). Some take seconds (timeline-mc's draws at the
    # observed attack rate): a SIGTERM then waited for the draw past the command's 5 s grace,
    # which ended it without releasing the sweep's lock (readme33). So an instance whose last
    # re-solve took longer than _SLOW_RERUN_S (or that has not re-solved yet) re-solves in the
    # solver thread, which Ctrl-C and SIGTERM stop; the plan is the same either way.
    started = time.perf_counter()
    if _last_rerun_s.get(highs, _SLOW_RERUN_S) >= _SLOW_RERUN_S:
        run_interruptible(highs)
    else:
        highs.run()
    _last_rerun_s[highs] = time.perf_counter() - started


#: Seconds from which a re-solve of :func:`rerun_from` makes the next one of its instance run
#: where Ctrl-C stops it (an assumption: the thread's 2 ms are then at most 0.4 % more, and the
#: myopic draws' re-plans, 0.1-0.2 s each and several a draw, keep their speed; a Ctrl-C waits
#: at most for one re-solve after one shorter than this).
_SLOW_RERUN_S = 0.5
#: Each HiGHS instance's last :func:`rerun_from` time, in seconds.
_last_rerun_s: weakref.WeakKeyDictionary[Any, float] = weakref.WeakKeyDictionary()


def timeline_time_limit(params: Any, time_limit_s: float | None = None) -> float:
    """The seconds a timeline's solve gets: ``time_limit_s`` when given, else the longer of the
    parameter file's ``[solver] time_limit_s`` and :data:`TIMELINE_TIME_LIMIT_S`.

    The command line (``timeline``, ``run``'s timeline, ``stress closure-days``,
    ``stress timeline-mc``) and the Python functions (:func:`solve_timeline`,
    :func:`~supplychain.models.timeexp_price.solve_priced`,
    :func:`~supplychain.models.timeexp_mip.solve_integer_convoys`,
    :func:`~supplychain.scenarios.timeline_stress.closure_days` with its warm re-solves,
    :meth:`~supplychain.scenarios.timeline_mc.TimelineMCContext.create`) use the same default;
    before 2026-12-05 the Python functions took the steady-state's 60 s where the command took
    600 s.

    Parameters
    ----------
    params : ModelParameters
        Its ``time_limit_s`` (the steady-state LP's limit, 60 s in ``models/model.toml``).
    time_limit_s : float, optional
        Given by the caller (checked by the solve functions); returned as a float.

    Returns
    -------
    float
        Seconds.

    Examples
    --------
    >>> from supplychain.models import load_model_parameters
    >>> params = load_model_parameters()
    >>> params.time_limit_s, timeline_time_limit(params), timeline_time_limit(params, 30)
    (60.0, 600.0, 30.0)
    """
    if time_limit_s is not None:
        return float(time_limit_s)
    return max(float(params.time_limit_s), TIMELINE_TIME_LIMIT_S)


def _check_time_limit(time_limit_s: object) -> None:
    """Refuse a time limit given in code that is not above 0 seconds: -1 and NaN ran with no
    limit at all (HiGHS refused the option and kept its default), 0 ended at once with no plan."""
    if time_limit_s is None:
        return
    message = (f"time_limit_s = {time_limit_s!r}: give seconds above 0 (math.inf for no limit), or "
               "None for the default (the longer of 600 s and the parameter file's [solver] time_limit_s)")  # fmt: skip
    # A wrong type is an ArgumentTypeError as README says ("60" was an ArgumentError); numpy's
    # numbers are numbers (np.int64(60) was refused).
    if isinstance(time_limit_s, bool) or not isinstance(time_limit_s, numbers.Real):
        raise ArgumentTypeError(message)
    if not float(time_limit_s) > 0:
        raise ArgumentError(message)


#: Rows above which a timeline model is warned about before its solve (:func:`warn_large_model`):
#: an assumption drawn from one machine's measurements of the embedded network through
#: ``supplychain timeline`` (2 shared cores at load 2-5, BENCHMARKS.md "Long horizons of the
#: embedded network", helper user36, 2026-12-07): 1,000 days, 103,979 rows, solved in 94 s;
#: 3,650 days, 379,579 rows, had no plan after the 600 s limit (11 minutes, 4.2 GB). From 365
#: to 1,000 days the solve time grew about as the rows to the power 1.5, which puts 200,000
#: rows (about 1,900 days of the embedded network) near 250 s: about twice the largest LP known
#: to solve, half the one known not to. Other networks, machines and options differ (whole
#: convoys, a MIP, are slower); the warning never stops the run.
_LARGE_MODEL_ROWS = 200_000


def warn_large_model(model: TimelineModel, time_limit_s: float | None = None, *,
                     advice: str = "shorten --days, or raise --time-limit") -> bool:
    """Warn in one line, before the solve, when a timeline model has more rows than is known to
    solve within the time limit (:data:`_LARGE_MODEL_ROWS`, an assumption from the embedded
    network's measurements): it may run the whole limit and end without a plan. The run is
    never stopped.

    Parameters
    ----------
    model : TimelineModel
        As :func:`~supplychain.models.timeexp.build_timeline_model` built it.
    time_limit_s : float, optional
        The limit the solve gets, for the message; None: the default
        (:func:`timeline_time_limit`).
    advice : str, default "shorten --days, or raise --time-limit"
        What the caller's user can change, ending the line.

    Returns
    -------
    bool
        Whether it warned.

    Raises
    ------
    ArgumentError
        If ``time_limit_s`` is not above 0 seconds (an
        :class:`~supplychain.errors.ArgumentTypeError` if it is not a number or ``model`` not a
        :class:`~supplychain.models.timeexp.TimelineModel`).

    Examples
    --------
    >>> import datetime
    >>> from supplychain.models._examples import example_params, port_city
    >>> from supplychain.models.timeexp import build_timeline_model
    >>> from supplychain.models.timeline import Timeline
    >>> m = build_timeline_model(port_city(), example_params(), Timeline("calm", "", datetime.date(2026, 1, 1), 3))
    >>> warn_large_model(m)
    False
    """
    from supplychain.models.timeexp import TimelineModel

    if not isinstance(model, TimelineModel):
        raise ArgumentTypeError(f"model is a {type(model).__name__}; give the TimelineModel that "
                                "build_timeline_model(graph, params, timeline) returns")  # fmt: skip
    _check_time_limit(time_limit_s)
    rows = len(model.problem.constraints)
    if rows <= _LARGE_MODEL_ROWS:
        return False
    limit = timeline_time_limit(model.params, time_limit_s)
    logger.warning("Timeline '%s': %s days, %s rows, more than the %s past which no plan within "
                   "the time limit is known (an assumption: on the embedded network 1,000 days, "
                   "103,979 rows, solved in 94 s; 3,650 days, 379,579 rows, had none after 600 s: "
                   "BENCHMARKS.md \"Long horizons\"); this solve may run its whole %s s and end "
                   "without a plan: %s", model.timeline.name, f"{model.days:,}", f"{rows:,}",
                   f"{_LARGE_MODEL_ROWS:,}", f"{limit:,g}", advice)  # fmt: skip
    return True


def cost_goal_runs(rows: int) -> bool:
    """Whether :func:`solve_timeline` (``lexicographic``, no ``polish`` given) runs the cost
    goal on an LP of ``rows`` rows: at most 2,500 rows, or with ``SUPPLYCHAIN_TIMELINE_POLISH``
    or ``SUPPLYCHAIN_TIMELINE_CROSSOVER`` set; else it is skipped (the dual simplex without a
    basis does not finish).

    Parameters
    ----------
    rows : int
        The LP's rows (constraints).

    Returns
    -------
    bool

    Examples
    --------
    >>> import os
    >>> env = {k: os.environ.pop(k, None) for k in (POLISH_ENV, CROSSOVER_ENV)}
    >>> cost_goal_runs(2500), cost_goal_runs(7069)
    (True, False)
    >>> os.environ.update({k: v for k, v in env.items() if v is not None})
    """
    return rows <= _POLISH_MAX_ROWS or _switched_on(POLISH_ENV) or _switched_on(CROSSOVER_ENV)


def _switched_on(name: str) -> bool:
    """Whether the environment variable ``name`` says on (:func:`~._switches.env_switch`)."""
    return env_switch(name) is True


@paused()  # PuLP's objects: see supplychain._gc
def solve_timeline(
    model: TimelineModel,
    *,
    time_limit_s: float | None = None,
    lexicographic: bool = True,
    crossover: bool | None = None,
    polish: bool | None = None,
    stage1_check: Callable[[TimelineModel], bool] | None = None,
    goal_check: Callable[[TimelineModel, int | None, str], bool] | None = None,
    start_basis: Callable[[list[Any], list[str]], Any] | None = None,
    warm_iteration_cap: int | None = None,
    progress: bool = False,
    goals_without_presolve: set[str] | None = None,
) -> TimelineResult:
    """Solve both goals with HiGHS and read the solution.

    Stage 1 goes through PuLP's HiGHS interface; stage 2 re-uses the HiGHS instance PuLP
    built (new costs and one extra row, warm start) instead of rebuilding the model.

    Parameters
    ----------
    model : TimelineModel
    time_limit_s : float, optional
        For stage 1; default :func:`timeline_time_limit` (the longer of 600 s and the
        parameter file's ``[solver] time_limit_s``), as on the command line.
    lexicographic : bool, default True
        Run stage 2 (cost, security floors); without it delivery is right but routes, stocks
        above need and timing among equal plans are arbitrary.
    crossover : bool, optional
        Run HiGHS's crossover after the interior point (a vertex solution; several times
        slower on long horizons). Default off, or on when the environment variable
        ``SUPPLYCHAIN_TIMELINE_CROSSOVER`` is ``1``.
    polish : bool, optional
        Whether stage 2 runs when ``lexicographic`` is true. Default: always after a crossover
        (a basis to start from); after the interior point without
        crossover only on LPs of at most 2,500 rows (up to 22 days of the embedded back-test),
        because without a basis the dual simplex does not finish on larger ones and its
        attempt cost at least 5 s for nothing (the stage-1 plan is then kept, with an info
        line saying so). ``True`` always tries (within half of stage 1's time, at least 5 s);
        so does the environment variable ``SUPPLYCHAIN_TIMELINE_POLISH=1``.
    stage1_check : callable, optional
        Called with the model after an optimal stage 1 (HiGHS's instance still holding its
        duals); when it returns False stage 2 is skipped and a result without a plan returned,
        the plan not read (used by :func:`~supplychain.models.timeexp_price.solve_priced` to
        price arcs left out, which solves again with more arcs).
    goal_check : callable, optional
        With ``model.min_escorts``: called with the model, the index of the goal row the goal
        keeps (stage 1's delivery value without the transit and unit-day prices) and the goal's
        name once an escort goal is optimal, except those of :data:`UNCHECKED_GOALS` (HiGHS's
        instance holding that goal's duals; see
        ``_min_escort_stage``); when it returns False, as with ``stage1_check``, a result
        without a plan is returned (used by
        :func:`~supplychain.models.timeexp_price.solve_priced` to price arcs left out for
        that goal).
    start_basis : callable, optional
        Warm start: called with the model's columns (PuLP's variables, in HiGHS's order) and
        row names once the LP is in HiGHS; the ``highspy.HighsBasis`` it returns starts HiGHS's
        primal simplex (stage 1 then ends at a vertex, as with ``crossover``). When it returns
        None or HiGHS refuses the basis, the interior point with crossover runs instead. Used
        by :func:`~supplychain.models.timeexp_price.solve_priced` from the previous round's
        basis: after columns are added, that basis stays primal feasible.
    warm_iteration_cap : int, optional
        With ``start_basis``: the primal simplex iterations the warm start may take; when it
        needs more, the result has status ``iteration_limit`` and no plan
        (``model.stage1_vertex`` is False), and the caller solves from scratch. Iterations
        rather than seconds, so that the path, and the plan among equal optima, do not depend
        on the machine's speed.
    progress : bool, default False
        With whole convoys (``model.integer_convoys``), a progress bar on stderr (see
        :func:`~supplychain.models.timeexp_mip.solve_integer_convoys`, which runs up to the
        time limit). The LP path shows none: it takes seconds, and its interior point reports
        nothing on the way.
    goals_without_presolve : set of str, optional
        With ``model.min_escorts``: the escort goals (by name, e.g. :data:`BUSIEST_DAY`) to
        solve without presolve from the start; a goal whose presolved interior point ends
        neither optimal nor at the time limit and is then solved without presolve is added to
        it. :func:`~supplychain.models.timeexp_price.solve_priced` shares one set between its
        rounds: on the West-African back-test the busiest-day goal's presolved interior point
        failed in every round after the fourth, and its round-7 LP took 132 s failing first and
        36 s without presolve (2026-12-06, BENCHMARKS.md), where on the embedded back-test
        presolve is faster (14 s against 18-20 s), hence no rule by size.

    Returns
    -------
    supplychain.models.timeline_result.TimelineResult
        A status other than ``optimal`` comes with an explanation.

    Raises
    ------
    ArgumentError
        If ``time_limit_s`` is not above 0 seconds (an
        :class:`~supplychain.errors.ArgumentTypeError` if it is not a number, ``model`` not a
        :class:`~supplychain.models.timeexp.TimelineModel`, or ``stage1_check``,
        ``goal_check`` or ``start_basis`` not a function).

    Examples
    --------
    A port and a city needing 30 m³/day one day's drive away, its tank full (7 days of demand)
    on day 0: over 3 days it is served from its stock, which stays above the floor (3 days of
    demand), so no fuel needs to move.

    >>> import datetime
    >>> import networkx as nx
    >>> from supplychain.models.params import FleetParameters, ModelParameters
    >>> from supplychain.models.timeexp import build_timeline_model
    >>> from supplychain.models.timeline import Timeline
    >>> g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    >>> g.add_node("P", name="Port", role="port", supply_m3_per_day=100.0)
    >>> g.add_node("C", name="Kayes", role="city", demand_m3_per_day=30.0)
    >>> _ = g.add_edge("P", "C", segment_id="R", capacity_trucks_per_day=20.0, length_km=1.0,
    ...                travel_time_h=12.0)
    >>> fleet = FleetParameters(True, 10.0, 12.0, 0.0, 0.0, 0.0)
    >>> params = ModelParameters(1.0, {}, (), 1.0, 1.0, "XOF", fleet)
    >>> m = build_timeline_model(g, params, Timeline("calm", "", datetime.date(2026, 1, 1), 3))
    >>> r = solve_timeline(m)
    >>> r.status, r.cities["Kayes"]["delivered"].round(6).tolist()
    ('optimal', [30.0, 30.0, 30.0])
    >>> r.cities["Kayes"]["stock"].round(6).tolist()
    [210.0, 180.0, 150.0, 120.0]
    """
    import highspy

    from supplychain.models.timeexp import TimelineModel
    from supplychain.models.timeline_result import TimelineResult, read_result

    if not isinstance(model, TimelineModel):  # None met an AttributeError (fuzz33)
        raise ArgumentTypeError(f"model is a {type(model).__name__}; give the TimelineModel that "
                                "build_timeline_model(graph, params, timeline) returns")  # fmt: skip
    _check_time_limit(time_limit_s)
    # A hook that is not a function failed with "'str' object is not callable" after the
    # first solve (fuzz35).
    hooks = {"stage1_check": stage1_check, "goal_check": goal_check, "start_basis": start_basis}
    if wrong := [f"{name} is a {type(hook).__name__}; give a function or None"
                 for name, hook in hooks.items() if hook is not None and not callable(hook)]:  # fmt: skip
        raise ArgumentTypeError("solve_timeline's arguments are not valid", problems=wrong)
    if model.integer_convoys:  # whole convoys: MIP start from the LP, then branch and bound
        from supplychain.models.timeexp_mip import solve_integer_convoys

        return solve_integer_convoys(model, time_limit_s=time_limit_s, lexicographic=lexicographic,
                                     progress=progress)  # fmt: skip
    quiet_highs_banner()
    limit = timeline_time_limit(model.params, time_limit_s)
    model.time_limit_s = limit
    if crossover is None:
        crossover = _switched_on(CROSSOVER_ENV)
    start = time.perf_counter()
    # The LP is large and hugely degenerate (many days of equal-value plans). HiGHS's interior
    # point finds its optimum in a few seconds; the crossover to a vertex then takes ten times
    # as long (181-day back-test, measured 2026-12-01: 73 IPM iterations ~6 s, crossover 81,081
    # simplex iterations ~59 s; without crossover 5-7 s, objective within 2e-9 of the simplex
    # optimum). The plan needs no basis, so the crossover is off (an interior optimum: values
    # under 1e-6 are read as 0). Whole convoys went to timeexp_mip above.
    # The interior point's default 1e-8 relative gap is 0.013 of the back-test's 1.3e6
    # objective, more than the earliness bonus of holding 100 m3 for 20 days: cities then
    # kept stock on days they went short and the dry days moved (Kati 34 instead of 54).
    # 1e-10 gives the vertex's dry days and totals (measured 2026-12-02) for ~20 % more time.
    options: dict[str, Any] = {"solver": "ipm", "run_crossover": "on" if crossover else "off",
                               "ipm_optimality_tolerance": IPM_GAP}
    if start_basis is not None:
        # The primal simplex from the basis (simplex_strategy 4); the crossover on for the
        # interior point that runs when no basis is usable, so stage 1 ends at a vertex either way.
        options.update(solver="simplex", simplex_strategy=4, run_crossover="on")
        if warm_iteration_cap is not None:
            options["simplex_iteration_limit"] = int(warm_iteration_cap)
    vertex = crossover or start_basis is not None  # stage 1 ends with a basis
    backend = _HiGHSOneCall(msg=False, timeLimit=limit, **options)
    backend.start_basis = start_basis
    code = model.problem.solve(backend)
    model.columns = backend.columns
    highs = model.problem.solverModel
    hs = highs.getModelStatus()
    if start_basis is not None and hs == highspy.HighsModelStatus.kIterationLimit:
        # The warm start needed more pivots than a cold solve costs (West Africa's back-test,
        # round 2 of the arc pricing: 173,834 primal simplex iterations and 151 s from round
        # 1's basis, 4.7 per row; measured 2026-12-04). No plan: the caller solves from scratch
        # (solve_priced starts the pricing again cold; solving this round by the interior point
        # first, as before 2026-12-04 22:30 UTC, cost 22 s there for a plan it threw away).
        logger.info("Timeline stage 1: the primal simplex from the basis stopped at its cap of "
                    "%d iterations", warm_iteration_cap)  # fmt: skip
        highs.setOptionValue("simplex_iteration_limit", _NO_ITERATION_LIMIT)
        model.stage1_vertex = False
        return read_result(model, "iteration_limit", time.perf_counter() - start, None)
    if warm_iteration_cap is not None:  # not for stage 2, which re-uses this instance
        highs.setOptionValue("simplex_iteration_limit", _NO_ITERATION_LIMIT)
    no_plan = (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnbounded,
               highspy.HighsModelStatus.kUnboundedOrInfeasible)  # fmt: skip
    method = "interior point" + (" + crossover" if vertex else "")
    if start_basis is not None and highs.getInfo().ipm_iteration_count == 0:
        method = "primal simplex from a basis"
    if hs not in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kTimeLimit, highspy.HighsModelStatus.kUnbounded):
        # HiGHS 1.16's interior point ends some of these LPs with "Solve error" or "Unknown"
        # (seen on the 181-day back-test with crossover, and on the West-African layer with
        # --detour 0.25, where IPX failed on the presolved LP and solved the original one in
        # 5 s; the dual simplex after that presolve ended "Not Set"; measured 2026-12-02).
        # Its presolve also declares some feasible LPs "Infeasible" (a city's tank of 1e-6 m3
        # and a fleet destroyed on day 0, found by tests/test_timeline_fleet_gone.py; every
        # timeline has a plan: unmet demand and missed attacks are slack), as it did stage 2.
        # Solve again without presolve: the interior point, then the dual simplex, within what
        # is left of the time limit (HiGHS counts it from the instance's first run); a verdict
        # of no plan without presolve stands.
        for solver in ("ipm", "simplex"):
            # The first retry is routine on some LPs (whole Africa: IPX's "Unknown" on the
            # presolved LP, every run, solved without presolve): info; a second one warns.
            # The second one said "The retry returned Solve error ...", the first retry's own
            # line being info, unseen (3,650 days of the embedded network; user36).
            logger.log(logging.INFO if solver == "ipm" else logging.WARNING,
                       "%s returned %s on timeline %r; solving again with the %s without "
                       "presolve, within the time limit (%g s in all)",
                       "Interior point" if solver == "ipm" else
                       "The interior point without presolve, tried after the presolved one,",
                       highs.modelStatusToString(hs), model.timeline.name,
                       "interior point" if solver == "ipm" else "dual simplex", limit)  # fmt: skip
            _use_solver(highs, solver)
            highs.setOptionValue("presolve", "off")
            highs.setOptionValue("time_limit", float(limit))
            highs.clearSolver()
            run_interruptible(highs)
            hs = highs.getModelStatus()
            if hs == highspy.HighsModelStatus.kOptimal:
                _load_solution(highs, model.problem.variables())
                code = pulp.LpStatusOptimal
                # Said as solved: until 2026-12-08 the log named the first path whatever
                # solved it ("interior point" after the dual simplex on whole Africa's first
                # pricing round, bench38), and a dual simplex's basis was taken for none, so
                # stage 2 started from scratch. The interior point retry keeps the crossover
                # option of the first solve (with it a vertex, without it none).
                vertex = vertex or solver == "simplex"
                method = ("dual simplex" if solver == "simplex"
                          else "interior point" + (" + crossover" if vertex else "")) + " without presolve"
                break
            if hs == highspy.HighsModelStatus.kTimeLimit or hs in no_plan:
                break
    model.stage1_vertex = vertex and hs == highspy.HighsModelStatus.kOptimal
    logger.info("Timeline stage 1 (delivery): %s in %.2f s (%s)", highs.modelStatusToString(hs),
                time.perf_counter() - start, method)  # fmt: skip
    gap = None  # an LP (whole convoys are solved by timeexp_mip)
    # PuLP maps a time or iteration limit to "optimal": read HiGHS's own status.
    status = {pulp.LpStatusInfeasible: "infeasible", pulp.LpStatusUnbounded: "unbounded"}.get(
        code, "optimal" if hs == highspy.HighsModelStatus.kOptimal else "time_limit")
    if status == "time_limit" and hs != highspy.HighsModelStatus.kTimeLimit:
        status = "solver_error"  # HiGHS stopped for another reason than the time limit
    if status == "optimal" and stage1_check is not None and not stage1_check(model):
        # The caller brings more arcs in and solves again: this plan is never written, so it
        # is not read. Reading it logged, for every round of the arc pricing, what read_result
        # says of a plan (a crossing's net outflow of -0.002 m3 on 45 days of the back-test
        # with --min-stock on the West-African layer, which its Parquet did not hold).
        return TimelineResult(model.timeline.name, status, model.timeline.start, model.days,
                              model.build_s, time.perf_counter() - start, gap, model.integer_convoys,
                              tanker_m3=model.tanker_m3,
                              message="stage 1 only, not read: arcs left out improve it")  # fmt: skip
    if status == "optimal" and model.min_escorts and not _min_escort_stage(
            highs, model, limit, vertex=vertex, goal_check=goal_check, unpresolved=goals_without_presolve):
        # As for stage 1 above: the caller solves again with more arcs.
        return TimelineResult(model.timeline.name, status, model.timeline.start, model.days,
                              model.build_s, time.perf_counter() - start, gap, model.integer_convoys,
                              tanker_m3=model.tanker_m3,
                              message="escort goals only, not read: arcs left out improve one")  # fmt: skip
    if status != "optimal" or not lexicographic:  # "feasible": no time left to polish
        return read_result(model, status, time.perf_counter() - start, gap)
    if polish is None and _switched_on(POLISH_ENV):
        polish = True
    if polish is None:
        polish = crossover or highs.getNumRow() <= _POLISH_MAX_ROWS  # cost_goal_runs' rule
    if not polish:
        logger.info("Timeline stage 2 (cost) skipped: %d rows > %d, where the dual simplex "
                    "without a basis does not finish; the stage-1 plan is kept (polish=True "
                    "tries anyway)", highs.getNumRow(), _POLISH_MAX_ROWS)  # fmt: skip
        return read_result(model, "optimal", time.perf_counter() - start, gap, cost_goal="skipped")
    value = float(pulp.value(model.stage1) or 0.0)
    variables = model.problem.variables()
    ncols = highs.getNumCol()
    costs = np.zeros(ncols)
    from supplychain.models.timeexp import stage2_cost  # timeexp imports this module

    for var, coef in stage2_cost(model).items():
        if getattr(var, "index", None) is not None:
            costs[var.index] = coef
    # Costs reach 8e5 (fuel value per m3 lost): scaled to at most 1 so the dual simplex's ratio
    # test does not fail on "excessive dual values" (seen on the back-test); the optimum is the
    # same plan.
    scale = float(np.abs(costs).max()) or 1.0
    highs.changeObjectiveSense(highspy.ObjSense.kMinimize)
    highs.changeColsCost(ncols, np.arange(ncols, dtype=np.int32), costs / scale)
    _keep_stage1(highs, model, value, vertex=vertex)
    # HiGHS counts its time limit from the instance's first run. Stage 2 only polishes routes
    # and security stocks: it gets half as long as stage 1 took (at least 5 s, at most the
    # limit; assumption: a polish should not cost more than the plan); when it does not
    # finish, the stage-1 plan is kept (its transit price already avoids detours and
    # circulation) and a warning says so.
    stage1_s = float(highs.getRunTime())
    deadline = stage1_s + min(max(stage1_s / 2.0, 5.0), limit)
    highs.setOptionValue("time_limit", deadline)
    # With a basis from stage 1 (crossover) the dual simplex only re-prices; without one it
    # starts from scratch. The interior point is no use here: with the goal row added it
    # stopped with "no progress" on every horizon tried (20 and 181 days; gaps 1e-9 to
    # 1e-5, an elastic goal, stage-1 deliveries fixed, presolve off; measured 2026-12-02).
    _use_solver(highs, "simplex")  # the dual simplex (see _use_solver)
    warm = vertex and not model.min_escorts
    if not warm:  # the escort goal's interior point left no basis
        _from_scratch(highs)
    run_interruptible(highs)
    ended = (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kTimeLimit)
    if warm and highs.getModelStatus() not in ended:
        # From stage 1's basis the dual simplex ended "Unknown" where from scratch, presolved,
        # it solves (and without presolve it did not): a myopic re-plan with its arcs priced
        # in, the days before its cut-off fixed at interior-point values (review29: ambushes on
        # the Guinean road, 20 days of the embedded network).
        logger.info("Stage 2 (cost) of timeline %r from stage 1's basis returned %s; solving it again "
                    "from scratch", model.timeline.name, highs.modelStatusToString(highs.getModelStatus()))  # fmt: skip
        _from_scratch(highs)
        run_interruptible(highs)
    if highs.getModelStatus() not in ended:
        # HiGHS's presolve declared stage 2 "Infeasible" after a solved escort goal on 11 of 240
        # random 6-place escorted networks (priced and unpriced alike; its bounds and rows at the
        # goal's values, which that solution meets only within the primal tolerance), where the
        # dual simplex without presolve solves it, as the goal's retries do (found by review,
        # 2026-12-05; tests/test_timeline_min_escorts.py).
        _again_without_presolve(highs, f"Stage 2 (cost) of timeline {model.timeline.name!r}", (None,))
    if highs.getModelStatus() not in ended:
        _tighter_primal_tolerance(highs, f"Stage 2 (cost) of timeline {model.timeline.name!r}")
    finished = highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    if finished:
        _load_solution(highs, variables)
        logger.info("Timeline stage 2 (cost): %s in %.2f s", highs.modelStatusToString(
            highs.getModelStatus()), float(highs.getRunTime()) - stage1_s)  # fmt: skip
    else:
        logger.warning("Stage 2 (cost) of the timeline returned %s; keeping the stage-1 plan",
                       highs.modelStatusToString(highs.getModelStatus()))  # fmt: skip
    return read_result(model, "optimal", time.perf_counter() - start, gap,
                       cost_goal="solved" if finished else "not finished")
