"""Whole convoys (``--integer-convoys``): a MIP start from the LP, then HiGHS's branch and bound.

HiGHS's branch and bound alone found only a poor plan for the 181-day back-test in 60 s (gap
7,296 %, measured 2026-12-02: the root LP of this degenerate model takes the simplex most of the
limit). :func:`solve_integer_convoys` instead

1. solves the LP relaxation (continuous convoys; the interior point, as the LP path): its goal
   value is a bound on every whole-convoy plan;
2. rounds its convoys to whole ones with :func:`round_convoys` (a greedy pass over the days that
   never exceeds an escort row, so the pattern is feasible);
3. fixes those convoys and re-solves the flows as an LP (both goals): the *rounded plan*, a
   feasible whole-convoy plan;
4. with the time left (less a reserve for step 5: twice what 3 took, at least 5 s), hands the
   rounded plan to HiGHS as the incumbent (``setSolution``) and lets its branch and bound
   improve it;
5. a better plan found there has its convoys fixed and its flows re-solved as in 3.

The result is an :class:`IntegerConvoyResult`: the plan, its gap against the LP bound and
HiGHS's own gap when branch and bound ran, and which step gave the plan.

**Whole convoys with fractional escort units.** A convoy keeps one whole escort unit busy for
its round trip (``escorts_<t>`` rows), so on a day with fewer than 1 unit no whole convoy can be
on its way, while the LP runs a fraction of one. A fitted unit count below 1 is fitted to the LP
(an escort detachment available part of the time): with whole convoys nothing crosses an
escorted stretch on those days. The printed output counts those days (the back-test has none:
its units are 0 or 1.02 and more); fitted values are not changed for the MIP.

``SUPPLYCHAIN_TIMELINE_MIP_START=off`` runs HiGHS's branch and bound without the MIP start (the
path before 2026-12-02, kept for ``benchmarks/timeline_mip.py``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pulp

from supplychain._status import StatusBar
from supplychain.models._switches import env_switch
from supplychain.models.timeexp_arcs import _occupancy
from supplychain.models.timeline_result import (
    TimelineResult,
    _convoys_needed,
    _value,
    percent_text,
    read_result,
)

if TYPE_CHECKING:
    from supplychain.models.timeexp import TimelineModel

__all__ = ["MIP_START_ENV", "OPTIMAL_GAP", "IntegerConvoyResult", "relative_gap", "round_convoys", "solve_integer_convoys"]

logger = logging.getLogger(__name__)

#: Environment variable: ``off``/``0`` runs HiGHS's branch and bound without the MIP start.
MIP_START_ENV = "SUPPLYCHAIN_TIMELINE_MIP_START"
#: Relative gap at or below which whole convoys are reported ``optimal`` (assumption: the
#: LP's own tolerances are 1e-7 to 1e-9 relative, and on the back-test 1e-6 of the delivery
#: goal is about 1 m3; a gap of 8e-8 was printed as "feasible, MIP gap 0.00 %" with the 1e-9
#: used before 2026-12-03).
OPTIMAL_GAP = 1e-6
#: LP convoys (per stretch, summed since the last whole convoy) below which no whole convoy is
#: sent (assumption: a unit is not tied up for a round trip to carry 1 % of a convoy).
_MIN_DEFICIT = 0.01
#: Branch and bound is tried only with at least this many seconds left (assumption).
_MIN_BNB_S = 2.0
#: ... and this many times the LP relaxation's seconds: its root LP is solved by the dual simplex,
#: which needs about ten times the interior point on these degenerate models (181-day back-test,
#: measured 2026-12-01: crossover 59 s after 6 s of interior point); with less time it cannot
#: finish the root node and returns the MIP start unchanged (measured 2026-12-02: 117 s of
#: branch and bound on the back-test, no better plan, HiGHS's own gap 109 %).
_BNB_OVER_LP = 10.0
#: Seconds kept back from branch and bound for re-solving the flows of its plan, as a multiple
#: of what the rounded plan's flows took (the same LP with other whole convoys; assumption: twice
#: covers the run-to-run noise), at least :data:`_MIN_FLOWS_S`. Before 2026-12-04 branch and
#: bound got all the time left and its plan's flows the rest or 5 s: on the 181-day back-test
#: with the default limit (600 s), 585 s of branch and bound found a better plan whose flows
#: (7.7 s for the rounded plan's) stopped after 5.4 s, and the better plan was dropped.
_FLOWS_RESERVE = 2.0
_MIN_FLOWS_S = 5.0
_TOL = 1e-9


def relative_gap(objective: float, bound: float) -> float:
    """Relative gap as HiGHS reports it: ``|bound - objective| / |objective|``.

    Parameters
    ----------
    objective : float
        Goal value of the whole-convoy plan (stage 1).
    bound : float
        Goal value of the LP relaxation (or any valid bound).

    Returns
    -------
    float
        ``0`` when both are equal; ``inf`` when the plan's value is 0 and the bound is not.

    Examples
    --------
    >>> relative_gap(80.0, 100.0)
    0.25
    """
    diff = abs(bound - objective)
    if diff <= 1e-9 * max(abs(bound), 1.0):
        return 0.0
    return diff / abs(objective) if abs(objective) > 1e-12 else float("inf")


@dataclass(repr=False)  # TimelineResult's one line, not every daily series (api37)
class IntegerConvoyResult(TimelineResult):
    """A whole-convoy timeline: the plan, its gaps and how it was found.

    A :class:`~supplychain.models.timeline_result.TimelineResult` (its fields, documented there,
    come first) with these after them:

    Parameters
    ----------
    lp_bound : float or None
        Stage-1 goal value of the LP relaxation (continuous convoys): a bound.
    objective : float or None
        Stage-1 goal value of the whole-convoy plan.
    lp_gap : float or None
        :func:`relative_gap` of ``objective`` against ``lp_bound``.
    highs_gap : float or None
        HiGHS's own MIP gap when its branch and bound ran (its bound may be tighter than the LP).
    lp_delivered_m3 : float or None
        Fuel delivered by the LP relaxation (continuous convoys).
    source : str
        ``rounded LP`` (the MIP start), ``branch and bound`` (HiGHS improved on it) or
        ``branch and bound, no MIP start`` (``SUPPLYCHAIN_TIMELINE_MIP_START=off``).
    steps_s : dict of str to float
        Seconds per step (relaxation, fixed flows, branch and bound, ...).
    short_units : list of (int, int, str)
        Runs of days (first, last, units: ``0.65`` or ``0.65-0.75``) with escort units above 0
        but below 1: no whole convoy can be on its way on them.

    Examples
    --------
    >>> from datetime import date
    >>> r = IntegerConvoyResult("t", "optimal", date(2026, 1, 1), 2, lp_bound=10.0, objective=8.0)
    >>> r.source
    'rounded LP'
    """

    lp_bound: float | None = None
    objective: float | None = None
    lp_gap: float | None = None
    highs_gap: float | None = None
    lp_delivered_m3: float | None = None
    source: str = "rounded LP"
    steps_s: dict[str, float] = field(default_factory=dict)
    short_units: list[tuple[int, int, str]] = field(default_factory=list)

    def mip_lines(self) -> list[str]:
        """What the whole-convoy plan is worth against the LP, as printed lines.

        Returns
        -------
        list of str
            Each indented by two spaces: the plan's source and gaps (or that there is no
            plan), delivery with whole against continuous convoys, the seconds per step, and
            each run of days with escort units below 1.
        """
        if self.objective is None:  # no whole-convoy plan (time limit, infeasible)
            bound = "" if self.lp_bound is None else f"; the LP relaxation's goal is {self.lp_bound:,.1f}"
            return [f"  whole convoys: no plan ({self.status}){bound}"]
        lines = [f"  whole convoys: plan from {self.source}; gap {_pct(self.lp_gap)} against the LP "
                 f"relaxation (goal {self.objective or 0:,.1f} of at most {self.lp_bound or 0:,.1f})"
                 + (f", HiGHS's gap {_pct(self.highs_gap)}" if self.highs_gap is not None
                    or self.source.startswith("branch") else "")
                 + ("; proved optimal for whole convoys" if self.gap is not None
                    and self.gap <= OPTIMAL_GAP and (self.lp_gap or 0.0) > 0 else "")]  # fmt: skip
        if self.lp_delivered_m3 is not None and self.cities:
            got = sum(float(c["delivered"].sum()) for c in self.cities.values())
            lines.append(f"  delivered {got:,.0f} m3 with whole convoys against {self.lp_delivered_m3:,.0f} m3 "
                         "with continuous ones (LP)")  # fmt: skip
        if self.steps_s:
            lines.append("  steps: " + ", ".join(f"{k} {v:.1f} s" for k, v in self.steps_s.items()))
        for first, last, low in self.short_units:
            a, b = self.start + timedelta(days=first), self.start + timedelta(days=last)
            lines.append(f"  escort units below 1 ({low}) from {a} to {b} ({last - first + 1} days): no "
                         "whole convoy can leave (one holds a whole unit for its round trip); the LP "
                         "runs part of one there")  # fmt: skip
        return lines

    def summary(self, observed: pd.DataFrame | None = None) -> str:
        """:meth:`TimelineResult.summary` with the whole-convoy lines after the first line.

        Parameters
        ----------
        observed : pandas.DataFrame, optional
            As :func:`~supplychain.models.timeline_result.read_observed` returns it.

        Returns
        -------
        str
            The lines of :meth:`mip_lines` inserted after the summary's first line.

        Examples
        --------
        >>> from datetime import date
        >>> r = IntegerConvoyResult("t", "time_limit", date(2026, 1, 1), 2, integer_convoys=True,
        ...                         lp_bound=10.0, message="(why there is no plan)")
        >>> print(r.summary())
        Timeline 't': 2026-01-01 to 2026-01-02 (2 days), MIP time_limit (build 0.0 s, solve 0.0 s)
          whole convoys: no plan (time_limit); the LP relaxation's goal is 10.0
          (why there is no plan)
        """
        text = super().summary(observed).split("\n")
        return "\n".join([text[0], *self.mip_lines(), *text[1:]])

    def to_dict(self, observed: pd.DataFrame | None = None) -> dict[str, Any]:
        """:meth:`TimelineResult.to_dict` with a ``mip`` entry (gaps, bound, source, steps).

        Parameters
        ----------
        observed : pandas.DataFrame, optional
            As :func:`~supplychain.models.timeline_result.read_observed` returns it.

        Returns
        -------
        dict of str to object
            ``mip`` holds ``source``, ``lp_bound``, ``objective``, ``lp_gap`` and
            ``highs_gap`` (None when unknown or infinite), ``lp_delivered_m3``, ``steps_s``
            and ``short_escort_units`` (``first_day``, ``last_day``, ``units``).

        Examples
        --------
        >>> from datetime import date
        >>> r = IntegerConvoyResult("t", "optimal", date(2026, 1, 1), 2, lp_bound=10.0,
        ...                         objective=8.0, lp_gap=0.2, short_units=[(0, 1, "0.5")])
        >>> mip = r.to_dict()["mip"]
        >>> mip["source"], mip["lp_gap"], mip["highs_gap"], mip["short_escort_units"]
        ('rounded LP', 0.2, None, [{'first_day': 0, 'last_day': 1, 'units': '0.5'}])
        """
        out = super().to_dict(observed)
        out["mip"] = {
            "source": self.source, "lp_bound": self.lp_bound, "objective": self.objective,
            "lp_gap": None if self.lp_gap is None or not np.isfinite(self.lp_gap) else self.lp_gap,
            "highs_gap": None if self.highs_gap is None or not np.isfinite(self.highs_gap) else self.highs_gap,
            "lp_delivered_m3": self.lp_delivered_m3, "steps_s": self.steps_s,
            "short_escort_units": [{"first_day": a, "last_day": b, "units": u} for a, b, u in self.short_units],
        }  # fmt: skip
        return out


def _pct(gap: float | None) -> str:
    # As the first line's "MIP gap" (a gap under 0.01 % is not printed 0.00 %: HiGHS's gap of
    # 1.03e-6 on 75 days of the back-test was "0.00 %" beside "MIP feasible ... 0.0001 %").
    return "n/a" if gap is None else ("inf" if not np.isfinite(gap) else percent_text(gap))


def _busy(model: TimelineModel, g: int) -> list[float]:
    """Share of each day after leaving that a convoy on stretch ``g`` holds its unit (as the
    ``escorts_<t>`` rows of define_escorts count it)."""
    return _occupancy(model.round_trip_days[g]) or [1.0]


def round_convoys(model: TimelineModel, lp_convoys: dict[tuple[int, int], float]) -> dict[tuple[int, int], int]:
    """Whole convoys from the LP's continuous ones, never exceeding an escort row.

    Days are taken in order. Per stretch the LP's convoys are summed since the last whole convoy
    sent (in m³ of convoy capacity); on each day, while the escort rows of the days the convoy
    would be on its way have room for it, one whole convoy is sent on the stretch with the most
    LP convoy capacity pending (at least 0.01 convoy). Greedy, not optimal: it keeps the LP's
    choice of stretch and roughly its timing; HiGHS's branch and bound may then improve it.

    Parameters
    ----------
    model : TimelineModel
        Built with its escort rows (``model.convoys``, ``model.round_trip_days``).
    lp_convoys : dict of (int, int) to float
        Convoys per (stretch, day) in the LP relaxation.

    Returns
    -------
    dict of (int, int) to int
        Whole convoys per (stretch, day), every key of ``model.convoys``.

    Examples
    --------
    With one escort unit and a 2-day round trip, an LP running half a convoy a day sends a whole
    one every other day (see tests/test_timeline_mip.py).
    """
    days, tl = model.days, model.timeline
    room = np.array([tl.units(t) for t in range(days)], dtype=float)
    busy = {g: _busy(model, g) for g in range(len(model.round_trip_days))}
    size = {g: s.convoy_tankers for g, s in enumerate(tl.escorts)}
    pending = dict.fromkeys(busy, 0.0)
    whole = dict.fromkeys(model.convoys, 0)
    by_day: dict[int, list[int]] = {}
    for g, t in model.convoys:
        by_day.setdefault(t, []).append(g)
    for t in range(days):
        stretches = by_day.get(t, [])
        for g in stretches:
            value = lp_convoys.get((g, t), 0.0)
            pending[g] += value if value > 1e-6 else 0.0
        while True:
            fits = [g for g in stretches if pending[g] >= _MIN_DEFICIT and all(
                room[t + k] - share >= -_TOL for k, share in enumerate(busy[g]) if t + k < days)]
            if not fits:
                break
            g = max(fits, key=lambda s: (pending[s] * size[s], -s))
            whole[(g, t)] += 1
            pending[g] -= 1.0
            for k, share in enumerate(busy[g]):
                if t + k < days:
                    room[t + k] -= share
    return whole


def _short_units(model: TimelineModel) -> list[tuple[int, int, str]]:
    """Runs of days on which escorts are required somewhere and 0 < units < 1."""
    required = {t for _, t in model.convoys}
    runs: list[tuple[int, int, str]] = []
    seen: list[float] = []
    for t in range(model.days):
        u = model.timeline.units(t)
        if t in required and 0.0 < u < 1.0 - _TOL:
            if runs and runs[-1][1] == t - 1:
                seen.append(u)
            else:
                seen = [u]
                runs.append((t, t, ""))
            low, high = min(seen), max(seen)
            runs[-1] = (runs[-1][0], t, f"{low:g}" if high - low < _TOL else f"{low:g}-{high:g}")
    return runs


def _lp_convoys(model: TimelineModel) -> dict[tuple[int, int], float]:
    """The relaxation's convoys per (stretch, day): those its flows need, not the columns'
    values. A convoy column is free between the need and the escort rows' room, and the
    interior point leaves it anywhere there (a whole convoy on a horizon's last day, whose fuel
    can arrive nowhere, was rounded into a whole convoy carrying nothing before 2026-12-03)."""
    return {k: (_convoys_needed(model, *k) if k in model.convoy_need else _value(var))
            for k, var in model.convoys.items()}  # fmt: skip


def _delivered(model: TimelineModel) -> float:
    return float(sum(float(v.varValue or 0.0) for v in model.deliver.values()))


def _solve_lp(model: TimelineModel, limit: float, *, lexicographic: bool,
              fixed: dict[tuple[int, int], int] | None) -> TimelineResult:
    """Solve the model as an LP: convoys continuous (``fixed`` None) or fixed to whole ones."""
    from supplychain.models.timeexp_solve import solve_timeline

    saved = {k: (v.cat, v.lowBound, v.upBound) for k, v in model.convoys.items()}
    model.integer_convoys = False
    try:
        for k, var in model.convoys.items():
            var.cat = pulp.LpContinuous
            if fixed is not None:
                var.lowBound = var.upBound = float(fixed[k])
        return solve_timeline(model, time_limit_s=limit, lexicographic=lexicographic)
    finally:
        model.integer_convoys = True
        for k, var in model.convoys.items():
            var.cat, var.lowBound, var.upBound = saved[k]


def _branch_and_bound(model: TimelineModel, limit: float, start: np.ndarray | None, *,
                      on_gap: Callable[[float], None] | None = None) -> tuple[Any, float | None, float | None]:
    """HiGHS's branch and bound on the whole-convoy model, from ``start`` when given.

    Returns the HiGHS instance, the goal value of its best plan (None without one) and its gap
    (:func:`_highs_bound` gives its bound). ``on_gap`` is called with HiGHS's gap whenever
    branch and bound reports (its MIP interrupt callback).
    """
    from supplychain._highs import InterruptibleHiGHS, quiet_highs_banner, run_interruptible

    quiet_highs_banner()
    solver = InterruptibleHiGHS(msg=False, timeLimit=limit, mip=True)
    solver.createAndConfigureSolver(model.problem)
    solver.buildSolverModel(model.problem)
    highs = model.problem.solverModel
    if start is not None:
        highs.setSolution(len(start), np.arange(len(start), dtype=np.int32), start)
    if on_gap is not None:
        highs.cbMipInterrupt.subscribe(lambda event: on_gap(float(event.data_out.mip_gap)))
    run_interruptible(highs)
    info = highs.getInfo()
    if info.primal_solution_status != 2:
        return highs, None, None
    sign = -1.0 if model.problem.sense == pulp.LpMaximize else 1.0  # PuLP's HiGHS minimises
    value = sign * float(info.objective_function_value) + float(model.stage1.constant)
    gap = float(info.mip_gap)
    return highs, value, gap if np.isfinite(gap) else None


def _highs_bound(model: TimelineModel, highs: Any) -> float | None:
    """HiGHS's bound on the goal after its branch and bound (None when not finite)."""
    sign = -1.0 if model.problem.sense == pulp.LpMaximize else 1.0
    bound = float(highs.getInfo().mip_dual_bound)
    return sign * bound + float(model.stage1.constant) if np.isfinite(bound) else None


