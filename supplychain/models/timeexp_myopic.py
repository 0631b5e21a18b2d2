"""Planning without foresight of the attacks: the timeline solved again as each attack is learnt.

:func:`~supplychain.models.timeexp_solve.solve_timeline` plans with **perfect foresight**: it
knows every attack's day in advance, routes round it and stocks up before it, as a planner
looking back does. :func:`solve_myopic` plans as one living through the timeline does (a
rolling plan; PyPSA calls the same idea "myopic" optimisation): the first plan knows none of
the attacks inside the horizon; an attack is learnt on its day: it finds the cargo the plan
made so far had on its roads that day (at most its tankers'; the tankers that left earlier
or that morning are on the road), the plan of the days before stands, and that day and the
rest of the horizon are planned again knowing it. Closures, escorts, rationing and the other
dated events stay known in advance: they are announced policy, not surprises.

Attacks before day 0 are known from the start (the fleet starts without their tankers), as
are those after the horizon (they change nothing in it); an attack of day 0 finds what the
first plan sends that day.

An attack's cargo is what the plan without knowledge of it had on its roads that day (the fuel
it reaches, less what expected losses and earlier attacks took), at most its tankers x the
tanker volume; the tankers it destroys are that cargo's (fractional, as the flows are), so an
attack that finds no traffic destroys nothing; every later solve holds what it destroys on
each (arc, entry day) to what it found there (the plan made after it does not choose which
cargo it hit). Each solve after the first fixes the columns
of the days before its cut-off (flows entering arcs, loads, deliveries, convoys and stock
injections taken) at the previous plan's values, and the flows the attacks found (those
entering their arcs that day too: already on the road); the cut-off is the attack's day, or
the day before when fuel it destroys would have arrived at the end of its arc then (a
place's clock running ahead of the attacked road's), so that no fixed day counted on fuel
that never came.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import networkx as nx

from supplychain._highs import run_interruptible
from supplychain.errors import ArgumentError, ParameterError
from supplychain.models.lp import check_model_arguments
from supplychain.models.params import ModelParameters, tanker_volume
from supplychain.models.timeexp_arcs import Arc, edge_lags_days, reduce_arcs
from supplychain.models.timeline import Attack, Timeline, destroyed_tankers
from supplychain.models.timeline_result import _NOTHING_TANKERS, _value
from supplychain.networks.schema import validate_model_inputs

if TYPE_CHECKING:
    from supplychain.models.timeexp import TimelineModel
    from supplychain.models.timeline_result import TimelineResult

__all__ = ["FORESIGHTS", "WarmMyopic", "WarmPlan", "add_fleet_slack", "first_plan_timeline", "learning_days", "solve_myopic"]

logger = logging.getLogger(__name__)

#: The two ways a timeline is planned: ``"perfect"`` (every attack known in advance, one
#: solve) and ``"myopic"`` (each attack learnt on its day, :func:`solve_myopic`).
FORESIGHTS = ("perfect", "myopic")

#: The column families a later solve fixes on the days before its cut-off (keys end with the
#: day): what was decided on those days. Stocks, unmet demand and the security-floor
#: shortfalls follow from them.
_DECISIONS = ("x", "load", "deliver", "convoys", "injected")

#: Cargo (m³) on an entry below which an attack finds nothing there: an interior point's
#: zeros (1e-9..1e-7), the threshold of :mod:`~supplychain.models.timeline_result`'s values.
_NOTHING_M3 = 1e-6
# Tankers below which an attack's whole find counts as nothing, and a shortfall of its matched
# cargo too: _NOTHING_TANKERS, timeline_result's, by which a result lists unmatched attacks.
#: HiGHS's iteration limit when none is wanted.
_NO_ITERATION_LIMIT = 2**31 - 1
#: How far (x max(1, |value|)) a fixed value may move when the solve that fixed them exactly
#: found no plan, and in every solve after it (assumption: ten times the residuals seen, 8e-8
#: m³; the band itself moves a plan by about 1e-6 of its volumes, 0.15 m³ of 142,000
#: delivered). Any change to the LP may move which of several equally good plans the interior
#: point returns, and a myopic plan carries that forward: forced from the second solve on 30
#: days of the embedded network, unmet demand moved from 123.1 to 115.1 m³ with this band,
#: +4.5 m³ with 1e-12 (review26b); only plans the exact solve could not make get it.
_BAND = 1e-6


def learning_days(timeline: Timeline) -> list[int]:
    """The days on which :func:`solve_myopic` learns attacks: those of the attacks inside the
    horizon (day 0 included), sorted, each once.

    Parameters
    ----------
    timeline : Timeline

    Returns
    -------
    list of int
        One solve follows each (plus the first, which knows none of them).

    Examples
    --------
    >>> import datetime
    >>> a = [Attack("a", d, 5.0, frozenset({"R"})) for d in (4, 0, 4, 2, 9)]
    >>> learning_days(Timeline("t", "", datetime.date(2026, 1, 1), 8, attacks=tuple(a)))
    [0, 2, 4]
    """
    return sorted({a.day for a in timeline.attacks if _learnt(a, timeline)})


def first_plan_timeline(timeline: Timeline) -> Timeline:
    """The timeline the first plan of :func:`solve_myopic` knows: without the attacks it learns
    later (those of :func:`learning_days`).

    Parameters
    ----------
    timeline : Timeline

    Returns
    -------
    Timeline
        ``timeline`` with only its attacks before day 0 or after the horizon.

    Examples
    --------
    >>> import datetime
    >>> a = [Attack("a", d, 5.0, frozenset({"R"})) for d in (-1, 0, 4, 9)]
    >>> tl = Timeline("t", "", datetime.date(2026, 1, 1), 8, attacks=tuple(a))
    >>> [x.day for x in first_plan_timeline(tl).attacks]
    [-1, 9]
    """
    return replace(timeline, attacks=tuple(a for a in timeline.attacks if not _learnt(a, timeline)))


def _learnt(attack: Attack, timeline: Timeline) -> bool:
    """Whether :func:`solve_myopic` learns ``attack`` on its day (inside the horizon)."""
    return 0 <= attack.day < timeline.days


def solve_myopic(
    graph: nx.MultiDiGraph,
    params: ModelParameters,
    timeline: Timeline,
    *,
    detour: float | None = None,
    arcs: list[Arc] | None = None,
    time_limit_s: float | None = None,
    lexicographic: bool = True,
    tanker_m3: float | None = None,
    first: tuple[TimelineModel, TimelineResult] | None = None,
    arc_pricing: bool = False,
    pricing_start: str = "steady",
) -> TimelineResult:
    """Plan the timeline without foresight of its attacks (see the module's text).

    One solve with no attack of the horizon known, then one per attack day (attacks of one
    day are learnt together), each an LP of the same arcs with the days before its cut-off
    fixed; goal 1 only, except the last solve, which runs both goals as ``lexicographic``
    says. A day whose attacks find no cargo changes nothing (the plan so far stays optimal:
    the next LP only fixes its own values), so it gets no solve, unless it is the last and
    the cost goal is asked for.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    params : ModelParameters
    timeline : Timeline
        Its attacks are the ones learnt; every other event is known from the start.
    detour : float, optional
        As :func:`~supplychain.models.timeexp.build_timeline_model` (an approximation).
    arcs : list of Arc, optional
        The reduced arcs (default: reduced once here, for the whole timeline).
    time_limit_s : float, optional
        Each solve's limit (see :func:`~supplychain.models.timeexp_solve.solve_timeline`).
    lexicographic : bool, default True
        Whether the last solve runs the cost goal too.
    tanker_m3 : float, optional
        Default ``graph.graph["tanker_volume_m3"]`` (46).
    first : (TimelineModel, TimelineResult), optional
        The first solve, already done: the model of ``timeline`` without its attacks from day
        0 on, built on ``arcs`` (which must then be given) and solved for goal 1. Timelines
        that differ only in those attacks share it (a Monte Carlo draw's, see
        :mod:`supplychain.scenarios.timeline_mc`).
    arc_pricing : bool, default False
        Solve every plan on the arcs it needs, proved by pricing
        (:func:`~supplychain.models.timeexp_price.solve_priced`, with the same days fixed in
        every round): the first from ``pricing_start``'s arcs, each later one from the arcs
        of the plan before it (those the fixed days use are among them). ``arcs`` must then be
        the exact reduction (:func:`~supplychain.models.timeexp_price.exact_arcs`; its default
        here) and ``detour`` None. The result's ``arc_pricing`` is the last solve's, its
        ``certified`` true when every solve's was, with ``solves`` and ``rounds_per_solve``,
        and the first solve's ``start`` and ``detour_start``.
    pricing_start : {"steady", "corridors"}, default "steady"
        The first plan's starting arcs (:func:`~supplychain.models.timeexp_price.solve_priced`'s
        ``start``), with ``arc_pricing``.

    Returns
    -------
    TimelineResult
        The last solve's plan, which holds every earlier one's on the days they fixed, with
        ``foresight`` set: ``kind`` ``"myopic"``, ``solves`` and per attack the tankers it
        was given and those it found (``attacks``). ``build_s`` and ``solve_s`` are the sums
        over the solves. A solve without a plan ends the run: its result is returned, its
        ``message`` naming the attack day it was learning.

    Raises
    ------
    ParameterError
        As :func:`~supplychain.models.timeexp.build_timeline_model`; ``first`` given without
        ``arcs`` or on other arcs; ``arc_pricing`` with a ``detour``.
    ArgumentError
        If ``pricing_start`` is neither ``"steady"`` nor ``"corridors"``.
    SchemaError
        If ``graph`` lacks an attribute the models read, or has one out of range
        (:func:`~supplychain.networks.schema.validate_model_inputs`).

    Examples
    --------
    A port, Kayes (30 m³/day, 210 m³ in stock) and a one-day road, 10 tankers of 1 m³
    (``supplychain.models._examples.port_city``); an ambush on day 8 destroys up to 3
    tankers. The first plan, not knowing it, has 5 m³ on the road that day: the ambush finds
    3 tankers, and the plan after it delivers less than one that saw it coming:

    >>> import datetime
    >>> from supplychain.models._examples import example_params, port_city
    >>> from supplychain.models.timeexp import build_timeline_model, solve_timeline
    >>> ambush = Attack("ambush", 8, 3.0, frozenset({"R"}))
    >>> tl = Timeline("t", "", datetime.date(2026, 1, 1), 12, attacks=(ambush,))
    >>> r = solve_myopic(port_city(), example_params(), tl)
    >>> r.status, r.foresight["solves"], round(r.foresight["attacks"][0]["tankers_found"], 6)
    ('optimal', 2, 3.0)
    >>> seen = solve_timeline(build_timeline_model(port_city(), example_params(), tl))
    >>> float(r.cities["Kayes"]["unmet"].sum().round(3)), float(seen.cities["Kayes"]["unmet"].sum().round(3))
    (101.0, 99.5)
    """
    from supplychain.models.timeexp import build_timeline_model
    from supplychain.models.timeexp_solve import cost_goal_runs, solve_timeline

    begin = time.perf_counter()
    check_model_arguments(graph, params, timeline=timeline)
    validate_model_inputs(graph)  # before the arcs: a KeyError ('travel_time_h') there (api37)
    if pricing_start not in ("steady", "corridors"):  # was taken without a word unless arc_pricing (api37)
        raise ArgumentError(f"pricing_start = {pricing_start!r}; give 'steady' or 'corridors'")
    volume = tanker_volume(graph, tanker_m3)
    if first is not None and (arcs is None or first[0].arcs is not arcs):
        raise ParameterError("solve_myopic: 'first' must be a model built on the 'arcs' given (the "
                             "same list), so that its columns are the later solves'")  # fmt: skip
    if arc_pricing and detour is not None:
        raise ParameterError(f"solve_myopic: arc pricing is exact and detour = {detour!r} an approximation; "
                             "give one of them")  # fmt: skip
    if arcs is None:
        arcs, reduction = reduce_arcs(graph, edge_lags_days(graph, params), timeline, volume, detour=detour)
        logger.info("Reduced the network for the timeline: %s", reduction.describe())
    priced: list[dict[str, Any]] = []  # each priced solve's arc_pricing, in order
    retried: set[int] = set()  # those of solves without a plan made again within _BAND (no plan of theirs stands)
    days = learning_days(timeline)
    learnt = [not _learnt(a, timeline) for a in timeline.attacks]
    given = list(timeline.attacks)  # the tankers each attack destroys, once learnt: those it found
    found_log: list[dict[str, Any]] = [
        {"label": a.label, "date": str(timeline.date(a.day)), "day": a.day, "tankers_drawn": a.tankers,
         "tankers_found": a.tankers, "known_from_start": True} for a, known in zip(given, learnt, strict=True)
        if known]  # fmt: skip
    build_s = solve_s = 0.0
    model: TimelineModel | None = None
    result: TimelineResult | None = None
    cutoff, solves = 0, 0
    pinned: dict[tuple[int, int], float] = {}  # flows the attacks found, fixed from then on
    # Per attack learnt (timeline index): the m³ it found on each entry, the most its lost_
    # columns may take there (none elsewhere); from the solve after it, `destroyed` fixes them.
    found_at: dict[int, dict[tuple[int, int], float]] = {}
    # Cargo each attack destroyed, (timeline index, arc, entry day) -> m³, fixed from then on:
    # a later solve let an earlier attack destroy less than it had (its miss slack), so that
    # fuel it destroyed arrived and the tankers lost outnumbered the cargo lost (fuzz25).
    destroyed: dict[tuple[int, int, int], float] = {}
    overrun: list[Any] = []  # the fleet slack columns of the plan in force (_soft_fleet)
    banded = False  # whether the fixed values are free within _BAND (see below)
    logged: dict[int, dict[str, Any]] = {}  # found_log's entry of each attack learnt
    for step in range(len(days) + 1):
        previous = model
        last = step == len(days)
        if step:
            assert previous is not None  # the first step set it
            day = days[step - 1]
            cutoff = day
            taken: dict[tuple[int, int], float] = {}
            nothing_found = True
            gone = _destroyed_by_entry(previous)
            for j, attack in enumerate(timeline.attacks):
                if attack.day != day:
                    continue
                found_at[j] = {}
                cargo, earliest = _found(previous, attack, taken, volume, found_at[j], gone=gone)
                cutoff = max(min(cutoff, earliest), 0)
                given[j] = replace(attack, tankers=cargo / volume)
                learnt[j] = True
                logged[j] = {"label": attack.label, "date": str(timeline.date(day)), "day": day,
                             "tankers_drawn": attack.tankers, "tankers_found": cargo / volume,
                             "known_from_start": False}  # fmt: skip
                found_log.append(logged[j])
                nothing_found = nothing_found and cargo == 0.0
            pinned.update((e, float(previous.x[e].varValue or 0.0)) for e in taken)
            # The last day is solved again only for the cost goal, where it runs: on a larger LP
            # the solve gave the same plan again (the back-test's 60 days from 1 October:
            # 1.5 s more, its attacks finding nothing; fuzz25).
            if nothing_found and not (last and lexicographic and cost_goal_runs(len(previous.problem.constraints))):
                model = previous  # the plan stands: the next solve fixes its days from it
                logger.info("Myopic plan, day %d learnt: its attacks find no cargo; the plan stands", day)
                if last and lexicographic and result is not None:
                    result = replace(result, cost_goal="skipped")  # as solve_timeline says it
                continue
        elif first is not None:
            model, first_result = first
            solves += 1
            build_s += first_result.build_s  # the model's, or every priced round's
            if arc_pricing:
                priced.append(first_result.arc_pricing or {})
            solve_s += first_result.solve_s
            result = first_result
            if first_result.status not in ("optimal", "feasible"):
                result = replace(first_result, message=f"the myopic plan's solve 1 (before any attack) ended "
                                                       f"{first_result.status}: {first_result.message}")  # fmt: skip
                break
            continue
        for again in (False, True):
            known_at = [j for j, k in enumerate(learnt) if k]
            # The interior point's values, fixed, leave the rows of the fixed days off by its
            # tolerance (a junction's conservation by up to 8e-8 m3 on 16 rows after six solves:
            # HiGHS then found no plan; fuzz26, the illustrative threat with a fleet of 500): a
            # later solve without a plan is made again with each fixed value free within _BAND,
            # and so are the solves after it (whose fixed values carry the same residuals).
            bands = (0.0,) if previous is None else (_BAND,) if banded else (0.0, _BAND)
            for band in bands:
                known = replace(timeline, attacks=tuple(given[j] for j in known_at))

                def fix(m: TimelineModel, previous: TimelineModel | None = previous, cutoff: int = cutoff,
                        band: float = band, known_at: list[int] = known_at) -> None:  # fmt: skip
                    nonlocal overrun  # the slack of the last model fixed: the plan's
                    if previous is not None:
                        _fix_before(m, previous, cutoff, pinned, band=band)
                        _only_found(m, known_at, found_at)
                        _fix_destroyed(m, known_at, destroyed, band=band)
                        overrun = _soft_fleet(m)

                # Every trip keeps its column: those under way, fixed, may need fuel from flows
                # that the fleet's destruction would otherwise leave out (found by hypothesis).
                if arc_pricing:
                    model, result = _solve_priced(graph, params, known, arcs, previous, fix, cutoff, time_limit_s=time_limit_s,
                                                  lexicographic=lexicographic and last, tanker_m3=tanker_m3,
                                                  start=pricing_start, drop_fleetless_trips=not step)  # fmt: skip
                    priced.append(result.arc_pricing or {})
                else:
                    model = build_timeline_model(graph, params, known, arcs=arcs, tanker_m3=tanker_m3,
                                                 drop_fleetless_trips=not step)  # fmt: skip
                    fix(model)
                    result = solve_timeline(model, time_limit_s=time_limit_s, lexicographic=lexicographic and last)
                solves += 1
                build_s += result.build_s
                solve_s += result.solve_s
                if result.status not in ("infeasible", "solver_error"):
                    banded = banded or bool(band)
                    break
                if not band and previous is not None:
                    if arc_pricing:
                        retried.add(len(priced) - 1)
                    logger.info("Myopic plan, solve %d ended %s; solved again with the fixed days free "
                                "within %g of their values", solves, result.status, _BAND)  # fmt: skip
            assert model is not None and result is not None
            logger.info("Myopic plan, solve %d (%s): %s", solves, "no attack of the horizon known" if not step
                        else f"learning day {days[step - 1]}, days before {cutoff} fixed", result.status)  # fmt: skip
            if result.status not in ("optimal", "feasible") or not step or again:
                break
            # Found fuel that fed other found fuel (a flow back along the attacked road the
            # same day) cannot all be destroyed: the attacks then destroy what the plan
            # matched, and the day is solved again with those tankers (the plan that matched
            # them stays feasible, the fleet being larger).
            short = _matched_short(model, known_at, days[step - 1], volume)
            if not short:
                break
            for j, matched in short.items():
                given[j] = replace(given[j], tankers=matched / volume)
                logged[j]["tankers_found"] = matched / volume
            logger.info("Myopic plan, day %d: %d attack(s) matched less cargo than they found; solved again "
                        "with the tankers matched", days[step - 1], len(short))  # fmt: skip
        assert result is not None
        if step and model is not None and result.status in ("optimal", "feasible"):
            destroyed.update(((known_at[a], i, t), _value(var)) for (a, i, t), var in model.lost.items()
                             if given[known_at[a]].day == days[step - 1])  # fmt: skip
        if result.status not in ("optimal", "feasible"):
            when = "before any attack" if not step else f"after the attack(s) of {timeline.date(days[step - 1])}"
            result.message = f"the myopic plan's solve {solves} ({when}) ended {result.status}: {result.message}"
            break
    # Attacks that found nothing and got no solve change no figure of the plan that stood
    # (no tanker, no cargo): its result is theirs.
    assert result is not None and model is not None
    over = sum(_value(v) for v in overrun) if result.status in ("optimal", "feasible") else 0.0
    pricing = result.arc_pricing
    if arc_pricing and priced:
        # The plan holds every solve's days: proved only when every solve's pricing was (but
        # for a solve without a plan made again within _BAND: its retry's plan stands). A new
        # dict, not the shared first plan's (timeline-mc) changed in place.
        pricing = {**priced[-1], "certified": all(p.get("certified") is True for k, p in enumerate(priced)
                                                  if k not in retried),
                   "solves": len(priced), "rounds_per_solve": [p.get("rounds", 0) for p in priced],
                   # How the plan's pricing started: the first solve's (the later ones "given").
                   "start": priced[0].get("start"), "detour_start": priced[0].get("detour_start")}  # fmt: skip
    result = replace(result, build_s=build_s, solve_s=solve_s, arc_pricing=pricing, foresight={
        "kind": "myopic", "solves": solves, "attacks": sorted(found_log, key=lambda r: (r["day"], r["label"])),
        "fleet_overrun_tanker_days": over})
    logger.info("Myopic plan of '%s': %d solve(s), %d attack(s) learnt in %.1f s", timeline.name, solves,
                sum(not r["known_from_start"] for r in found_log), time.perf_counter() - begin)  # fmt: skip
    return result


def _solve_priced(graph: nx.MultiDiGraph, params: ModelParameters, timeline: Timeline, arcs: list[Arc],
                  previous: TimelineModel | None, fix: Callable[[TimelineModel], None], cutoff: int, *,
                  time_limit_s: float | None, lexicographic: bool, tanker_m3: float | None, start: str,
                  drop_fleetless_trips: bool) -> tuple[TimelineModel, TimelineResult]:  # fmt: skip
    """One plan of :func:`solve_myopic` with its arcs priced in: the first from ``start``'s arcs,
    a later one (``previous`` given) from the previous plan's, every round's model ``fix``-ed
    (its days before the cut-off fixed at ``previous``'s values: those columns are among the
    starting arcs, and a column left out carried nothing before, so it is not priced there)."""
    from supplychain.models.timeexp_price import solve_priced

    begin = None if previous is None else frozenset(
        range(len(arcs)) if previous.active is None else previous.active)  # fmt: skip
    return solve_priced(graph, params, timeline, time_limit_s=time_limit_s, lexicographic=lexicographic,
                        tanker_m3=tanker_m3, arcs=arcs, start=start, start_arcs=begin,
                        drop_fleetless_trips=drop_fleetless_trips, prepare=fix,
                        fixed_before=0 if previous is None else cutoff)  # fmt: skip


def _found(model: TimelineModel, attack: Attack, taken: dict[tuple[int, int], float],
           volume: float, mine: dict[tuple[int, int], float], *,
           gone: Mapping[tuple[int, int], float], value: Callable[[Any], float] = _value,
           reach: list[tuple[int, int]] | None = None) -> tuple[float, int]:  # fmt: skip
    """The cargo (m³) ``attack`` finds in ``model``'s solved plan, which did not know it, and the
    first day fuel it reaches would have arrived at its arc's end. ``taken``: cargo of each
    entry already found by attacks of the same day; ``mine``: the attack's own per entry
    (both updated); ``gone``: :func:`_destroyed_by_entry` of the plan. ``value`` reads a
    column's value (default: PuLP's, as solved; a warm re-solve reads HiGHS's), ``reach`` the
    attack's entries if already known."""
    from supplychain.models.timeexp import _attack_reach

    there: list[tuple[tuple[int, int], float]] = []
    for entry in _attack_reach(model, attack) if reach is None else reach:
        var = model.x.get(entry)
        if var is None:
            continue
        left = value(var) * (1.0 - model.loss_share[entry]) - gone.get(entry, 0.0) - taken.get(entry, 0.0)
        if left > 0.0:
            there.append((entry, left))
    want = attack.tankers * volume
    cargo = 0.0
    there = [(e, left) for e, left in there if left > _NOTHING_M3]
    if sum(left for _e, left in there) < _NOTHING_TANKERS * volume:
        return 0.0, attack.day + 1
    earliest = math.inf
    for entry, left in there:
        if cargo >= want:
            break
        take = min(left, want - cargo)
        taken[entry] = taken.get(entry, 0.0) + take
        mine[entry] = take
        cargo += take
        i, t = entry
        earliest = min(earliest, t + math.floor(max(model.arrival_days[i], 0.0)))
    return cargo, int(earliest) if earliest < math.inf else attack.day


