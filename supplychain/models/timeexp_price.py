"""Arcs priced in: the exact time-expanded model solved on the arcs it needs, with a proof.

On an imported network the exact reduction leaves thousands of arcs (West Africa 1,048, whole
Africa 4,418 on 180 days: 2 x 10^5 to 8 x 10^5 flow columns), of which an optimal plan uses
few. :func:`solve_priced` builds the model on a starting set of arcs (by default those the
steady-state plan uses, :func:`steady_state_arcs`; or the corridors within 1.5 x the shortest
transit time, ``--detour 0.5``'s, :func:`starting_arcs`; either way plus every arc an escort
stretch or an attack touches), solves its first goal, then prices every flow column left out with the
duals of that solution (column generation by arc, as in Dantzig-Wolfe/delayed column
generation; :func:`price_arcs`). When no column left out has a reduced cost below ``-tol``,
the duals extended to the rows left out form a feasible dual of the full model with the same
objective, so the plan is optimal for the full model (the first goal, to ``tol`` per m³ of a
column). Otherwise the arcs of the improving columns come in and the model is solved again.

The model left out columns, not rows, with one exception: a place with no arc in the model on
a day has no conservation row, and the full model's row there has a free dual. Pricing gives
it the smallest value that prices out every arc leaving it (a backward pass over the days,
:func:`price_arcs`); an arc into it from the model then prices out too, or the chain of arcs
behind that value comes in with it. Missing border and fleet rows (inequalities) get dual 0.
Junction-days the plan leaves idle (every column at 0) have duals bounded only from below;
they get the same smallest value, never above the interior point's: the dual stays optimal
(complementary slackness with the same plan), and the interior point's arbitrary centre no
longer makes every arc into them look improving (whole Africa, 180 days: 3 rounds instead of 4).
That smallest value is computed from the rows the pricing reads (conservation, border, fleet),
so junction-days where a column enters another row in the direction that raises it keep their
dual: the tail of a road an attack hits on its day (the ``lost_`` row: fuel there matches the
attack, worth the miss penalty) and arrivals a convoy row nets out. Before 2026-12-03 such a
day was lowered too: on a 6-day ladder whose attacked road could only be reached by a detour
left out, the pricing certified a plan leaving the attack unmatched, 2.002 below the optimum.

With ``min_escorts`` the escort goals (after delivery, on the goal row keeping its value
without the transit and unit-day prices) are priced as well, each with its own duals
(:func:`price_arcs`'s ``goal_row``): the busiest day's escort units with ``min_escorts="peak"``
(a column ``P`` minimised, rows ``use_t - P <= 0`` of convoy columns only, which flows do not
enter), then the unit-days (convoy columns only). A round ends when every priced goal is certified;
arcs that would improve a goal bring in another round (every goal solved again). The last
goal, stage 1's objective again under the escort goals (the flows' transit price back), is
not priced (:data:`~supplychain.models.timeexp_solve.UNCHECKED_GOALS`): it only breaks
ties among plans whose delivery and escort figures are already certified, and solves on the
arcs the priced goals brought in. The certificate is for the goal stage as the full model's
would be set up from this plan's stage 1: the goal row with the same value and each delivery
and stock injection kept at least at this stage 1's (a full model's stage 1 can take another
of its equal-valued plans, hence other daily deliveries to keep). The cost goal is not priced:
it runs on the arcs the first goals needed, and only on LPs small enough for it anyway (see
:func:`~supplychain.models.timeexp_solve.solve_timeline`'s ``polish``).
"""

from __future__ import annotations

import logging
import numbers
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from supplychain._gc import paused
from supplychain.errors import ArgumentError, ArgumentTypeError
from supplychain.models._switches import env_switch
from supplychain.models.lp import check_model_arguments
from supplychain.models.params import ModelParameters, tanker_volume
from supplychain.models.timeexp import TimelineModel, _transit_coef, arc_days, build_timeline_model
from supplychain.models.timeexp_arcs import (
    Arc,
    _occupancy,
    _split,
    corridor_edges,
    edge_lags_days,
    protected_edges,
    reduce_arcs,
)
from supplychain.models.timeexp_solve import (
    BUSIEST_DAY,
    UNCHECKED_GOALS,
    UNIT_DAYS,
    _check_time_limit,
    solve_timeline,
    timeline_time_limit,
)
from supplychain.models.timeline import Timeline
from supplychain.models.timeline_result import TimelineResult
from supplychain.networks.schema import validate_model_inputs

__all__ = ["PRICING_MIN_ARCS", "WARM_ENV", "WARM_ITERATIONS_PER_ROW", "ArcPricing", "exact_arcs", "price_arcs", "solve_priced", "starting_arcs",
           "steady_state_arcs"]

logger = logging.getLogger(__name__)

#: Assumption: the number of arcs after the exact reductions from which ``supplychain
#: timeline`` prices arcs in by default (no ``--arc-pricing``/``--no-arc-pricing``), placed
#: between the networks measured on 2026-12-02 (priced from the steady state against unpriced):
#: the embedded network's 208 arcs, nearly all used by the back-test's plan (13.4 s against
#: 8.5 s, in-process); West Africa's 1,048 (through the CLI, 30 days: 3.6 s against 4.4 s; 180
#: days: 13.7-15.7 s against 98-111 s) and whole Africa's 4,418 (30 days 4.8 s; 180 days 41-43 s
#: against no plan within minutes). Arc-days do not separate them (West Africa over 30 days,
#: 31,440, is smaller than the back-test, 37,648, and gains). With warm rounds (2026-12-03,
#: CLI): the back-test 17.7 s priced against 10.7 s; West Africa 30 days 2.1 s against 4.5 s.
PRICING_MIN_ARCS = 400
#: Assumption: with ``start="corridors"``, the starting arcs are ``--detour 0.5``'s corridors
#: (README "Large networks").
START_DETOUR = 0.5
#: Assumption: rounds of pricing before the remaining arcs all come in at once.
MAX_ROUNDS = 8
#: Environment variable that makes every round of :func:`solve_priced` an interior point from
#: scratch (``0``/``off``; the path before 2026-12-03, kept for benchmarks/timeline.py), or warm
#: whatever the timeline (``1``/``on``); unset, the rounds are warm unless the timeline has
#: escorted stretches (see :func:`solve_priced`).
WARM_ENV = "SUPPLYCHAIN_PRICING_WARM"
#: Primal simplex iterations a warm round may take, per row of its LP, before it is solved by
#: the interior point from scratch and the later rounds are cold (assumption, from the rounds
#: measured 2026-12-04: undisturbed West Africa and whole Africa 0.01-0.36 per row, 1-2 s each;
#: West Africa's back-test, round 2 after 282 arcs came in, 4.7 per row and 151 s, where a cold
#: round took 18 s). About twice the most an undisturbed round took.
WARM_ITERATIONS_PER_ROW = 0.75
#: A column prices out when its reduced cost is at least ``-_TOL`` x the largest stage-1
#: coefficient (the interior point stops at a relative gap of 1e-10; its duals are good to
#: about 1e-8 relative on the back-test). The transit price is 1e-5 per m³-day: a column
#: saving less than a hundredth of a day's transit per m³ is not brought in.
_TOL = 1e-7
#: A flow column at most this (m³) is at 0 in an interior-point plan (see solve_timeline: values
#: under 1e-6 are read as 0).
_IDLE = 1e-6
#: A vertex's row duals above this many times the largest stage-1 coefficient are taken as
#: garbage (assumption: a conservation row's dual is what one m³ more at a place-day is worth,
#: a few delivery values; the interior point's reach 3e2 x on whole Africa). Seen on whole
#: Africa with an escorted, closed-border timeline (2026-12-03): the crossover's basis had duals
#: of 9e170 (an alternating chain through split arrivals over the last days, 7e-20 dual
#: infeasible by HiGHS's measure), and the primal simplex from that basis then failed.
_DUAL_SANITY = 1e6
#: Passes allowed beyond the same-day arcs' count for duals creeping up a cycle (see price_arcs;
#: each pass costs a few microseconds per arc re-priced).
_CREEP_PASSES = 2000