def _no_plan(result: TimelineResult, step: str, limit: float) -> None:
    """Say which step stopped at the time limit, against the whole solve's limit (the step's own
    limit was printed before 2026-12-03: "time limit (1.91061 s)" under ``--time-limit 3``)."""
    if result.status == "time_limit":
        result.message = (f"The {step} stopped at the time limit (--time-limit {limit:g} s for the "
                          "whole solve) without a plan; raise --time-limit (time_limit_s from Python) "
                          "or drop --integer-convoys.")  # fmt: skip


def _better(found: float, value: float, maximize: bool) -> bool:
    """Whether branch and bound's goal value beats the rounded plan's (beyond round-off: the
    rounded plan's flows come from the interior point and stage 2 keeps stage 1 within 1e-8)."""
    tol = 1e-6 * max(abs(value), 1.0)
    return found > value + tol if maximize else found < value - tol


def _promote(base: TimelineResult, **extra: Any) -> IntegerConvoyResult:
    values = {f.name: getattr(base, f.name) for f in fields(TimelineResult)}
    values["integer_convoys"] = True
    return IntegerConvoyResult(**{**values, **extra})


def solve_integer_convoys(model: TimelineModel, *, time_limit_s: float | None = None,
                          lexicographic: bool = True, progress: bool = False) -> IntegerConvoyResult:
    """Whole-convoy plan: LP relaxation, rounded convoys, flows re-solved, branch and bound.

    Parameters
    ----------
    model : TimelineModel
        Built with ``integer_convoys=True``.
    time_limit_s : float, optional
        For the whole solve (default
        :func:`~supplychain.models.timeexp_solve.timeline_time_limit`: the longer of 600 s and
        the parameter file's ``[solver] time_limit_s``). The LP steps
        share it with branch and bound, which gets what is left less a reserve for its plan's
        flows (twice what the rounded plan's flows took, at least 5 s); the rounded plan's
        flows get at least as long as the relaxation took, and branch and bound's plan's flows
        the reserve, even past the limit.
    lexicographic : bool, default True
        Run stage 2 (cost) on the final plan's flows, as :func:`solve_timeline` does.
    progress : bool, default False
        Show a progress bar on stderr: seconds of the time limit used, the step running and,
        once branch and bound has a plan and a bound, HiGHS's gap.

    Returns
    -------
    IntegerConvoyResult
        Status ``optimal`` when the plan is proved optimal (gap at most ``OPTIMAL_GAP``),
        ``feasible`` with a gap
        otherwise; the relaxation's status (``infeasible``, ...) when it has no plan.

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> from supplychain.models.params import load_model_parameters
    >>> from supplychain.models.timeline import Timeline
    >>> from supplychain.models.timeexp import build_timeline_model
    >>> import datetime
    >>> tl = Timeline("calm", "", datetime.date(2026, 1, 1), 3)
    >>> m = build_timeline_model(build_network(), load_model_parameters(), tl, integer_convoys=True)
    >>> solve_integer_convoys(m).lp_gap
    0.0
    """
    from supplychain.models.timeexp_solve import timeline_time_limit

    limit = timeline_time_limit(model.params, time_limit_s)
    with _clock(limit, progress) as clock:
        return _solve_whole(model, limit, lexicographic, clock)