def _destroyed_by_entry(model: TimelineModel, value: Callable[[Any], float] = _value) -> dict[tuple[int, int], float]:
    """Per (arc, entry day), the cargo the attacks ``model`` knows destroyed in its solved plan
    (``value`` as :func:`_found`'s): read once per learning day, for every attack of it."""
    gone: dict[tuple[int, int], float] = {}
    for (_a, i, t), lost in model.lost.items():
        gone[(i, t)] = gone.get((i, t), 0.0) + value(lost)
    return gone


def _only_found(model: TimelineModel, known_at: list[int], found_at: dict[int, dict[tuple[int, int], float]]) -> None:
    """Bound each learnt attack's ``lost_`` columns by the cargo it found on their entry (0
    where it found none). Without the bounds the plan made after an attack chose which
    cargo it had destroyed: fuel it sent that day into another road the attack names, which
    the attack then "destroyed" in place of the cargo it found (a port, Kayes and a dead
    end, both roads ambushed: half the ambush's tankers went to fuel sent after it)."""
    for (a, i, t), var in model.lost.items():
        mine = found_at.get(known_at[a])
        if mine is not None:
            var.upBound = mine.get((i, t), 0.0)


def _soft_fleet(model: TimelineModel) -> list[Any]:
    """Let the tankers on the road exceed the fleet, at a price no delivery is worth
    (``fleet_over_<t>`` tanker-days, read into the result's ``foresight``).

    The fleet rows count tanker-days: a m³ on a road of ``L`` days keeps ``2 share / V``
    tankers on it each day, while an attack takes its tankers off the fleet whole. On a road
    shorter than half a day (or a trip's last fraction of a day) a destroyed tanker frees less
    of the day than it leaves the fleet short, and trips already fixed may then need more
    tanker-days than the fleet left: with a fleet that binds, the solve was infeasible (found by
    hypothesis: a fleet of 1 tanker, a 6-hour road). Those trips are under way; they are counted
    as run, and the overrun is said. Returns the slack columns."""
    import pulp

    if not model.fleet_rows:
        return []
    shortest = min((lag for lag in model.lag_days if lag > 0), default=1.0)
    # A tanker-day carries at most V / (2 share) m³ a day; a share below 0.05 day counted as
    # 0.05 (assumption): the price is then at least the miss penalty per m³ it could carry.
    price = model.miss_penalty * model.tanker_m3 / (2.0 * min(max(shortest, 0.05), 1.0))
    slack = []
    for t, row in model.fleet_rows.items():
        over = pulp.LpVariable(f"fleet_over_{t}", 0)
        row.addInPlace(-1.0 * over)
        model.stage1.addInPlace(-price * over)
        slack.append(over)
    model.problem.setObjective(model.stage1)
    return slack