@dataclass(frozen=True)
class ArcPricing:
    """What pricing the columns left out of a model found.

    Attributes
    ----------
    certified : bool
        No column left out improves the goal priced: the plan is optimal for every arc.
    violating : frozenset of int
        Arcs to bring in (improving columns, and the chains of arcs behind them).
    worst_reduced_cost : float
        The most negative reduced cost found (HiGHS's minimising form), 0 if none.
    columns : int
        Columns priced.

    Examples
    --------
    >>> ArcPricing(True, frozenset(), 0.0, 10).certified
    True
    """

    certified: bool
    violating: frozenset[int]
    worst_reduced_cost: float
    columns: int


def starting_arcs(graph: nx.MultiDiGraph, lags: list[float], timeline: Timeline, arcs: list[Arc], *,
                  detour: float = START_DETOUR) -> frozenset[int]:  # fmt: skip
    """Arcs to start pricing from: those on the corridors within ``(1 + detour)`` x the
    shortest (every edge of the arc is), and every arc with an edge an escort stretch or an
    attack names (or a road into such an edge's ends), so the arcs left out never enter a
    convoy or attack row.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    lags : list of float
        Transit days per edge.
    timeline : Timeline
    arcs : list of Arc
        The exact reduction's arcs.
    detour : float, default 0.5

    Returns
    -------
    frozenset of int
        Indices into ``arcs``.

    Examples
    --------
    >>> from datetime import date
    >>> starting_arcs(nx.MultiDiGraph(), [], Timeline("t", "", date(2026, 1, 1), 3), [])
    frozenset()
    """
    return _arcs_on(graph, timeline, arcs, corridor_edges(graph, lags, timeline, detour))


def _arcs_on(graph: nx.MultiDiGraph, timeline: Timeline, arcs: list[Arc], edges: set[int]) -> frozenset[int]:
    """The arcs whose every edge is in ``edges`` (indices in ``graph.edges(keys=True)`` order),
    and every arc with an edge an escort stretch or an attack names (or a road into such an
    edge's ends), so the arcs left out never enter a convoy or attack row."""
    index = {e: i for i, e in enumerate(graph.edges(keys=True))}
    named = {index[e] for e in protected_edges(graph, timeline)}
    return frozenset(i for i, a in enumerate(arcs) if set(a.edges) <= edges or named.intersection(a.edges))


def steady_state_arcs(graph: nx.MultiDiGraph, params: ModelParameters, timeline: Timeline,
                      arcs: list[Arc]) -> frozenset[int] | None:  # fmt: skip
    """Arcs to start pricing from: those the steady-state plan uses (every edge of the arc
    carries flow in the undisturbed network's LP, :func:`~supplychain.models.lp.solve`), and
    every arc an escort stretch or an attack names, as in :func:`starting_arcs`.

    The steady state routes the same demand on the cheapest roads in a fraction of a second
    (West Africa 0.08 s, whole Africa 0.4 s): its arcs are most of what a timeline's plan
    uses, where the corridors within 1.5 x the shortest are several times that (West Africa,
    180 days undisturbed: 57 arcs against 312; the priced plan used 121 arcs carrying fuel).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    params : ModelParameters
    timeline : Timeline
    arcs : list of Arc
        The exact reduction's arcs.

    Returns
    -------
    frozenset of int or None
        Indices into ``arcs``; None when the steady state has no optimal plan.

    Raises
    ------
    ParameterError, SchemaError
        From :func:`~supplychain.models.lp.build_model`: the network has no supply or no
        demand, or a value the model reads is missing or out of range.

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> from supplychain.models import load_model_parameters
    >>> from datetime import date
    >>> g, p = build_network(), load_model_parameters()
    >>> tl = Timeline("calm", "", date(2026, 1, 1), 3)
    >>> all_arcs = exact_arcs(g, p, tl)
    >>> 0 < len(steady_state_arcs(g, p, tl, all_arcs)) < len(all_arcs)
    True
    """
    from supplychain.models.lp import build_model, solve

    solution = solve(build_model(graph, params))
    if solution.status != "optimal":
        logger.info("The steady state has no optimal plan (%s): pricing starts from the corridors",
                    solution.status)  # fmt: skip
        return None
    index = {e: i for i, e in enumerate(graph.edges(keys=True))}
    return _arcs_on(graph, timeline, arcs, {index[e] for e, flow in solution.edge_flow_m3.items() if flow > 1e-6})


def _node_keep(model: TimelineModel, nodes: list[Hashable], width: int) -> np.ndarray:
    """1 - the node effects' loss probability per node and day (as in the conservation rows)."""
    keep = np.ones((len(nodes), width))
    tl = model.timeline
    if not tl.effects:
        return keep
    for k, n in enumerate(nodes):
        name = model.graph.nodes[n].get("name")
        if name:
            effects = tl.node_effects(name)
            keep[k, : model.days] = [1.0 - e.loss_probability for e in effects]
    return keep


def _idle_junction_rows(model: TimelineModel, values: np.ndarray) -> list[tuple[Hashable, int]]:
    """Conservation rows of junctions (no load, stock or delivery) whose columns are all at 0.

    Such a row's dual is bounded only from below, by the reduced costs of the columns leaving
    it, each at its bound 0, so any value above that bound keeps the plan optimal
    (complementary slackness): see :func:`price_arcs`. The pricing computes that bound from the
    rows it reads (conservation, border, fleet), so rows are left out where a column enters a
    row it does not read in the direction that lowers the bound: an attack's cargo (``lost``,
    which a lower dual would make look improving), a flow an attack hits (its ``lost_<i>_<t>``
    row raises the bound by up to the miss penalty: the fuel at the tail on the attack's day
    is worth matching the attack) and the arrivals a convoy's join row nets out.
    """
    served = set(model.supply_nodes) | set(model.storage) | {b[0] for b in model.blocks.values()}
    unread = {id(var) for var in model.lost.values()}
    unread |= {id(model.x[(i, t)]) for _a, i, t in model.lost}
    unread |= {id(var) for _, joins in model.convoy_need.values() for terms in joins
               for var, c in terms if c < 0}  # fmt: skip
    return [key for key, con in model.conservation_rows.items()
            if key[0] not in served and all(abs(values[var.index]) <= _IDLE and id(var) not in unread
                                            for var in con)]  # fmt: skip