class _Clock:
    """What a disabled progress bar does (nothing)."""

    def step(self, name: str) -> None:
        """Nothing to show."""

    def gap(self, gap: float) -> None:
        """Nothing to show."""


class _BarClock(_Clock):
    """A status line in seconds of the time limit (:class:`supplychain._status.StatusBar`:
    HiGHS calls back nothing while branch and bound solves its root LP, 63 s without a call on
    the 181-day back-test, measured 2026-12-04)."""

    def __init__(self, limit_s: float) -> None:
        self._bar = StatusBar("whole convoys", limit_s=limit_s,
                              bar_format="{desc}: {n}/{total} s of the time limit{postfix}")  # fmt: skip

    def step(self, name: str) -> None:
        """Name the step running."""
        self._bar.describe(f"whole convoys, {name}")

    def gap(self, gap: float) -> None:
        """Show HiGHS's gap once it is finite."""
        if np.isfinite(gap):
            self._bar.postfix(f"HiGHS's gap {100 * gap:.2f} %")

    def close(self) -> None:
        """Stop the thread and clear the bar."""
        self._bar.close()


@contextmanager
def _clock(limit_s: float, progress: bool) -> Iterator[_Clock]:
    """A :class:`_BarClock` when ``progress`` (closed on the way out), else a silent clock: a
    quiet run does not import tqdm."""
    if not progress:
        yield _Clock()
        return
    bar = _BarClock(limit_s)
    try:
        yield bar
    finally:
        bar.close()