def _matched_short(model: TimelineModel, known_at: list[int], day: int, volume: float) -> dict[int, float]:
    """The attacks of ``day`` (``known_at``: the timeline index of each of ``model``'s attacks)
    whose solved plan matched less cargo than they were given, by more than a thousandth of
    a tanker: timeline index -> m³ matched."""

    matched = [0.0] * len(known_at)
    for (a, _i, _t), var in model.lost.items():
        matched[a] += _value(var)
    attacks = model.timeline.attacks
    return {j: matched[a] for a, j in enumerate(known_at)
            if attacks[a].day == day and attacks[a].tankers * volume - matched[a] > _NOTHING_TANKERS * volume}


def _fix_destroyed(model: TimelineModel, known_at: list[int], destroyed: dict[tuple[int, int, int], float], *,
                   band: float = 0.0) -> None:  # fmt: skip
    """Fix the cargo destroyed by the attacks learnt before (``destroyed``, keyed by timeline
    index as ``known_at`` maps ``model``'s attacks) at what they destroyed when learnt (within
    ``band``, as :func:`_fix_before`)."""
    for (a, i, t), var in model.lost.items():
        value = destroyed.get((known_at[a], i, t))
        if value is not None:
            var.lowBound, var.upBound = _within(value, 0.0, math.inf, band)