def price_arcs(model: TimelineModel, *, tol: float | None = None, idle_rule: bool = True,
               goal_row: int | None = None, goal_flows: bool = True, fixed_before: int = 0) -> ArcPricing:  # fmt: skip
    """Price the flow columns of the arcs left out of a solved model (first goal, or with
    ``goal_row`` the escort unit-days goal of ``min_escorts``).

    Reads the row duals of the HiGHS instance PuLP solved (``model.problem.solverModel``, in
    HiGHS's minimising form: a column at 0 prices out when ``cost - A^T y >= -tol``). Each
    column left out, ``x[e, t]``, would enter the conservation rows of its tail on day ``t``
    (-1) and of its head on its arrival days (the share kept x the day's share), its head's
    border-post rows and the fleet rows of the days its tankers are on the road, and cost the
    transit price (see :mod:`supplychain.models.timeexp`). Place-days with no row get the
    smallest dual that prices out every arc leaving them, computed backwards over the days.

    An escort goal (``goal_row``: the index of the row keeping stage 1's value,
    ``sum c1 x >= v - tol``) minimises the unit-days or the busiest day's units, which only
    convoy columns (always in the model: their stretches' arcs are, see :func:`starting_arcs`)
    and the busiest day's column carry. A flow column left out costs 0 there; with
    ``goal_flows`` it enters the goal row with its stage-1 coefficient ``c1`` (the transit
    price, negative): its reduced cost is ``0 - y_goal c1 - A^T y`` over the other rows, that
    is stage 1's with the sign ``-1`` (a maximisation in HiGHS's minimising form) replaced by
    ``-y_goal``. The escort goals of :func:`~supplychain.models.timeexp_solve.solve_timeline`
    keep delivery alone (``goal_flows`` False; since 2026-12-06). The delivery and injection
    columns' stage-1 values are column bounds, which flows do not enter.

    Parameters
    ----------
    model : TimelineModel
        Built with ``active`` and solved (stage 1 optimal).
    tol : float, optional
        Default 1e-7 x the largest stage-1 coefficient.
    idle_rule : bool, default True
        Give idle junction-days the smallest dual that prices out their arcs (see below);
        False prices with the solver's duals as they are (both are optimal duals; the rule
        brings in fewer arcs that change nothing).
    goal_row : int, optional
        Price for the escort unit-days goal, solved on the model's HiGHS instance with this
        goal row (see above; the unit-days row added after that goal must not be there yet).
        ``tol`` then defaults to 1e-7 x the longer of 1 day and the longest escort round trip
        (the goal's largest coefficient, a convoy's unit-days; stage 1's tolerance is relative
        to its own largest coefficient). Scaled by ``|y_goal|`` x the largest stage-1
        coefficient (a delivery weight, where the flows' are transit prices 1e-5 x days) it
        was 90 times larger on the embedded back-test (y_goal 17-19) and let through an arc
        saving 3e-5 unit-days per m³: 30 days ended 0.006 unit-days (1.5e-4) above the full
        model's.
    goal_flows : bool, default True
        With ``goal_row``: whether the flows enter it. False for the escort goals of
        ``min_escorts`` (the busiest day's units, the unit-days), whose goal row keeps stage
        1's delivery value without the transit price: a flow column left out then costs
        nothing and enters no goal row (its reduced cost is ``-A^T y`` over the other rows).
    fixed_before : int, default 0
        The columns left out that enter their arc before this day are not priced: the model
        they would join holds them at 0 (a myopic re-plan's days before its cut-off, fixed at
        the plan before's values, which had no column there). Priced, the duals of those fixed
        days (any value fits a fixed column) brought in arcs that could carry nothing.

    Returns
    -------
    ArcPricing

    Examples
    --------
    >>> import datetime
    >>> from supplychain.networks import build_network
    >>> from supplychain.models import load_model_parameters
    >>> m = build_timeline_model(build_network(), load_model_parameters(),
    ...                          Timeline("calm", "", datetime.date(2026, 1, 1), 3))
    >>> price_arcs(m).certified  # every arc is in: nothing to price
    True
    """
    out = [i for i in range(len(model.arcs)) if model.active is not None and i not in model.active]
    if not out:
        return ArcPricing(True, frozenset(), 0.0, 0)
    highs = model.problem.solverModel
    duals = np.asarray(highs.getSolution().row_dual, dtype=float)
    largest = max([1.0, *(abs(c) for c in model.stage1.values())])
    if goal_row is None:
        sign = -1.0 if model.problem.sense == -1 else 1.0  # PuLP's LpMaximize is -1: HiGHS minimises -c
        scale = largest
    else:  # the escort goal: the flows' stage-1 coefficients weighted by the goal row's dual
        sign = -float(duals[goal_row]) if goal_flows else 0.0
        scale = max(1.0, max(model.round_trip_days, default=0.0))
    if tol is None:
        tol = _TOL * scale
    days = model.days
    nodes = list(model.graph.nodes)
    nid = {n: k for k, n in enumerate(nodes)}
    # Junction-days nothing passes through in the plan (no load, stock or delivery there, every
    # column at 0): their duals are bounded only from below, and the interior point put some
    # at its centre (West Africa, day 0: 3,000 to 8,800 against delivery weights of 1-3), where
    # every arc into them looked improving. They get the smallest dual that prices out every
    # arc leaving them, the model's arcs included, never above the interior point's: still an
    # optimal dual of the model (complementary slackness with the same plan), with fewer
    # false entries. Not where a column leaving them enters an attack's or a convoy's row
    # (see _idle_junction_rows): the passes below do not read those rows.
    values = np.asarray(highs.getSolution().col_value, dtype=float)
    idle = {(nid[n], t) for n, t in _idle_junction_rows(model, values)} if idle_rule else set()
    left = set(out)
    ours = [i for i in range(len(model.arcs)) if i not in left]  # the model's arcs
    cand = out + ours
    priced = np.arange(len(cand)) < len(out)  # columns left out (the others only bound duals)
    splits = [_split(model.arrival_days[i]) for i in cand]
    occupancy = [_occupancy(model.lag_days[i]) for i in cand]
    width = days + max(w for w, _ in splits) + 2
    # Duals of the rows the model has; NaN marks a place-day without a conservation row, or an
    # idle junction-day (`cap` keeps its interior-point dual, as an upper bound).
    y = np.full((len(nodes), width), np.nan)
    y[:, days:] = 0.0  # arrivals after the horizon enter no row
    cap = np.full((len(nodes), width), np.inf)
    for (n, t), con in model.conservation_rows.items():
        k = nid[n]
        if (k, t) in idle:
            cap[k, t] = duals[con.index]
        else:
            y[k, t] = duals[con.index]
    rowless = np.isnan(y)
    border = np.zeros((len(nodes), width))
    for (n, t), con in model.border_rows.items():
        border[nid[n], t] = duals[con.index]
    fleet = np.zeros(days + width)
    for t, con in model.fleet_rows.items():
        fleet[t] = duals[con.index]
    node_keep = _node_keep(model, nodes, width)
    v = model.tanker_m3
    tails = np.array([nid[model.arcs[i].tail] for i in cand], dtype=int)
    # Per candidate column (arc a of `cand`, day t): whether it counts, the share kept, and
    # the part of A^T y that does not depend on place-days without rows (fleet). A model's
    # column counts only where its tail is an idle junction-day.
    exists = np.zeros((len(cand), days), dtype=bool)
    kept = np.zeros((len(cand), days))
    fleet_part = np.zeros((len(cand), days))
    # Every arc of capacity > 0 on every day, nothing lost, the fleet never gone (arc_days).
    undisturbed = not model.timeline.effects and model.fleet_gone_day is None
    for a, i in enumerate(cand):
        if priced[a] and undisturbed:  # arc_days' answer without building it (whole Africa: 0.3 s a round)
            if model.arcs[i].capacity_m3 > 0:
                exists[a] = True
                kept[a] = 1.0
            found = []
        elif priced[a]:
            found = [(t, keep) for t, _cap, keep in arc_days(model, i)]
        else:
            free_days = np.flatnonzero(np.isfinite(cap[tails[a], :days]))
            found = [(int(t), 1.0 - model.loss_share[(i, int(t))]) for t in free_days if (i, int(t)) in model.x]
        if found:
            ts, keeps = zip(*found, strict=True)
            exists[a, list(ts)] = True
            kept[a, list(ts)] = keeps
        for k, share in enumerate(occupancy[a]):
            fleet_part[a] += 2.0 * share / v * fleet[k: k + days]
    if fixed_before > 0:  # held at 0 there: neither priced nor bounding a row-less place's dual
        exists[priced, :fixed_before] = False
    heads = np.array([nid[model.arcs[i].head] for i in cand], dtype=int)
    # A road into a degraded town has a row per day (model.town_road_rows), read as a border
    # post's: each column arriving on that road takes its dual (none without a degraded town).
    town = np.zeros((len(cand), width)) if model.town_road_rows else None
    if town is not None:
        on_road: dict[tuple[Hashable, int], list[int]] = {}
        for a, i in enumerate(cand):
            on_road.setdefault((model.arcs[i].head, model.arcs[i].edges[-1]), []).append(a)
        for (n, j, t), con in model.town_road_rows.items():
            town[on_road.get((n, j), []), t] = duals[con.index]
    cols_all = np.arange(len(cand))[None, :]
    whole = np.array([w for w, _ in splits], dtype=int)
    frac = np.array([f for _, f in splits])
    cost = np.array([sign * _transit_coef(model, i) for i in cand])
    columns = int(exists[priced].sum())
    # The arc left out that sets a row-less place-day's dual (-1: none; see the chains below).
    argmax = np.full((len(nodes), width), -1, dtype=np.int64)
    worst = 0.0
    violating: list[tuple[int, int]] = []
    # What A^T y takes from each column, by day (rows) and candidate (columns), computed once:
    # the part that does not depend on the duals being set (fleet and border rows) and, for the
    # two arrival days, the coefficient on the head's conservation row with its flat index in
    # `y`. gained() then gathers a day's row of each (the Bellman-Ford passes call it about
    # 6,000 times a round on whole Africa: 0.8 s of a 1.9 s round when it indexed `y` by
    # (head, day) pairs and recomputed the coefficients each call).
    day_of = np.arange(days)[:, None]
    first_day = day_of + whole[None, :]
    static = np.ascontiguousarray(fleet_part.T)
    on_head: list[np.ndarray] = []
    flat_index: list[np.ndarray] = []
    for arrival, portion in ((first_day, 1.0 - frac), (first_day + 1, frac)):
        coef = kept.T * portion[None, :]
        scaled = coef * node_keep[heads[None, :], arrival]
        on_head.append(np.where(scaled > 1e-12, scaled, 0.0))
        flat_index.append(heads[None, :] * width + arrival)
        passing = border[heads[None, :], arrival]
        if town is not None:
            passing = passing + town[cols_all, arrival]
        static += np.where(coef > 1e-12, coef * passing, 0.0)
    del first_day, coef, scaled, passing
    y_flat = y.reshape(-1)  # a view: the passes below write y

    def gained(cols: np.ndarray, t: int) -> np.ndarray:
        """A^T y of columns ``cols`` on day ``t`` (``y`` as it stands)."""
        total = static[t, cols].copy()
        for coef_t, index_t in zip(on_head, flat_index, strict=True):
            c = coef_t[t, cols]
            with np.errstate(invalid="ignore"):  # 0 x -inf where no coefficient: left out
                total += np.where(c > 0.0, c * y_flat[index_t[t, cols]], 0.0)
        return total

    for t in range(days - 1, -1, -1):
        y[rowless[:, t], t] = -np.inf  # no arc leaving: any dual prices it out
        cols = np.flatnonzero(exists[:, t])
        if cols.size == 0:
            continue
        free = rowless[tails[cols], t]
        inner, edge = cols[free], cols[~free]
        if inner.size:
            # Smallest duals that price out every arc leaving a row-less place on day t; arcs
            # arriving the same day into another such place need passes (Bellman-Ford from
            # -inf up: the least such duals). Each pass re-prices only the arcs whose head's
            # dual moved (whole Africa, round 1: about 40 passes a day; pricing 1.8 s instead
            # of 3.9-4.2 s re-pricing every arc each pass; the same arcs found).
            limit = cap[:, t]
            same = rowless[heads[inner], t] & (whole[inner] == 0)
            value = np.empty(len(inner))
            value[~same] = gained(inner[~same], t) - cost[inner[~same]]
            base = np.full(len(nodes), -np.inf)
            np.maximum.at(base, tails[inner[~same]], value[~same])
            base = np.minimum(base, limit)
            y[tails[inner], t] = base[tails[inner]]
            dep = inner[same]
            dep_value = np.full(len(dep), -np.inf)
            todo = np.ones(len(dep), dtype=bool)  # arcs whose head's dual moved: re-price
            is_tail = np.zeros(len(nodes), dtype=bool)
            is_tail[tails[inner]] = True
            # The day's coefficients of these arcs, gathered once for all passes.
            dep_static = static[t, dep] - cost[dep]
            dep_terms = [(c[t, dep], ix[t, dep]) for c, ix in zip(on_head, flat_index, strict=True)]
            dep_tails, dep_heads = tails[dep], heads[dep]
            # Duals only rise (from -inf, on coefficients >= 0), so each arc's value only rises:
            # the running maximum takes the re-priced arcs alone.
            best_in = base.copy()
            for _ in range(len(dep) + 1 + _CREEP_PASSES):
                redo = np.flatnonzero(todo)
                if redo.size == 0:
                    break
                total = dep_static[redo].copy()
                for coef_d, index_d in dep_terms:
                    c = coef_d[redo]
                    with np.errstate(invalid="ignore"):  # 0 x -inf where no coefficient: left out
                        total += np.where(c > 0.0, c * y_flat[index_d[redo]], 0.0)
                dep_value[redo] = total
                np.maximum.at(best_in, dep_tails[redo], total)
                new = np.minimum(best_in, limit)
                # Up from -inf: a cycle of same-day arcs with split arrivals creeps up
                # geometrically (embedded back-test, day 149: steps of 1e-10 after 40 passes),
                # so a dual that moves by less than a thousandth of the tolerance has settled.
                moved = is_tail & (new > y[:, t] + 1e-3 * tol)
                if not moved.any():
                    break
                y[moved, t] = new[moved]
                todo = moved[dep_heads]
            else:
                logger.warning("Pricing the arcs left out did not settle on day %d; bringing in "
                               "every arc", t)  # fmt: skip
                return ArcPricing(False, frozenset(out), -np.inf, columns)
            value[same] = dep_value
            # Where the interior point's dual capped a junction-day's, the arcs left out above
            # it improve; elsewhere the dual is their largest value and they price out.
            with np.errstate(invalid="ignore"):  # -inf - -inf: every way on ends nowhere
                reduced = np.nan_to_num(y[tails[inner], t] - value, nan=np.inf)
            mine = priced[inner]
            if mine.any():
                worst = min(worst, float(reduced[mine].min()))
                violating += [(int(c), t) for c in inner[mine & (reduced < -tol)]]
            # The chain behind a dual: the arc left out that sets it, unless one of the
            # model's own arcs sets it as well.
            best = np.isfinite(value) & (value >= y[tails[inner], t] - 1e-3 * tol)  # settled: see above
            held = np.zeros(len(nodes), dtype=bool)
            held[tails[inner][best & ~mine]] = True
            best &= mine & ~held[tails[inner]]
            tied_tails, first = np.unique(tails[inner][best], return_index=True)
            argmax[tied_tails, t] = inner[best][first]
        if edge.size:
            edge = edge[priced[edge]]
            if edge.size:
                with np.errstate(invalid="ignore"):
                    reduced = np.nan_to_num(cost[edge] + y[tails[edge], t] - gained(edge, t), nan=np.inf)
                worst = min(worst, float(reduced.min()))
                violating += [(int(c), t) for c in edge[reduced < -tol]]
    chosen: set[int] = set()
    stack = list(violating)
    seen: set[tuple[int, int]] = set()
    while stack:  # the improving columns and the chains behind row-less places' duals
        c, t = stack.pop()
        if (c, t) in seen:
            continue
        seen.add((c, t))
        chosen.add(cand[c])
        for day, share in ((t + whole[c], 1.0 - frac[c]), (t + whole[c] + 1, frac[c])):
            if share > 1e-12 and day < days and argmax[heads[c], day] >= 0:
                stack.append((int(argmax[heads[c], day]), int(day)))
    return ArcPricing(not violating, frozenset(chosen), worst, columns)