def _solve_whole(model: TimelineModel, limit: float, lexicographic: bool,
                 clock: _Clock) -> IntegerConvoyResult:
    """:func:`solve_integer_convoys`' steps, each named on ``clock``."""
    begin = time.perf_counter()
    steps: dict[str, float] = {}
    short = _short_units(model)
    if env_switch(MIP_START_ENV) is False:
        clock.step("branch and bound")
        return _plain_branch_and_bound(model, limit, begin, short, clock)
    if not model.convoys:  # no escorted day: the LP is the whole-convoy model
        res = _solve_lp(model, limit, lexicographic=lexicographic, fixed=None)
        value = float(pulp.value(model.stage1) or 0.0) if res.status == "optimal" else None
        return _promote(res, lp_bound=value, objective=value, lp_gap=0.0 if value is not None else None,
                        gap=0.0 if value is not None else None, lp_delivered_m3=_delivered(model),
                        steps_s={"LP": time.perf_counter() - begin}, short_units=short)  # fmt: skip
    clock.step("LP relaxation")
    relax = _solve_lp(model, limit, lexicographic=False, fixed=None)
    steps["LP relaxation"] = time.perf_counter() - begin
    if relax.status != "optimal":
        _no_plan(relax, "LP relaxation of the whole-convoy model", limit)
        return _promote(relax, steps_s=steps, short_units=short)
    bound = float(pulp.value(model.stage1) or 0.0)
    lp_delivered = _delivered(model)
    lp_convoys = _lp_convoys(model)
    whole = round_convoys(model, lp_convoys)
    if all(abs(whole[k] - lp_convoys[k]) < 1e-6 for k in whole):  # the LP's convoys are whole
        logger.info("Whole convoys: the LP relaxation's convoys are whole; its plan is optimal")
    t0 = time.perf_counter()
    # The flows of the rounded plan get at least as long as the relaxation took, even past the
    # limit: without them there is no whole-convoy plan at all.
    left = max(limit - (t0 - begin), steps["LP relaxation"], 1.0)
    clock.step("rounded plan's flows")
    fixed = _solve_lp(model, left, lexicographic=lexicographic, fixed=whole)
    steps["rounded plan (flows re-solved)"] = time.perf_counter() - t0
    if fixed.status != "optimal":  # cannot happen with convoys rounded inside the escort rows
        logger.warning("Whole convoys: the rounded plan's flows returned %s", fixed.status)
        _no_plan(fixed, f"rounded plan's flows (an LP, convoys fixed; {left:.1f} s after the "
                        f"relaxation's {steps['LP relaxation']:.1f} s)", limit)  # fmt: skip
        return _promote(fixed, lp_bound=bound, lp_delivered_m3=lp_delivered, steps_s=steps,
                        short_units=short)  # fmt: skip
    # Stage 1's value of the plan (stage 2 keeps it within its tolerance).
    value = float(pulp.value(model.stage1) or 0.0)
    source, highs_gap = "rounded LP", None
    reserve = max(_MIN_FLOWS_S, _FLOWS_RESERVE * steps["rounded plan (flows re-solved)"])
    left = limit - (time.perf_counter() - begin) - reserve
    need = max(_MIN_BNB_S, _BNB_OVER_LP * steps["LP relaxation"])
    if relative_gap(value, bound) > 0 and left < need:
        source = f"rounded LP (branch and bound not tried: {max(left, 0):.0f} s left, it needs {need:.0f})"
        logger.info("Whole convoys: %s", source)
    elif relative_gap(value, bound) > 0:
        t0 = time.perf_counter()
        start = np.array([float(v.varValue or 0.0) for v in model.problem.variables()])
        clock.step("branch and bound")
        highs, found, highs_gap = _branch_and_bound(model, left, start, on_gap=clock.gap)
        steps["branch and bound"] = time.perf_counter() - t0
        logger.info("Whole convoys: branch and bound %s in %.1f s, goal %s (rounded plan %.1f)",
                    highs.modelStatusToString(highs.getModelStatus()), steps["branch and bound"],
                    found, value)  # fmt: skip
        if found is not None and _better(found, value, model.problem.sense == pulp.LpMaximize):
            cols = highs.getSolution().col_value
            better = {k: round(cols[v.index]) for k, v in model.convoys.items()}
            t0 = time.perf_counter()
            clock.step("flows of branch and bound's plan")
            # The reserve even past the limit, as the rounded plan's flows get theirs: branch
            # and bound's plan is worth the wait.
            final = _solve_lp(model, max(limit - (t0 - begin), reserve), lexicographic=lexicographic,
                              fixed=better)  # fmt: skip
            steps["final flows"] = time.perf_counter() - t0
            if final.status == "optimal":
                fixed, whole, source = final, better, "branch and bound"
                value = float(pulp.value(model.stage1) or 0.0)
            else:  # keep the rounded plan (read before): a plan with no flows is no plan
                logger.warning("Whole convoys: branch and bound's plan's flows returned %s; "
                               "keeping the rounded plan", final.status)  # fmt: skip
                source = "rounded LP (branch and bound's better plan not re-solved in time)"
        if highs_gap is not None and source.startswith("rounded LP ("):
            # HiGHS's gap is that of its own best plan, not kept here: the rounded plan's is
            # measured against HiGHS's bound. (Kept as "rounded LP", HiGHS's best plan is better
            # by less than _better's tolerance: its own gap is kept, as stage 2 moves the
            # rounded plan's value by up to 1e-8 of it.)
            hb = _highs_bound(model, highs)
            highs_gap = relative_gap(value, hb) if hb is not None else None
    lp_gap = relative_gap(value, bound)
    gaps = [g for g in (lp_gap, highs_gap) if g is not None]
    gap = min(gaps)
    result = _promote(fixed, lp_bound=bound, objective=value, lp_gap=lp_gap, highs_gap=highs_gap,
                      lp_delivered_m3=lp_delivered, source=source, steps_s=steps, short_units=short)
    result.gap = gap
    result.status = "optimal" if gap <= OPTIMAL_GAP else "feasible"
    result.solve_s = time.perf_counter() - begin
    logger.info("Whole convoys: %s, goal %.1f against the LP's %.1f (gap %.2f %%) in %.1f s",
                source, value, bound, 100 * lp_gap, result.solve_s)  # fmt: skip
    return result


def _plain_branch_and_bound(model: TimelineModel, limit: float, begin: float,
                            short: list[tuple[int, int, str]], clock: _Clock) -> IntegerConvoyResult:
    """HiGHS's branch and bound alone, stage 1 only (the path before the MIP start)."""
    highs, value, gap = _branch_and_bound(model, limit, None, on_gap=clock.gap)
    solve_s = time.perf_counter() - begin
    if value is None:
        status = "infeasible" if highs.getModelStatus().name == "kInfeasible" else "time_limit"
        return _promote(read_result(model, status, solve_s, None),
                        source="branch and bound, no MIP start", short_units=short)  # fmt: skip
    cols = highs.getSolution().col_value
    for var in model.problem.variables():
        var.varValue = cols[var.index]
    status = "optimal" if gap is not None and gap <= OPTIMAL_GAP else "feasible"
    res = read_result(model, status, solve_s, gap)
    return _promote(res, objective=value, highs_gap=gap, source="branch and bound, no MIP start",
                    steps_s={"branch and bound": solve_s}, short_units=short)  # fmt: skip