def _within(value: float, low: float, high: float, band: float) -> tuple[float, float]:
    """The bounds fixing a column at ``value`` (clipped to ``[low, high]``), or free within
    ``band`` x max(1, |value|) of it.

    >>> _within(2.0, 0.0, 10.0, 0.0), _within(2.0, 0.0, 10.0, 1e-6), _within(0.0, 0.0, 10.0, 1e-6)
    ((2.0, 2.0), (1.999998, 2.000002), (0.0, 1e-06))
    """
    value = min(max(value, low), high)
    if not band:
        return value, value
    width = band * max(1.0, abs(value))
    return max(value - width, low), min(value + width, high)


def _fix_before(model: TimelineModel, previous: TimelineModel, cutoff: int,
                pinned: dict[tuple[int, int], float], *, band: float = 0.0) -> None:  # fmt: skip
    """Fix ``model``'s decision columns of the days before ``cutoff`` at ``previous``'s values
    (a column the previous model did not have carried nothing), and the flows ``pinned`` at
    theirs. The values as solved, not rounded: an interior point leaves zeros as 1e-9..1e-7,
    and zeroed they broke rows by up to 1e-6 m³, which HiGHS called infeasible (the
    back-test, 2026-12-06, with no attack learnt). With ``band`` each is free within ``band``
    x max(1, |value|) of its value instead (:func:`_within`): called again so when the fixed
    values' own residuals leave no plan (on a model built again: the bounds it reads are
    the columns' own)."""
    for entry, value in pinned.items():
        var = model.x[entry]
        var.lowBound, var.upBound = _within(value, 0.0, math.inf, band)
    fixed = len(pinned)
    for family in _DECISIONS:
        before: dict[Any, Any] = getattr(previous, family)
        for key, var in getattr(model, family).items():
            if key[-1] >= cutoff:
                continue
            old = before.get(key)
            value = float(old.varValue or 0.0) if old is not None else 0.0
            low = var.lowBound if var.lowBound is not None else -math.inf
            high = var.upBound if var.upBound is not None else math.inf
            var.lowBound, var.upBound = _within(value, low, high, band)
            fixed += 1
    logger.debug("Fixed %d columns of the days before %d", fixed, cutoff)