def _with_ways_back(violating: frozenset[int], arcs: list[Arc], warm: bool) -> set[int]:
    """The arcs to bring in for ``violating``: with each its way back (same ends, reversed)
    in cold rounds (see :func:`_price_rounds`)."""
    more = set(violating)
    if not warm:
        ends = {(arcs[i].tail, arcs[i].head) for i in violating}
        more |= {j for j, a in enumerate(arcs) if (a.head, a.tail) in ends}
    return more


def _log_round(r: int, which: str, entry: dict[str, Any], n_arcs: int, warm: bool) -> None:
    """One info line on a round's pricing (``which``: the goal, when not the first)."""
    logger.info("Arc pricing round %d%s: %d of %d arcs, %d columns left out priced, %d arcs "
                "improve (%d brought in%s; worst reduced cost %.3g)", r, which, entry["arcs"], n_arcs,
                entry["columns_priced"], entry["improving_arcs"], entry["brought_in"],
                "" if warm else " with their ways back", entry["worst_reduced_cost"])  # fmt: skip


def _no_basis(variables: list[Any], rows: list[str]) -> None:
    """No starting basis (the first round): see ``solve_timeline``'s ``start_basis``."""
    return None


class _NamedBasis:
    """A solved round's basis by column and row name, to start the next round's model from.

    Rounds only add arcs: the next model has the same columns and rows plus new ones (an arc's
    flow columns, a place-day's conservation row, a convoy's rows). New columns start
    nonbasic at their lower bound 0 and new rows basic (their slack), which keeps the number
    of basic variables equal to the number of rows and the old plan feasible.
    """

    def __init__(self, cols: dict[str, Any], rows: dict[str, Any]) -> None:
        self.cols, self.rows = cols, rows

    @classmethod
    def of(cls, model: TimelineModel) -> _NamedBasis:
        """The basis HiGHS holds for ``model`` (after its stage 1)."""
        basis = model.problem.solverModel.getBasis()
        col_status, row_status = list(basis.col_status), list(basis.row_status)  # copies: once
        columns = model.columns if model.columns is not None else model.problem.variables()
        return cls({var.name: col_status[var.index] for var in columns},
                   {name: row_status[con.index] for name, con in model.problem.constraints.items()})  # fmt: skip

    def for_model(self, variables: list[Any], rows: list[str]) -> Any:
        """The basis for a model's ``variables`` and ``rows`` (HiGHS's order), or None when
        the names do not give one basic variable per row (a row of the old model gone)."""
        import highspy

        lower, basic = highspy.HighsBasisStatus.kLower, highspy.HighsBasisStatus.kBasic
        col_status = [self.cols.get(var.name, lower) for var in variables]
        row_status = [self.rows.get(name, basic) for name in rows]
        if col_status.count(basic) + row_status.count(basic) != len(rows):
            return None
        out = highspy.HighsBasis()
        out.col_status, out.row_status = col_status, row_status
        out.valid = True
        return out


def exact_arcs(graph: nx.MultiDiGraph, params: ModelParameters, timeline: Timeline, *,
               tanker_m3: float | None = None) -> list[Arc]:
    """The exact reduction's arcs (:func:`~supplychain.models.timeexp_arcs.reduce_arcs`, logged).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    params : ModelParameters
    timeline : Timeline
    tanker_m3 : float, optional
        Default ``graph.graph["tanker_volume_m3"]`` (46).

    Returns
    -------
    list of Arc

    Raises
    ------
    SchemaError
        If ``graph`` lacks an attribute the models read, or has one out of range
        (:func:`~supplychain.networks.schema.validate_model_inputs`).

    Examples
    --------
    >>> import datetime
    >>> from supplychain.networks import build_network
    >>> from supplychain.models import load_model_parameters
    >>> len(exact_arcs(build_network(), load_model_parameters(),
    ...                Timeline("calm", "", datetime.date(2026, 1, 1), 3))) > 100
    True
    """
    check_model_arguments(graph, params, timeline=timeline)
    # As build_timeline_model does, before the arcs: a network without travel times or segment
    # ids met a KeyError here, from solve_priced, solve_myopic and closure_days too (api37).
    validate_model_inputs(graph)
    volume = tanker_volume(graph, tanker_m3)
    arcs, reduction = reduce_arcs(graph, edge_lags_days(graph, params), timeline, volume)
    logger.info("Reduced the network for the timeline: %s", reduction.describe())
    return arcs