def add_fleet_slack(model: TimelineModel) -> list[Any]:
    """Give a model that :class:`WarmMyopic` will re-solve the fleet slack columns of the solves
    after an attack (``fleet_over_<t>``, see :func:`solve_myopic`), held at 0 until then, so
    that its first solve is the first plan's LP. Call it before the model is solved or handed
    to HiGHS.

    Parameters
    ----------
    model : TimelineModel

    Returns
    -------
    list of pulp.LpVariable
        The slack columns, one per fleet row (none without a fleet).

    Examples
    --------
    >>> import datetime
    >>> from supplychain.models._examples import example_params, port_city
    >>> from supplychain.models.timeexp import build_timeline_model
    >>> m = build_timeline_model(port_city(), example_params(), Timeline("t", "", datetime.date(2026, 1, 1), 3))
    >>> [(v.name, v.upBound) for v in add_fleet_slack(m)]
    [('fleet_over_0', 0.0), ('fleet_over_1', 0.0), ('fleet_over_2', 0.0)]
    """
    slack = _soft_fleet(model)
    for var in slack:
        var.upBound = 0.0
    return slack


class WarmMyopic:
    """Myopic plans (:func:`solve_myopic`'s rule) re-solved on one HiGHS instance from a basis.

    :func:`solve_myopic` builds and solves the LP again for every attack that finds cargo
    (the interior point, several seconds on a 180-day timeline). Here one *template* model
    holds every attack a plan may learn, each at 0 tankers (its ``attack_<a>`` row's right-hand
    side 0, so its ``lost_`` columns are 0), and the fleet slack of :func:`add_fleet_slack`;
    solved once with a vertex (the first plan), it is the start of every plan: learning an
    attack changes bounds only (the days before the cut-off fixed, the attack's cargo, the
    fleet left), and the dual simplex re-solves from the basis in force, which the change
    leaves dual feasible. A plan's first re-solve starts from the template's basis alone, each
    later one from the one before; a plan ends by putting the template's bounds back.

    The rule is :func:`solve_myopic`'s, step for step (what an attack finds, the cut-off, the
    cargo matched, the destroyed cargo fixed); the plans differ in which of several equally
    good plans is in force when an attack comes: a vertex here (the simplex's pick), the
    interior point's there, which spreads fuel over every road that serves as well, so an
    attack may find other cargo.

    Parameters
    ----------
    model : TimelineModel
        The template, in ``highs`` (:func:`~supplychain.models.timeexp_solve.load_into_highs`,
        so that each column's ``index`` is HiGHS's), with :func:`add_fleet_slack`'s columns
        (``slack``), built with ``drop_fleetless_trips=False``.
    highs : highspy.Highs
        Solved to ``basis`` (the template's optimum).
    basis : highspy.HighsBasis
    slack : list of pulp.LpVariable
    learnable : Mapping of int to float
        The template's attacks a plan may learn (index into ``model.timeline.attacks``, each
        inside the horizon and at 0 tankers there) and each one's tankers when a plan does
        not draw it: the recorded attacks' own, 0 for those only drawn (an attack destroys
        the tankers whose cargo it finds, at most that many).
    time_limit_s : float
        Per solve.
    iteration_cap : int
        Dual simplex iterations a re-solve may take; past it the re-solve runs the interior
        point with the crossover (so that the next one has a basis).

    Examples
    --------
    :func:`solve_myopic`'s example, on a template holding the ambush at 0 tankers: the ambush
    finds 3 tankers of cargo on the road, as there.

    >>> import datetime
    >>> from supplychain.models._examples import example_params, port_city
    >>> from supplychain.models.timeexp import build_timeline_model
    >>> from supplychain.models.timeexp_solve import solve_timeline
    >>> tl = Timeline("t", "", datetime.date(2026, 1, 1), 12, attacks=(Attack("ambush", 8, 0.0, frozenset({"R"})),))
    >>> m = build_timeline_model(port_city(), example_params(), tl, drop_fleetless_trips=False)
    >>> slack = add_fleet_slack(m)
    >>> first = solve_timeline(m, lexicographic=False, crossover=True)
    >>> h = m.problem.solverModel
    >>> warm = WarmMyopic(m, h, h.getBasis(), slack, {0: 0.0}, time_limit_s=60.0, iteration_cap=1000)
    >>> plan = warm.plan({0: 3.0})
    >>> plan.status, plan.solves, round(plan.tankers[0], 6), plan.method
    ('optimal', 2, 3.0, 'dual simplex')
    """

    def __init__(self, model: TimelineModel, highs: Any, basis: Any, slack: Sequence[Any],
                 learnable: Mapping[int, float], *, time_limit_s: float, iteration_cap: int) -> None:  # fmt: skip
        import highspy
        import numpy as np

        from supplychain.models.timeexp_solve import dual_from

        self.model, self.highs, self.basis = model, highs, basis
        self.learnable = dict(learnable)
        self.time_limit_s, self.iteration_cap = time_limit_s, iteration_cap
        lp = highs.getLp()
        self.col_lower = np.asarray(lp.col_lower_, dtype=float)
        self.col_upper = np.asarray(lp.col_upper_, dtype=float)
        # The first plan's values read from ``basis`` alone (the dual simplex finds it optimal:
        # no pivot), not from whatever run left them (a crossover's last factorisation), so
        # that every process starts its plans from the same bits. Every option at HiGHS's
        # default but the log (the driver's draws run on the base's instance, whose solve may
        # have left presolve off by solve_timeline's retries: the interior point a re-solve
        # past the cap falls back to then found other vertices there than on a worker's).
        highs.resetOptions()
        highs.setOptionValue("output_flag", False)
        dual_from(highs, basis, time_limit_s=time_limit_s)
        #: Whether ``basis`` is the template's optimum here (the re-run from it ended optimal);
        #: if not, no plan can start from it (:mod:`~supplychain.scenarios.timeline_mc` then
        #: plans each draw cold).
        self.usable = highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
        self.start = np.asarray(highs.getSolution().col_value, dtype=float)
        tl = model.timeline
        self.days = [a.day for a in tl.attacks]
        # The decision columns (solve_myopic's _DECISIONS) and their days, to fix those before
        # a cut-off in one call.
        pairs = [(var.index, key[-1]) for family in _DECISIONS for key, var in getattr(model, family).items()]
        self.decision_cols = np.array([c for c, _ in pairs], dtype=np.int32)
        self.decision_days = np.array([t for _, t in pairs], dtype=np.int64)
        self.slack_cols = np.array([var.index for var in slack], dtype=np.int32)
        self.lost_cols: dict[int, list[tuple[tuple[int, int], int]]] = {}
        for (a, i, t), var in model.lost.items():
            self.lost_cols.setdefault(a, []).append(((i, t), var.index))
        # _destroyed_by_entry over HiGHS's columns as arrays (3.6 ms a call in Python on the
        # back-test's template, about 8 % of a myopic draw; measured 2026-12-08): each lost
        # column's entry, in model.lost's order, so that the sums add up in the same order.
        entries = {key[1:]: None for key in model.lost}
        self.lost_entries = list(entries)
        slot = {e: k for k, e in enumerate(self.lost_entries)}
        self.lost_entry_of = np.array([slot[key[1:]] for key in model.lost], dtype=np.int64)
        self.lost_index = np.array([var.index for var in model.lost.values()], dtype=np.int64)
        cons = model.problem.constraints
        self.attack_rows = {a: cons[f"attack_{a}"].index for a in range(len(tl.attacks)) if f"attack_{a}" in cons}
        self.fleet_rows = np.array([row.index for row in model.fleet_rows.values()], dtype=np.int32)
        self.fleet_days = np.array(list(model.fleet_rows), dtype=np.int64)
        self.row_lower = np.asarray(lp.row_lower_, dtype=float)
        self.row_upper = np.asarray(lp.row_upper_, dtype=float)
        #: The column and row bounds in ``highs`` now (the template's, or a re-solve's): only
        #: those that change are handed over (all 47,000 columns' took 7 ms a re-solve on the
        #: back-test's template, about 6 % of a myopic draw; measured 2026-12-08).
        self.in_force = (self.col_lower, self.col_upper, self.row_lower, self.row_upper)  # never changed in place
        self.volume = model.tanker_m3

    def plan(self, drawn: Mapping[int, float]) -> WarmPlan:
        """The myopic plan of the template with ``drawn`` (template attack index -> tankers; a
        learnable attack not in it destroys what :attr:`learnable` says), learnt in day order.

        Parameters
        ----------
        drawn : Mapping of int to float

        Returns
        -------
        WarmPlan
        """
        import numpy as np

        tankers = {a: n for a, n in self.learnable.items() if n > 0}
        tankers.update(drawn)
        model, v = self.model, self.volume
        attacks = model.timeline.attacks
        cols = self.start.copy()
        given: dict[int, float] = {a: 0.0 for a in tankers}  # tankers each learnt attack destroys
        found_at: dict[int, dict[tuple[int, int], float]] = {}
        destroyed: dict[int, float] = {}  # lost column -> m³ destroyed, fixed from then on
        pinned: dict[int, float] = {}  # flow column -> m³, the flows the attacks found
        status, solves, method = "optimal", 1, "dual simplex"
        basis = self.basis
        try:
            for day in sorted({self.days[a] for a in tankers}):
                cutoff, nothing = day, True
                taken: dict[tuple[int, int], float] = {}
                today = sorted(a for a in tankers if self.days[a] == day)
                read = _reader(cols)
                gone = self._destroyed_by_entry(cols)
                for a in today:
                    found_at[a] = {}
                    cargo, earliest = _found(model, replace(attacks[a], tankers=tankers[a]), taken, v, found_at[a],
                                             gone=gone, value=read, reach=model.attack_reach[a])  # fmt: skip
                    cutoff = max(min(cutoff, earliest), 0)
                    given[a] = cargo / v
                    nothing = nothing and cargo == 0.0
                pinned.update((model.x[e].index, float(cols[model.x[e].index])) for e in taken)
                if nothing:
                    continue
                for again in (False, True):
                    self._set_bounds(cols, cutoff, pinned, given, found_at, destroyed)
                    ok, how, basis = self._resolve(basis, hot=solves > 1)
                    solves += 1
                    if how != "dual simplex":
                        method = how
                    if not ok:
                        status = self.highs.modelStatusToString(self.highs.getModelStatus()).lower().replace(" ", "_")
                        return WarmPlan(status, None, {a: given[a] for a in tankers}, solves, method, 0.0)
                    cols = np.asarray(self.highs.getSolution().col_value, dtype=float)
                    short = {a: m for a in today
                             if given[a] * v - (m := sum(cols[c] for _, c in self.lost_cols.get(a, ()))) > _NOTHING_TANKERS * v}  # fmt: skip
                    if not short or again:
                        break
                    for a, matched in short.items():
                        given[a] = matched / v
                for a in today:
                    destroyed.update((c, float(cols[c])) for _, c in self.lost_cols.get(a, ()))
            over = float(cols[self.slack_cols].sum()) if len(self.slack_cols) else 0.0
            return WarmPlan(status, cols, {a: given[a] for a in tankers}, solves, method, over)
        finally:
            self._reset()

    def _set_bounds(self, cols: Any, cutoff: int, pinned: Mapping[int, float], given: Mapping[int, float],
                    found_at: Mapping[int, Mapping[tuple[int, int], float]], destroyed: Mapping[int, float]) -> None:  # fmt: skip
        """The bounds of a re-solve: the template's, with the decision columns of the days before
        ``cutoff`` and the ``pinned`` flows fixed at ``cols``, each learnt attack's lost columns
        bounded by what it found (fixed at what it destroyed once a later day is learnt), its
        cargo and the fleet it left, and the fleet slack open."""
        import highspy
        import numpy as np

        lower, upper = self.col_lower.copy(), self.col_upper.copy()
        fixed = self.decision_cols[self.decision_days < cutoff]
        value = np.clip(cols[fixed], lower[fixed], upper[fixed])
        lower[fixed] = upper[fixed] = value
        for c, m3 in pinned.items():
            lower[c] = upper[c] = m3
        for a, mine in found_at.items():
            for entry, c in self.lost_cols.get(a, ()):
                if c in destroyed:
                    lower[c] = upper[c] = destroyed[c]
                else:
                    upper[c] = mine.get(entry, 0.0)
        if len(self.slack_cols):
            upper[self.slack_cols] = highspy.kHighsInf
        attacks = self.model.timeline.attacks
        fleet = self.model.params.fleet
        tankers = [(attack.day, given.get(a, attack.tankers)) for a, attack in enumerate(attacks)]
        cargo = destroyed_tankers(tankers, self.model.timeline.starting_fleet(fleet.tankers) if fleet.enabled else None)
        row_lower, row_upper = self.row_lower.copy(), self.row_upper.copy()
        if self.attack_rows:
            rows = np.array(list(self.attack_rows.values()), dtype=np.int32)
            row_lower[rows] = row_upper[rows] = [cargo[a] * self.volume for a in self.attack_rows]
        if len(self.fleet_rows):
            # The template's fleet (its learnable attacks at 0 tankers) less the tankers the
            # learnt attacks destroy from their day on (as timeexp._fleet_by_day counts them).
            lost = np.zeros(self.model.days)
            for a, destroyed_n in given.items():
                lost[attacks[a].day] += destroyed_n
            base = np.asarray(self.model.fleet_tankers, dtype=float)[self.fleet_days]
            left = np.maximum(base - np.cumsum(lost)[self.fleet_days], 0.0)
            row_upper[self.fleet_rows] = self.row_upper[self.fleet_rows] - base + left
        self._hand_over(lower, upper, row_lower, row_upper)

    def _hand_over(self, col_lower: Any, col_upper: Any, row_lower: Any, row_upper: Any) -> None:
        """Put these bounds in force in :attr:`highs`, handing over only those that differ from
        :attr:`in_force` (a bound set to the value it has changes nothing there)."""
        import numpy as np

        old_cl, old_cu, old_rl, old_ru = self.in_force
        cols = np.flatnonzero((col_lower != old_cl) | (col_upper != old_cu)).astype(np.int32)
        if len(cols):
            self.highs.changeColsBounds(len(cols), cols, col_lower[cols], col_upper[cols])
        rows = np.flatnonzero((row_lower != old_rl) | (row_upper != old_ru)).astype(np.int32)
        if len(rows):
            self.highs.changeRowsBounds(len(rows), rows, row_lower[rows], row_upper[rows])
        self.in_force = (col_lower, col_upper, row_lower, row_upper)

    def _destroyed_by_entry(self, cols: Any) -> dict[tuple[int, int], float]:
        """:func:`_destroyed_by_entry` of the plan whose column values are ``cols`` (HiGHS's
        order), the entries with none left out (read as 0 by :func:`_found`)."""
        import numpy as np

        sums = np.bincount(self.lost_entry_of, weights=cols[self.lost_index], minlength=len(self.lost_entries))
        return {self.lost_entries[k]: float(sums[k]) for k in np.flatnonzero(sums)}

    def _resolve(self, basis: Any, *, hot: bool = False) -> tuple[bool, str, Any]:
        """Re-solve from ``basis``: the dual simplex within the cap (again without its cost
        perturbation, then the primal simplex, when it ends neither optimal nor at a limit),
        else the interior point with the crossover. Returns (optimal, method, the basis
        reached). ``hot``: the instance holds this plan's previous re-solve, optimal at
        ``basis``: its factorisation is kept (the first re-solve of a plan starts from the
        template's basis alone, so a plan's path does not depend on the plans solved before
        it)."""
        import highspy

        from supplychain.models.timeexp_solve import IPM_GAP, rerun_from

        h = self.highs
        optimal = highspy.HighsModelStatus.kOptimal
        h.setOptionValue("solver", "simplex")
        # The dual simplex from the basis in force. HiGHS 1.16's ends some of these re-solves
        # "Unknown" (optimal while its costs are perturbed, then about 350 primal infeasibilities
        # of 1e-4 m³ in all once they are not: 3 of 200 draws of the observed-rate threat,
        # 2026-12-06); from the same basis without the cost perturbation it solved each in
        # 283-854 iterations, as the primal simplex did in 4,400-6,500 (measured on those 3).
        tries = ((1, 1.0, "dual simplex"), (1, 0.0, "dual simplex"), (4, 1.0, "primal simplex"))
        for strategy, perturbation, method in tries:
            h.setOptionValue("simplex_strategy", strategy)
            h.setOptionValue("dual_simplex_cost_perturbation_multiplier", perturbation)
            h.setOptionValue("simplex_iteration_limit", self.iteration_cap)
            if hot:
                h.setOptionValue("time_limit", float(h.getRunTime()) + self.time_limit_s)
                h.run()
                hot = False
            else:
                rerun_from(h, basis, time_limit_s=self.time_limit_s)
            h.setOptionValue("simplex_iteration_limit", _NO_ITERATION_LIMIT)
            h.setOptionValue("dual_simplex_cost_perturbation_multiplier", 1.0)
            h.setOptionValue("simplex_strategy", 1)
            if h.getModelStatus() == optimal:
                return True, method, h.getBasis()
            logger.debug("Warm myopic re-solve: the %s ended %s", method, h.modelStatusToString(h.getModelStatus()))
            if h.getModelStatus() in (highspy.HighsModelStatus.kIterationLimit, highspy.HighsModelStatus.kTimeLimit):
                break  # far from the basis: the interior point
        logger.info("Warm myopic re-solve: the simplex ended %s; the interior point with the crossover",
                    h.modelStatusToString(h.getModelStatus()))  # fmt: skip
        for key, value in (("solver", "ipm"), ("run_crossover", "on"), ("ipm_optimality_tolerance", IPM_GAP)):
            h.setOptionValue(key, value)
        h.setOptionValue("time_limit", float(h.getRunTime()) + self.time_limit_s)
        h.clearSolver()
        run_interruptible(h)
        h.setOptionValue("solver", "simplex")
        ok = h.getModelStatus() == optimal
        return ok, "interior point", h.getBasis() if ok else basis

    def _reset(self) -> None:
        """The template's bounds again (the next plan starts from them and :attr:`basis`)."""
        self._hand_over(self.col_lower, self.col_upper, self.row_lower, self.row_upper)