def _largest_dual(model: TimelineModel) -> float:
    duals = np.asarray(model.problem.solverModel.getSolution().row_dual, dtype=float)
    return float(np.abs(duals).max()) if duals.size else 0.0


def _absurd_duals(model: TimelineModel) -> bool:
    """Whether the solved model's row duals exceed :data:`_DUAL_SANITY` x its largest stage-1
    coefficient (or are not finite)."""
    largest = _largest_dual(model)
    scale = max([1.0, *(abs(c) for c in model.stage1.values())])
    return not np.isfinite(largest) or largest > _DUAL_SANITY * scale


@paused()  # PuLP's objects between the rounds too: see supplychain._gc
def solve_priced(
    graph: nx.MultiDiGraph,
    params: ModelParameters,
    timeline: Timeline,
    *,
    time_limit_s: float | None = None,
    lexicographic: bool = True,
    min_stock: bool = False,
    min_escorts: bool | str = False,
    tanker_m3: float | None = None,
    detour: float = START_DETOUR,
    max_rounds: int = MAX_ROUNDS,
    arcs: list[Arc] | None = None,
    start: str = "steady",
    warm: bool | None = None,
    start_arcs: frozenset[int] | None = None,
    drop_fleetless_trips: bool = True,
    prepare: Callable[[TimelineModel], None] | None = None,
    fixed_before: int = 0,
) -> tuple[TimelineModel, TimelineResult]:
    """Solve the exact time-expanded model on the arcs it needs, proved by pricing.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    params : ModelParameters
    timeline : Timeline
    time_limit_s : float, optional
        For all rounds together (default
        :func:`~supplychain.models.timeexp_solve.timeline_time_limit`: the longer of 600 s and
        the parameter file's ``[solver] time_limit_s``).
    lexicographic : bool, default True
        Run the second goal after the last round (see :func:`solve_timeline`).
    min_stock : bool, default False
    min_escorts : bool or str, default False
        Escort units unlimited and, once delivery is optimal, the escort unit-days minimised
        (:func:`~supplychain.models.timeexp.build_timeline_model`'s ``min_escorts``; with
        ``"peak"`` first the units on the busiest day). Each escort goal is priced too
        (:func:`price_arcs` with ``goal_row``): when arcs left out would improve one, they come
        in and the next round solves every goal again; the last goal, the transit price's
        tie-break under them, is not
        (:data:`~supplychain.models.timeexp_solve.UNCHECKED_GOALS`). The rounds are then cold
        (the goal's interior point leaves no basis to start the next round from).
    tanker_m3 : float, optional
    detour : float, default 0.5
        The starting corridors (:func:`starting_arcs`), with ``start="corridors"``.
    max_rounds : int, default 8
        Rounds of pricing; after them every arc comes in.
    arcs : list of Arc, optional
        The exact reduction's arcs, if already computed (:func:`exact_arcs`).
    start : {"steady", "corridors"}, default "steady"
        The arcs of the first round: the steady-state plan's (:func:`steady_state_arcs`;
        the corridors when the steady state has no optimal plan) or the corridors within
        ``(1 + detour)`` x the shortest (:func:`starting_arcs`).
    warm : bool, optional
        Solve the first round by the interior point with crossover and every later round by
        the primal simplex from the previous round's optimal basis (columns and rows matched
        by name; the new columns start at 0, so the basis stays primal feasible). A round whose
        warm start needs more than :data:`WARM_ITERATIONS_PER_ROW` iterations per row ends
        the warm pass: the pricing starts again with cold rounds (``result.arc_pricing``
        then has ``warm_rounds_abandoned``, the round it stopped at). False: every
        round by the interior point from scratch (the method before 2026-12-03). Default
        True, or False when the environment variable ``SUPPLYCHAIN_PRICING_WARM`` is ``0``/
        ``off`` (for benchmarks/timeline.py) and ``1``/``on`` forces warm rounds. Unset, a
        timeline with escorted stretches is priced with cold rounds: its convoy and escort rows
        tie each day's flows to the escorts' round trips, and the primal simplex from the
        previous round's basis passed :data:`WARM_ITERATIONS_PER_ROW` in round 2 on every
        escorted timeline measured (2026-12-05, West Africa: the back-test and two variants,
        26,012-27,487 iterations, 10-21 s wasted with the warm round 1's crossover), while
        unescorted ones (undisturbed, closures only) needed at most 0.43 per row and gained
        (closures only: 7.7 s warm against 26.3 s cold, in-process). ``result.arc_pricing``
        says which (``warm``).
    start_arcs : frozenset of int, optional
        The arcs of the first round, as indices into ``arcs`` (into :func:`exact_arcs`'s list
        when ``arcs`` is not given), in place of ``start``'s: for instance another solve's
        ``result.arc_pricing["active_arcs"]`` on the same reduction. Every arc an escort
        stretch or an attack names is added, as to ``start``'s (the pricing reads no convoy
        or attack row). The pricing still proves the plan optimal, whatever the start.
    drop_fleetless_trips : bool, default True
        As :func:`~supplychain.models.timeexp.build_timeline_model`, for every round's model.
    prepare : callable, optional
        Called with every round's model once it is built, before it is solved: changes of
        bounds and added columns that the model must hold in every round (the days a myopic
        re-plan fixes, :func:`~supplychain.models.timeexp_myopic.solve_myopic`). It must leave
        the arcs' columns that are not in the model out: the pricing reads the rows' duals and
        prices those columns at their costs, with the bounds the model builder gives them.
    fixed_before : int, default 0
        With ``prepare``: the day before which every flow column is fixed, at 0 where the
        model has none (a myopic re-plan's cut-off): those left out are not priced
        (:func:`price_arcs`'s ``fixed_before``).

    Returns
    -------
    (TimelineModel, TimelineResult)
        The last model built and its result (``result.arc_pricing`` says how many arcs and
        rounds, and ``active_arcs`` the last model's arcs, every arc when the last round took
        them all, sorted indices into ``arcs``: a start for a similar timeline; a status other
        than optimal is returned as it is, unpriced).

    Raises
    ------
    ArgumentError
        If ``start`` is neither ``"steady"`` nor ``"corridors"``, ``max_rounds`` is not a whole
        number 0 or more, ``detour`` is negative
        when the corridors are used, ``time_limit_s`` is not above 0, ``tanker_m3`` not
        above 0 or ``start_arcs`` holds an index that is not an arc's (a ``ValueError``; an
        :class:`~supplychain.errors.ArgumentTypeError` for a limit or volume that is not a
        number, or ``start_arcs`` that is not a set of whole numbers).

    Examples
    --------
    >>> import datetime
    >>> from supplychain.networks import build_network
    >>> from supplychain.models import load_model_parameters
    >>> model, result = solve_priced(build_network(), load_model_parameters(),
    ...                              Timeline("calm", "", datetime.date(2026, 1, 1), 3))
    >>> result.status, result.arc_pricing["certified"]
    ('optimal', True)
    """
    begin = time.perf_counter()
    check_model_arguments(graph, params, timeline=timeline)
    _check_time_limit(time_limit_s)
    limit = timeline_time_limit(params, time_limit_s)
    volume = tanker_volume(graph, tanker_m3)
    if start not in ("steady", "corridors"):
        raise ArgumentError(f"start = {start!r}; give 'steady' or 'corridors'")
    # -1 ran no round and met an AssertionError after the exact arcs; 2.5 a TypeError (api37).
    rounds_wrong = (f"max_rounds = {max_rounds!r}: give a whole number of pricing rounds, 0 or more "
                    "(0: every arc at once)")  # fmt: skip
    if isinstance(max_rounds, bool) or not isinstance(max_rounds, numbers.Integral):
        raise ArgumentTypeError(rounds_wrong)
    if max_rounds < 0:
        raise ArgumentError(rounds_wrong)
    if start_arcs is not None:
        start_arcs = _check_start_arcs(start_arcs)
    if arcs is None:
        arcs = exact_arcs(graph, params, timeline, tanker_m3=volume)
    if start_arcs is not None:
        unknown = sorted(i for i in start_arcs if not 0 <= i < len(arcs))
        if unknown:
            shown = ", ".join(map(str, unknown[:10])) + (f" and {len(unknown) - 10} more" if len(unknown) > 10 else "")
            raise ArgumentError(f"start_arcs: {shown} not an arc's index; give indices 0 to "
                                f"{len(arcs) - 1} into the {len(arcs)} arcs of the exact reduction")  # fmt: skip
        # The arcs the pricing needs in the model whatever the start (see _arcs_on).
        active = frozenset(start_arcs) | _arcs_on(graph, timeline, arcs, set())
        start = "given"
    else:
        steady = steady_state_arcs(graph, params, timeline, arcs) if start == "steady" else None
        if steady is None:
            start = "corridors"
        active = steady if steady is not None else starting_arcs(graph, edge_lags_days(graph, params), timeline,
                                                                 arcs, detour=detour)  # fmt: skip
    if warm is None:
        warm = _warm_rounds(timeline)
    if warm and min_escorts:
        logger.info("Arc pricing with min_escorts: every round by the interior point from scratch "
                    "(the escort goal's interior point leaves no basis to start the next round from)")
        warm = False
    model, result = _price_rounds(graph, params, timeline, arcs, active, begin=begin, limit=limit,
                                  volume=volume, start=start, detour=detour, warm=warm,
                                  lexicographic=lexicographic, min_stock=min_stock,
                                  min_escorts=min_escorts, max_rounds=max_rounds,
                                  drop_fleetless_trips=drop_fleetless_trips, prepare=prepare,
                                  fixed_before=fixed_before)  # fmt: skip
    if result.status == "time_limit":
        # The round's message named what was left of the limit ("time limit (412.3 s)" under
        # --time-limit 600), not the limit the rounds share.
        result.message = (f"The arc pricing stopped at the time limit ({limit:g} s for all rounds "
                          f"together, in round {result.arc_pricing['rounds']}) without a "
                          "plan; raise --time-limit (time_limit_s from Python) or shorten the "
                          "horizon (--days).")  # fmt: skip
    return model, result


def _escort_goal_names(model: TimelineModel, *, priced: bool = True) -> list[tuple[str, str]]:
    """The escort goals of a ``min_escorts`` model in the order they are solved and priced: each
    as named in ``arc_pricing["goals"]`` and the key of its pricing in a round's ``history``;
    with ``priced`` False also the goals solved but not priced
    (:data:`~supplychain.models.timeexp_solve.UNCHECKED_GOALS`)."""
    goals = [(UNIT_DAYS, "escort_goal")]
    if not priced:
        goals += [(name, "escort_stage1") for name in UNCHECKED_GOALS]
    return [(BUSIEST_DAY, "escort_peak_goal"), *goals] if model.min_escorts_peak else goals


def _check_start_arcs(start_arcs: Any) -> frozenset[int]:
    """``start_arcs`` as a frozenset of int, or an ArgumentTypeError naming what it holds."""
    from supplychain.errors import ArgumentTypeError

    if isinstance(start_arcs, (str, bytes)) or not hasattr(start_arcs, "__iter__"):
        raise ArgumentTypeError(f"start_arcs = {start_arcs!r}; give a set of arc indices (int)")
    items = list(start_arcs)
    bad = [i for i in items if isinstance(i, bool) or not isinstance(i, (int, np.integer))]
    if bad:
        raise ArgumentTypeError(f"start_arcs holds {bad[:5]!r}; give whole-number arc indices")
    return frozenset(int(i) for i in items)


def _warm_rounds(timeline: Timeline) -> bool:
    """Whether :func:`solve_priced` warm-starts its rounds when not told (see its ``warm``)."""
    forced = env_switch(WARM_ENV)
    if forced is not None:
        return forced
    if not timeline.escorts:
        return True
    logger.info("Arc pricing: every round by the interior point from scratch (the timeline has "
                "%d escorted stretch(es), where warm starts cost more than they save)",
                len(timeline.escorts))  # fmt: skip
    return False