def _reader(cols: Any) -> Callable[[Any], float]:
    """A column's value in ``cols`` (HiGHS's order), for :func:`_found`."""
    return lambda var: float(cols[var.index])


@dataclass(frozen=True)
class WarmPlan:
    """A plan of :meth:`WarmMyopic.plan`.

    Attributes
    ----------
    status : str
        ``"optimal"``, or HiGHS's status of the re-solve that ended without a plan.
    columns : numpy.ndarray or None
        The plan's column values (HiGHS's order), None without a plan.
    tankers : dict of int to float
        Per attack learnt (template index), the tankers it destroyed: the cargo it found ÷
        the tanker volume (before the fleet's cap).
    solves : int
        Solves, the template's first plan counted.
    method : str
        ``"dual simplex"``, or ``"primal simplex"`` / ``"interior point"`` when a re-solve
        needed it (the last such).
    fleet_overrun_tanker_days : float
        As :func:`solve_myopic`'s ``foresight``.

    Examples
    --------
    A plan whose one attack found 2.5 tankers' cargo, learnt by one re-solve:

    >>> plan = WarmPlan("optimal", None, {3: 2.5}, 2, "dual simplex", 0.0)
    >>> plan.tankers[3], plan.solves
    (2.5, 2)
    """

    status: str
    columns: Any
    tankers: dict[int, float]
    solves: int
    method: str
    fleet_overrun_tanker_days: float