def _price_rounds(
    graph: nx.MultiDiGraph,
    params: ModelParameters,
    timeline: Timeline,
    arcs: list[Arc],
    first: frozenset[int],
    *,
    begin: float,
    limit: float,
    volume: float,
    start: str,
    detour: float,
    warm: bool,
    lexicographic: bool,
    min_stock: bool,
    max_rounds: int,
    min_escorts: bool | str = False,
    drop_fleetless_trips: bool = True,
    prepare: Callable[[TimelineModel], None] | None = None,
    fixed_before: int = 0,
) -> tuple[TimelineModel, Any]:
    """The rounds of :func:`solve_priced` from the first round's arcs ``first`` (the time
    limit counted from ``begin``); a capped warm pass starts again cold from the same arcs."""
    active = first
    began_warm = warm  # ``warm`` turns False after a degenerate basis
    rounds: list[dict[str, Any]] = []
    build_s = solve_s = 0.0
    basis: _NamedBasis | None = None
    model: TimelineModel | None = None
    result: Any = None
    # Escort goals whose presolved interior point failed in a round: the later rounds solve
    # them without presolve from the start (solve_timeline's goals_without_presolve).
    unpresolved: set[str] = set()
    for r in range(1, max_rounds + 2):
        last = r > max_rounds
        model = result = None  # the last round's model freed before this one is built
        model = build_timeline_model(graph, params, timeline, min_stock=min_stock, min_escorts=min_escorts,
                                     tanker_m3=volume, arcs=arcs, active=None if last else active,
                                     drop_fleetless_trips=drop_fleetless_trips)  # fmt: skip
        if prepare is not None:
            prepare(model)
        found: list[ArcPricing] = []
        goal_found: list[ArcPricing] = []  # the escort unit-days goal's (min_escorts)

        def check(m: TimelineModel, found: list[ArcPricing] = found) -> bool:
            found.append(price_arcs(m, fixed_before=fixed_before))
            return found[-1].certified

        def goal_check(m: TimelineModel, row: int | None, goal: str, found: list[ArcPricing] = goal_found) -> bool:
            if goal == BUSIEST_DAY:  # its objective, the column P, has coefficient 1
                found.append(price_arcs(m, goal_row=row, tol=_TOL, goal_flows=False, fixed_before=fixed_before))
            else:  # the unit-days, on the delivery-only goal row, which flows do not enter
                found.append(price_arcs(m, goal_row=row, goal_flows=False, fixed_before=fixed_before))
            return found[-1].certified

        left = max(limit - (time.perf_counter() - begin), 1.0)
        start_basis = None
        if warm:  # round 1: no basis yet, so the interior point with crossover (see solve_timeline)
            start_basis = basis.for_model if basis is not None else _no_basis
        cap = None
        if warm and basis is not None:
            # len(problem.constraints) counts the rows without walking them.
            cap = max(int(WARM_ITERATIONS_PER_ROW * len(model.problem.constraints)), 1)
        result = solve_timeline(model, time_limit_s=left, lexicographic=lexicographic,
                                stage1_check=None if last else check,
                                goal_check=None if last else goal_check, start_basis=start_basis,
                                warm_iteration_cap=cap, goals_without_presolve=unpresolved)  # fmt: skip
        build_s += model.build_s
        solve_s += result.solve_s
        if result.status == "iteration_limit":
            # The warm start hit its cap (solve_timeline then returns no plan). Going on cold
            # from this round's arcs was slower still (West Africa's back-test: 7
            # rounds of 33-45 s on 500-550 arcs, 262 s in all, against 184 s warm throughout),
            # so the pricing starts again with cold rounds from the first (74 s cold from the
            # start; measured 2026-12-04).
            logger.info("Arc pricing round %d: the warm start needed more than %d iterations; "
                        "pricing again from the first round, every round by the interior point",
                        r, cap)  # fmt: skip
            spent_build, spent_solve = build_s, solve_s
            model = result = None
            # The first round's arcs are kept (the steady state's LP is not solved again).
            model, result = _price_rounds(
                graph, params, timeline, arcs, first, begin=begin, limit=limit, volume=volume,
                start=start, detour=detour, warm=False, lexicographic=lexicographic,
                min_stock=min_stock, max_rounds=max_rounds, min_escorts=min_escorts,
                drop_fleetless_trips=drop_fleetless_trips, prepare=prepare, fixed_before=fixed_before)  # fmt: skip
            result.build_s += spent_build
            result.solve_s += spent_solve
            result.arc_pricing["warm_rounds_abandoned"] = r
            # How the rounds began, as after a degenerate basis below: the cold pass's own
            # began_warm (False) read as if these rounds had been cold from the start.
            result.arc_pricing["warm"] = began_warm
            return model, result
        if warm and found and _absurd_duals(model):
            # Neither the pricing nor the next round's start can use that basis: this round
            # again by the interior point (central duals), and every later one from scratch.
            logger.info("Arc pricing round %d: the vertex's duals reach %.3g, a degenerate basis; "
                        "solving it again by the interior point, and the later rounds from "
                        "scratch", r, _largest_dual(model))  # fmt: skip
            warm = False
            found.clear()
            goal_found.clear()  # the escort goal's pricing of that basis is stale too
            left = max(limit - (time.perf_counter() - begin), 1.0)
            result = solve_timeline(model, time_limit_s=left, lexicographic=lexicographic,
                                    stage1_check=check, goal_check=goal_check,
                                    goals_without_presolve=unpresolved)  # fmt: skip
            solve_s += result.solve_s
        n_active = len(arcs) if last else len(active)
        if not found:  # all arcs in, or no optimal first goal: nothing to price
            rounds.append({"arcs": n_active, "status": result.status})
            break
        p = found[0]
        # Cold rounds: with each improving arc its way back (same ends, reversed): the interior
        # point's duals moved the improvement to the reverse arc the next round (West Africa,
        # 180 days: 4 rounds and 100 s without, 3 rounds and 56 s with; whole Africa 127 s and
        # 105 s, in-process, 2026-12-02). Warm rounds (vertex duals) take 5 rounds either way
        # and are faster without (West Africa 9.4 s and 218 arcs against 10.3 s and 273; whole
        # Africa 13.9 s against 14.8 s; in-process, 2026-12-03).
        more = _with_ways_back(p.violating, arcs, warm)
        entry: dict[str, Any] = {"arcs": n_active, "columns_priced": p.columns,
                                 "improving_arcs": len(p.violating), "brought_in": len(more - active),
                                 "worst_reduced_cost": p.worst_reduced_cost, "goals": ["delivery"]}  # fmt: skip
        _log_round(r, "", entry, len(arcs), warm)
        done = p.certified
        if p.certified and goal_found:
            # min_escorts: delivery certified, then the escort goals priced in turn (with
            # "peak", the busiest day's units, then, when certified, the unit-days); the first
            # goal's improving arcs come in and the next round solves every goal again.
            names = _escort_goal_names(model)
            for (name, key), g in zip(names, goal_found, strict=False):
                more = _with_ways_back(g.violating, arcs, warm)
                goal = {"columns_priced": g.columns, "improving_arcs": len(g.violating),
                        "brought_in": len(more - active), "worst_reduced_cost": g.worst_reduced_cost}  # fmt: skip
                entry.update(goals=["delivery", *(n for n, _ in names[:len(goal_found)])], **{key: goal})
                _log_round(r, f" ({name} goal)", {"arcs": n_active, **goal}, len(arcs), warm)
                done = g.certified
                if not done:
                    break
        rounds.append(entry)
        if done:
            break
        active = active | more
        if warm:
            basis = _NamedBasis.of(model)
    assert model is not None  # the loop runs at least once
    result.build_s, result.solve_s = build_s, solve_s  # all rounds
    # Every goal priced in the last round certified (the escort goal is not priced when it did
    # not finish: the plan is then stage 1's, certified for delivery).
    # A goal that did not finish leaves stage 1's plan, certified for delivery alone.
    solved = bool(min_escorts) and model.escort_goal == "solved"
    certified = result.status == "optimal" and (last or (bool(found) and found[0].certified and (
        not solved or all(g.certified for g in goal_found))))  # fmt: skip
    if last:
        # Every arc in: every goal solved is optimal on the whole network, the last one too.
        goals = ["delivery", *(n for n, _ in _escort_goal_names(model, priced=False))] if solved else ["delivery"]
    else:
        goals = rounds[-1].get("goals", ["delivery"]) if solved or not min_escorts else ["delivery"]
    final = range(len(arcs)) if model.active is None else model.active
    result.arc_pricing = {"arcs": len(arcs), "arcs_used": rounds[-1]["arcs"], "rounds": len(rounds),
                          "certified": certified, "goals": goals, "start": start, "warm": began_warm,
                          "detour_start": detour if start == "corridors" else None, "history": rounds,
                          "active_arcs": sorted(final)}  # fmt: skip
    logger.info("Arc pricing: %s on %d of %d arcs after %d round(s) in %.1f s", result.status,
                rounds[-1]["arcs"], len(arcs), len(rounds), time.perf_counter() - begin)  # fmt: skip
    return model, result
