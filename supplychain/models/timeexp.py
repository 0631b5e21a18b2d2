"""The time-expanded fuel model: daily flows, transit lags, stocks, fleet, escorted convoys.

Day ``t`` runs from 0 to ``T - 1``. Variables (m³ unless said): ``x[e, t]`` fuel entering
directed edge ``e`` on day ``t``; ``load[n, t]`` loaded at a supply point; ``stock[n, t]`` at a
storage node at the *start* of day ``t`` (``t = T`` is the end stock); ``deliver[b, t]`` per
demand block; ``convoys[g, t]`` escorted convoys leaving on stretch ``g`` (integer with
``integer_convoys``); ``lost[a, e]`` cargo destroyed by attack ``a``.

Transit: edge ``e`` takes ``L = travel_time_h / driving_hours_per_day`` days, plus
``border_hours / 24`` when it ends at a border post. Each place keeps its own clock: its day
``t`` starts ``phase`` days after the ports' (the fraction of a day of its fastest transit
from a port or depot, :func:`~supplychain.models.timeexp_arcs.node_phases`). Fuel entering an
arc on its tail's day ``t`` arrives ``A = L + phase(tail) - phase(head)`` days later on its
head's clock (:func:`~supplychain.models.timeexp_arcs.arrival_lags`): a whole number on every
arc of a fastest route from a port; otherwise, with ``A = n + f``, a share ``1 - f`` arrives
on day ``t + n`` and ``f`` on ``t + n + 1``, so the mean transit time is exactly ``L``
(``A`` below 0, on a short road back towards a port, is raised to 0).

Goals, lexicographic like :mod:`supplychain.models.lp`: (1) priority-weighted delivery with a
small bonus for delivering early (``earliness``), minus a penalty for attacks that find no
cargo, minus tie-break prices per m³-day in transit and per escort unit-day (so that the convoys
are those the flows need, see :func:`_convoy_coefs`); (2) with that fixed, transport cost plus the value of expected losses plus the value of
every m³-day the stock spends below its security floor. ``min_stock`` replaces (1) by: serve
every demand block every day with the smallest initial stock (stock tank limits lifted).

This module holds :class:`TimelineModel`, :func:`build_timeline_model` and the constraint
families (``define_*``) and objectives. The arcs and transit lags live in
:mod:`supplychain.models.timeexp_arcs`, the solve step in
:mod:`supplychain.models.timeexp_solve`; both are re-exported here.
"""

from __future__ import annotations

import itertools
import logging
import math
import time
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from numbers import Integral
from typing import Any

import networkx as nx
import numpy as np
import pulp

from supplychain._gc import paused
from supplychain.errors import ArgumentTypeError, ParameterError
from supplychain.models._switches import env_switch
from supplychain.models.lp import Edge, _check_inputs, _limits_traffic, check_model_arguments
from supplychain.models.params import ModelParameters, tanker_volume
from supplychain.models.scenario import Effect
from supplychain.models.timeexp_arcs import (
    Arc,
    _occupancy,
    _signature,  # noqa: F401  (re-exported: it lived here before the split)
    _split,
    arrival_lags,
    arrivals_shut,
    carrying_arcs,
    edge_lags_days,
    fastest_digraph,
    node_phases,
    reduce_arcs,
)
from supplychain.models.timeexp_solve import solve_timeline
from supplychain.models.timeline import Attack, Timeline, destroyed_tankers, load_storage_parameters

__all__ = [
    "CLOCKS_ENV",
    "Arc",
    "TimelineModel",
    "arc_days",
    "build_timeline_model",
    "define_demand",
    "define_escorts",
    "define_fleet",
    "define_flow",
    "define_staging",
    "define_storage",
    "define_supply",
    "edge_lags_days",
    "fleetless_entries",
    "solve_timeline",
    "stage2_cost",
]

logger = logging.getLogger(__name__)

Terms = list[tuple[Any, float]]
#: Environment variable that gives every place the ports' clock (``off``/``0``): every road's
#: fractional transit split, the path before 2026-12-02 05:10 UTC, kept for
#: benchmarks/timeline.py's same-run comparison.
CLOCKS_ENV = "SUPPLYCHAIN_TIMELINE_PLACE_CLOCKS"
#: Stage-1 price of one m3-day in transit (in units of delivered m3): far below any priority.
_TRANSIT_PRICE = 1e-5
#: Stage-1 price of one escort unit-day, per m3 of the largest convoy's capacity (convoy size x
#: tanker; assumption: the transit price, far below any priority). Without it the convoy columns
#: cost nothing: an interior point left them, and the flows through an escorted stretch,
#: anywhere the escort rows allowed (embedded network, roads into Bamako escorted: 2, 3 and 4
#: units delivered the same and 1.55, 2.32 and 3.08 were "in use").
_CONVOY_PRICE = _TRANSIT_PRICE
#: Leave out the flow variables of trips that reach the day the fleet is gone (see
#: :func:`arc_days`); off only for the tests' comparison with the model that keeps them.
_DROP_FLEETLESS_TRIPS = True
#: Stage-1 value of one m3 of a stock injection taken, times the smallest priority weight
#: (assumption: far below any delivery value and the transit price, it only breaks ties).
_INJECTION_REWARD = 1e-6


@dataclass
class TimelineModel:
    """A built time-expanded LP (or MIP) and what is needed to read its solution.

    Built by :func:`build_timeline_model`, which sets the first ten fields and the places'
    clocks; the ``define_*`` functions add the variables and rows. Variables are PuLP variables; volumes are m³, times days.

    Attributes
    ----------
    problem : pulp.LpProblem
        Stage 1 (maximise priority-weighted delivery; minimise the initial stock with
        ``min_stock``).
    graph : networkx.MultiDiGraph
    timeline : Timeline
        With storage parameters (the shipped ones when the timeline had none).
    params : ModelParameters
    tanker_m3 : float
    arcs : list of Arc
        The reduced network's arcs (:mod:`supplychain.models.timeexp_arcs`).
    lag_days : list of float
        Transit time of each arc.
    days : int
        Horizon length.
    integer_convoys, min_stock, min_escorts : bool
        As given to :func:`build_timeline_model`.
    escort_goal : str or None
        With ``min_escorts``, set by :func:`solve_timeline`: ``"solved"`` (the escort
        unit-days are the fewest of the plans delivering as much) or ``"not finished"``.
    min_escorts_peak : bool
        ``min_escorts="peak"``: the busiest day's escort units minimised before the unit-days.
    escort_peak_units : float or None
        With ``min_escorts_peak``, set by :func:`solve_timeline`: that minimum (None when the
        goals did not finish).
    x : dict
        (arc, day) -> fuel entering the arc that day.
    passing : dict
        (arc, day) -> terms of the fuel that arrives from it (after losses and attacks).
    load : dict
        (supply node, day) -> fuel loaded.
    supply_nodes : list
        Nodes with supply.
    blocks : dict
        Block key -> (node, label, priority weight).
    deliver : dict
        (block key, day) -> fuel delivered.
    unmet : dict
        (node, day) -> unmet demand (only with a backlog share).
    demand_m3 : dict
        Demand node -> daily demand after rationing (array of ``days``).
    storage : dict
        Demand node -> (capacity, initial, floor) m³.
    stock : dict
        (node, day) -> stock at the start of the day (day ``days``: the end stock).
    deficit : list
        Variables of the m³-days below the security floors.
    injections : dict
        (node, day) -> m³ injected into the stock.
    injected : dict
        (node, day) -> m³ of the injection taken.
    convoys : dict
        (stretch, day) -> escorted convoys leaving.
    round_trip_days : list of float
        Per escorted stretch, an escort unit's round trip plus rest.
    crossable : set of int
        Escorted stretches fuel could enter on an escort day (an open entry arc, whatever the
        fleet and the arcs priced in): the convoy price and the miss penalty are over these.
    convoy_need, escort_use : dict, list
        The fuel entering each stretch; each day's escort units in use (terms).
    lost : dict
        (attack, arc, entry day) -> cargo the attack destroyed on the arc, of the fuel that
        entered it that day (on a contracted chain, the day fuel entering it reaches the
        attacked road is later than the entry day).
    miss : dict
        Attack -> its cargo the plan did not have there.
    attack_tankers : list of float
        Per attack, the tankers it destroys, at most those the fleet still has; its cargo is
        the ``attack_<a>`` row's right-hand side as built.
    on_road, on_road_offset : list
        Per day, the terms of the tankers on the road (loaded, empty return, loading and
        unloading), and a constant to add to them (day 0: less the unloading the initial
        stocks would count, see :func:`define_fleet`).
    fleet_tankers : list of float
        Per day, the fleet (tankers in service less those destroyed so far).
    fleet_gone_day : int or None
        First day every tanker is destroyed (None: never, or the fleet is not modelled); trips
        reaching it get no flow variable (:func:`arc_days`).
    attack_reach : list of list of (int, int)
        Per attack, the (arc, entry day) of the fuel it could find, whether or not the arc
        takes fuel that day.
    attack_entries : frozenset of (int, int)
        Their union: entries arc_days always keeps.
    loss_share : dict
        (arc, day) -> expected share of the fuel lost.
    stage1, cost : Any
        Stage-1 objective and stage-2 cost expressions.
    build_s : float
        Seconds the build took.
    time_limit_s : float
        Set by :func:`solve_timeline`: the limit each stage was given.
    arcs_in, arcs_out : dict
        Node -> indices of the arcs into and out of it.
    miss_penalty : float
        Stage-1 penalty per m³ of an attack's cargo not there.
    phase_days : dict
        Each place's clock offset in days (see the module docstring).
    arrival_days : list of float
        Per arc, days from entering (tail's day) to arriving (head's day).
    edge_offsets_days : list of tuple of int
        Per arc, days after entering it that fuel reaches each of its edges (``Arc.edges``
        order; 0 for an arc of one edge).
    active : frozenset of int or None
        Arcs given flow variables (None: all).
    columns : list or None
        PuLP's variables in HiGHS's column order, once solved.
    stage1_vertex : bool
        Set by :func:`solve_timeline`: stage 1 ended at a vertex (a basis a later solve can
        start from), not at the interior point's solution.
    waiting : dict
        With whole convoys: m³ in loaded tankers waiting for a convoy at an escorted
        stretch's place of departure at the end of each day, keyed ``(n, t)``
        (:func:`define_staging`); empty otherwise.
    conservation_rows, border_rows, fleet_rows, town_road_rows : dict
        The rows whose duals the pricing reads, keyed ``(n, t)``, ``(n, t)``, ``t`` and
        ``(n, j, t)`` (``j`` the index of a road into a degraded town ``n``).

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> from supplychain.models.params import load_model_parameters
    >>> from supplychain.models.timeline import Timeline
    >>> import datetime
    >>> tl = Timeline("calm", "", datetime.date(2026, 1, 1), 5)
    >>> m = build_timeline_model(build_network(), load_model_parameters(), tl)
    >>> m.days
    5
    """

    problem: pulp.LpProblem
    graph: nx.MultiDiGraph
    timeline: Timeline
    params: ModelParameters
    tanker_m3: float
    arcs: list[Arc]
    lag_days: list[float]
    days: int
    integer_convoys: bool = False
    min_stock: bool = False
    #: Escort units unlimited (no ``escorts_<t>`` rows) and, after stage 1, a goal-row stage
    #: minimising the escort unit-days (:func:`~supplychain.models.timeexp_solve.solve_timeline`).
    min_escorts: bool = False
    #: With ``min_escorts``, set by the solve: "solved" or "not finished" (the stage-1 plan kept).
    escort_goal: str | None = None
    #: ``min_escorts="peak"``: before the unit-days, a goal minimising the escort units in use
    #: on the busiest day (:func:`~supplychain.models.timeexp_solve.solve_timeline`).
    min_escorts_peak: bool = False
    #: With ``min_escorts_peak``, set by the solve when that goal is optimal: the fewest escort
    #: units on any day that deliver as much (the goal's column ``P``).
    escort_peak_units: float | None = None
    x: dict[tuple[int, int], Any] = field(default_factory=dict)
    passing: dict[tuple[int, int], Terms] = field(default_factory=dict)
    load: dict[tuple[Hashable, int], Any] = field(default_factory=dict)
    supply_nodes: list[Hashable] = field(default_factory=list)
    blocks: dict[str, tuple[Hashable, str, float]] = field(default_factory=dict)
    deliver: dict[tuple[str, int], Any] = field(default_factory=dict)
    unmet: dict[tuple[Hashable, int], Any] = field(default_factory=dict)
    demand_m3: dict[Hashable, np.ndarray] = field(default_factory=dict)
    storage: dict[Hashable, tuple[float, float, float]] = field(default_factory=dict)
    stock: dict[tuple[Hashable, int], Any] = field(default_factory=dict)
    deficit: list[Any] = field(default_factory=list)
    injections: dict[tuple[Hashable, int], float] = field(default_factory=dict)
    #: Per (city, day) of an injection: the m3 taken into the city, at most the injected
    #: volume (what the tank cannot hold is not taken; it made the LP infeasible before).
    injected: dict[tuple[Hashable, int], Any] = field(default_factory=dict)
    convoys: dict[tuple[int, int], Any] = field(default_factory=dict)
    round_trip_days: list[float] = field(default_factory=list)
    #: Escorted stretches fuel could enter on one of their escort days (an open entry arc that
    #: day, whatever the fleet and the arcs priced in): the stretches the convoy price and the
    #: miss penalty are taken over.
    crossable: set[int] = field(default_factory=set)
    #: Per (stretch, day) with a convoy column: the fuel entering the stretch, as the terms of
    #: the places where fuel only enters and, per joining place, departures - arrivals along
    #: the stretch (what enters there is its positive part). Read by the result: the convoys
    #: the plan's flows need (an interior-point optimum may hold more where escorts are slack).
    convoy_need: dict[tuple[int, int], tuple[Terms, list[Terms]]] = field(default_factory=dict)
    escort_use: list[Terms] = field(default_factory=list)
    lost: dict[tuple[int, int, int], Any] = field(default_factory=dict)
    miss: dict[int, Any] = field(default_factory=dict)
    #: Per attack (the timeline's order): the tankers it destroys, at most those the fleet
    #: still has (:func:`~supplychain.models.timeline.destroyed_tankers`); its cargo is the
    #: ``attack_<a>`` row's right-hand side as built. Read by the result (a warm Monte Carlo
    #: draw changes those right-hand sides in HiGHS and counts its own figures, never this).
    attack_tankers: list[float] = field(default_factory=list)
    on_road: list[Terms] = field(default_factory=list)
    on_road_offset: list[float] = field(default_factory=list)
    fleet_tankers: list[float] = field(default_factory=list)
    #: First day the fleet is gone (every tanker destroyed; None when it never is, or the
    #: fleet is not modelled): no tanker can be on the road from that day, so fuel entering an
    #: arc whose trip reaches it gets no variable (:func:`arc_days`) unless an attack may
    #: destroy it on the way (``attack_entries``).
    fleet_gone_day: int | None = None
    #: Per attack, ``(arc, entry day)`` of the fuel it could find (the columns of its ``lost_``
    #: variables where the arc takes fuel that day), computed once; and their union.
    attack_reach: list[list[tuple[int, int]]] = field(default_factory=list)
    attack_entries: frozenset[tuple[int, int]] = frozenset()
    loss_share: dict[tuple[int, int], float] = field(default_factory=dict)
    stage1: Any = None
    cost: Any = None
    build_s: float = 0.0
    time_limit_s: float = 0.0  # set by solve_timeline: the limit each stage was given
    arcs_in: dict[Hashable, list[int]] = field(default_factory=dict)
    arcs_out: dict[Hashable, list[int]] = field(default_factory=dict)
    miss_penalty: float = 2.0
    #: Each place's clock offset in days (see the module docstring).
    phase_days: dict[Hashable, float] = field(default_factory=dict)
    #: Per arc, days from entering (tail's day) to arriving (head's day); ``lag_days`` is the
    #: transit time itself (tankers on the road, escort round trips, the transit price).
    arrival_days: list[float] = field(default_factory=list)
    #: Per arc, days after entering it (on its tail's clock) that fuel reaches each of its edges.
    edge_offsets_days: list[tuple[int, ...]] = field(default_factory=list)
    #: Arcs given flow variables (None: all); the others are left out, as if closed every day
    #: (:mod:`supplychain.models.timeexp_price` prices them and brings in those worth having).
    active: frozenset[int] | None = None
    #: PuLP's variables in HiGHS's column order, set when the model is solved (saves walking
    #: every row again, as ``problem.variables()`` does, to read the solution by column).
    columns: list[Any] | None = None
    #: Set by solve_timeline: stage 1 ended at a vertex (a basis to warm-start from).
    stage1_vertex: bool = False
    #: The rows the pricing reads duals of: ``conservation_<n>_<t>``, ``border_<n>_<t>``,
    #: ``fleet_<t>`` (keys ``(n, t)``, ``(n, t)`` and ``t``).
    conservation_rows: dict[tuple[Hashable, int], Any] = field(default_factory=dict)
    border_rows: dict[tuple[Hashable, int], Any] = field(default_factory=dict)
    fleet_rows: dict[int, Any] = field(default_factory=dict)
    #: With whole convoys: m³ held in loaded tankers at an escorted stretch's place of departure
    #: at the end of each day, waiting for a convoy (``waiting_<n>_<t>``; see define_staging).
    waiting: dict[tuple[Hashable, int], Any] = field(default_factory=dict)
    #: ``town_road_<n>_<j>_<t>``: what arrives at degraded town ``n`` on day ``t`` by its road
    #: ``j`` (an edge index) <= the day's factor x that road's capacity; key ``(n, j, t)``.
    town_road_rows: dict[tuple[Hashable, int, int], Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        """One line: the timeline, the horizon, the arcs and the LP's size.

        The dataclass's own repr printed the whole LP and every dict of variables (730 kB,
        4,669 lines for 7 days of the embedded network), which a notebook shows for ``model``
        alone (api37).

        Examples
        --------
        >>> import datetime
        >>> from supplychain.networks import build_network
        >>> from supplychain.models import Timeline, load_model_parameters
        >>> build_timeline_model(build_network(), load_model_parameters(),
        ...                      Timeline("calm", "", datetime.date(2026, 1, 1), 3))
        TimelineModel(timeline='calm', start=2026-01-01, days=3, arcs=196 (all), variables=..., constraints=..., tanker_m3=46, build_s=...)
        """
        active = "all" if self.active is None else f"{len(self.active):,} active"
        options = [name for name in ("integer_convoys", "min_stock", "min_escorts") if getattr(self, name)]
        return (f"TimelineModel(timeline={self.timeline.name!r}, start={self.timeline.start}, days={self.days}, "
                f"arcs={len(self.arcs):,} ({active}), variables={self.problem.numVariables():,}, "
                f"constraints={self.problem.numConstraints():,}, tanker_m3={self.tanker_m3:g}"
                + "".join(f", {name}=True" for name in options)
                + f", build_s={self.build_s:.2f})")  # fmt: skip


@paused()  # PuLP's objects: see supplychain._gc
def build_timeline_model(
    graph: nx.MultiDiGraph,
    params: ModelParameters,
    timeline: Timeline,
    *,
    integer_convoys: bool = False,
    min_stock: bool = False,
    min_escorts: bool | str = False,
    tanker_m3: float | None = None,
    detour: float | None = None,
    arcs: list[Arc] | None = None,
    active: frozenset[int] | None = None,
    drop_fleetless_trips: bool = True,
) -> TimelineModel:
    """Build the time-expanded model of a network over a timeline.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    params : ModelParameters
        Priorities, costs, fleet (``tankers``, hours) and solver.
    timeline : Timeline
        From :func:`supplychain.scenarios.timelines.resolve_timeline` (or built in code).
    integer_convoys : bool, default False
        Whole convoys (a MIP) instead of continuous ones.
    min_stock : bool, default False
        Find the smallest initial stock per storage node that serves all demand every day.
    min_escorts : bool or str, default False
        Escort units unlimited (the timeline's ``escort_units`` are no limit; its escorted
        stretches, convoy sizes and round trips kept); :func:`solve_timeline` then finds, of
        the plans delivering as much, one needing the fewest escort unit-days (True or
        ``"unit-days"``). ``"peak"``: first the fewest units on the busiest day, then, of the
        plans needing no more, one with the fewest unit-days.
    tanker_m3 : float, optional
        Default ``graph.graph["tanker_volume_m3"]`` (46).
    detour : float, optional
        Keep only corridor routes within ``(1 + detour)`` x the shortest (an approximation, see
        :func:`~supplychain.models.timeexp_arcs.reduce_arcs`); None: exact reductions only.
    arcs : list of Arc, optional
        The arcs, already reduced (``detour`` is then ignored); default: reduced here.
    active : frozenset of int, optional
        Indices into the arcs of those given flow variables; the others carry nothing (their
        ends' clocks, escort stretches and attacks are still computed on every arc, so the
        model is the full one with those columns left out: see
        :mod:`supplychain.models.timeexp_price`). Default: all.
    drop_fleetless_trips : bool, default True
        Leave out the flows whose trips reach the day attacks have destroyed the whole fleet
        (:func:`arc_days`). False keeps them (the fleet rows then hold them at 0):
        :func:`~supplychain.models.timeexp_myopic.solve_myopic` fixes trips already under way,
        whose fuel may come from such flows.

    Returns
    -------
    TimelineModel

    Raises
    ------
    ParameterError
        If the network has no supply or demand or a priority block does not fit it, or
        ``min_escorts`` is combined with ``min_stock`` or ``integer_convoys``.
    ArgumentError
        If ``tanker_m3`` is not above 0 (:func:`~supplychain.models.params.tanker_volume`), or
        ``min_escorts`` is a string other than ``"unit-days"`` and ``"peak"``; an
        :class:`~supplychain.errors.ArgumentTypeError` if ``arcs`` is not a list of ``Arc`` or
        ``active`` not a set of whole numbers.

    Examples
    --------
    A port (100 m³/day) and a city needing 30 m³/day, one road of 20 trucks/day (tanker 1 m³)
    that takes one day (12 h at 12 h of driving a day), 10 tankers, 3 days
    (``supplychain.models._examples.port_city`` and ``example_params``):

    >>> import datetime
    >>> from supplychain.models._examples import example_params, port_city
    >>> from supplychain.models.timeline import Attack, EscortStretch, Timeline
    >>> g, params = port_city(), example_params()
    >>> m = build_timeline_model(g, params, Timeline("calm", "", datetime.date(2026, 1, 1), 3))
    >>> m.days, m.lag_days, sorted(m.x)
    (3, [1.0], [(0, 0), (0, 1), (0, 2)])
    """
    begin = time.perf_counter()
    check_model_arguments(graph, params, timeline=timeline)
    # A string or number for arcs or active failed with "'str' object has no attribute
    # 'lag_days'" or "'int' object is not iterable" (fuzz35).
    if arcs is not None and (isinstance(arcs, str) or not isinstance(arcs, Sequence)
                             or not all(isinstance(a, Arc) for a in arcs)):  # fmt: skip
        raise ArgumentTypeError(f"arcs is a {type(arcs).__name__} of other things; give the list of Arc "
                                "that exact_arcs(graph, params, timeline) returns, or None")  # fmt: skip
    if active is not None:
        if isinstance(active, str) or not isinstance(active, Iterable):
            raise ArgumentTypeError(f"active is a {type(active).__name__}; give a set of arc indices, or None")
        active = frozenset(active)
        if not all(isinstance(i, Integral) and not isinstance(i, bool) for i in active):
            raise ArgumentTypeError("active holds other things than arc indices; give a set of whole numbers, or None")
    peak = _escort_goal_kind(min_escorts) == "peak"
    if min_escorts and (min_stock or integer_convoys):
        raise ParameterError("min_escorts minimises escort unit-days after the delivery goal of an "
                             "LP: drop min_stock (another first goal) or integer_convoys (a MIP)")
    _check_inputs(graph, params)
    if timeline.storage is None:
        from dataclasses import replace

        timeline = replace(timeline, storage=load_storage_parameters())
    sense = pulp.LpMinimize if min_stock else pulp.LpMaximize
    volume = tanker_volume(graph, tanker_m3)
    edge_lags = edge_lags_days(graph, params)
    if arcs is None:
        arcs, reduction = reduce_arcs(graph, edge_lags, timeline, volume, detour=detour)
        logger.info("Reduced the network for the timeline: %s", reduction.describe())
    model = TimelineModel(
        pulp.LpProblem("fuel_timeline", sense), graph, timeline, params, volume, arcs,
        [a.lag_days for a in arcs], timeline.days, integer_convoys, min_stock,
    )  # fmt: skip
    model.min_escorts, model.min_escorts_peak = bool(min_escorts), peak
    if active is not None:
        model.active = frozenset(active)
    for n in graph.nodes:
        model.arcs_in[n], model.arcs_out[n] = [], []
    sources = [n for n, d in graph.nodes(data=True) if (d.get("supply_m3_per_day") or 0) > 0]
    if env_switch(CLOCKS_ENV) is False:
        model.phase_days = dict.fromkeys(graph.nodes, 0.0)  # one clock: every fraction split
    else:
        model.phase_days = node_phases(carrying_arcs(arcs, timeline, graph), sources)
    model.arrival_days = arrival_lags(arcs, model.phase_days)
    model.edge_offsets_days = [_chain_offsets(arc, edge_lags, model.phase_days) for arc in arcs]
    for i, arc in enumerate(arcs):
        model.arcs_out[arc.tail].append(i)
        model.arcs_in[arc.head].append(i)
    model.fleet_tankers = _fleet_by_day(model)
    gone = [t for t, n in enumerate(model.fleet_tankers) if n <= 0.0]
    model.fleet_gone_day = gone[0] if gone and params.fleet.enabled and _DROP_FLEETLESS_TRIPS \
        and drop_fleetless_trips else None  # fmt: skip
    model.attack_reach = [_attack_reach(model, a) for a in timeline.attacks]
    model.attack_entries = frozenset(e for reach in model.attack_reach for e in reach)
    define_flow(model)
    define_supply(model)
    define_demand(model)
    define_storage(model)
    define_staging(model)
    _define_conservation(model)
    define_fleet(model)
    define_escorts(model)
    _define_objectives(model)
    model.build_s = time.perf_counter() - begin
    logger.info(
        "Built timeline model '%s': %d days, %d variables, %d constraints in %.2f s",
        timeline.name, model.days, _num_variables(model),
        len(model.problem.constraints), model.build_s,
    )  # fmt: skip
    return model


def _num_variables(model: TimelineModel) -> int:
    # Counted from the families: problem.variables() walks every row (0.3 s on the back-test).
    families = (model.x, model.load, model.deliver, model.unmet, model.stock, model.convoys,
                model.lost, model.miss)  # fmt: skip
    return sum(len(f) for f in families) + len(model.deficit)


def _add(model: TimelineModel, terms: Terms, sense: int, rhs: float, name: str) -> Any:
    # PuLP keeps the last coefficient of a variable listed twice; a row may name one twice
    # (a convoy row over two places of a stretch: a road's departures from one and its
    # arrivals at the next on the same day), so coefficients are summed first.
    coefs: dict[Any, float] = {}
    for var, c in terms:
        coefs[var] = coefs.get(var, 0.0) + c
    expr = pulp.LpAffineExpression(list(coefs.items()))
    con = pulp.LpConstraint(expr, sense, name, rhs)
    model.problem.addConstraint(con)
    return con


def arc_days(model: TimelineModel, i: int) -> list[tuple[int, float, float]]:
    """``(day, capacity m3, share kept)`` of every day arc ``i`` can take fuel in.

    The capacity is the arc's times the capacity factor of each of its segments (the
    smallest), the share kept the product of their ``1 - loss_probability``; days of capacity
    0 are left out (no variable), as are days whose trip would keep tankers on the road on or
    after the day the fleet is gone (``model.fleet_gone_day``), unless an attack may find that
    fuel. Shared by :func:`define_flow` and the pricing of arcs left
    out (:mod:`supplychain.models.timeexp_price`).

    Each segment's effect is the one of the day the fuel reaches it (:func:`_chain_offsets`):
    on a contracted chain fuel entering on day ``t`` reaches its later roads days after ``t``.
    Before 2026-12-03 every road of a chain took the entry day's effect, so fuel entering the
    day before a closure crossed the closed road (found by the oracle of
    tests/test_timeline_oracle.py).

    Parameters
    ----------
    model : TimelineModel
    i : int
        Index into ``model.arcs``.

    Returns
    -------
    list of (int, float, float)

    Examples
    --------
    >>> import datetime
    >>> from supplychain.networks import build_network
    >>> from supplychain.models import load_model_parameters
    >>> m = build_timeline_model(build_network(), load_model_parameters(),
    ...                          Timeline("calm", "", datetime.date(2026, 1, 1), 3))
    >>> [(t, keep) for t, _, keep in arc_days(m, 0)]
    [(0, 1.0), (1, 1.0), (2, 1.0)]
    """
    # Fuel entering on day t keeps tankers on the road until day t + len(occupancy) - 1. From
    # the day the fleet is gone, that day's fleet row (tankers on the road, loading and
    # unloading, each term >= 0, <= 0 tankers) allows none, so those entries can only be 0
    # and get no variable: an exact reduction that spares the solver the days after a Monte
    # Carlo draw's attacks destroyed the fleet (about 4x faster on such draws). Entries an
    # attack may reach keep theirs: tankers it destroys leave the road (define_fleet).
    gone = model.fleet_gone_day
    return [(t, cap, keep) for t, cap, keep in _open_days(model, i)
            if not _needs_tankers_on(model, i, t, gone) or (i, t) in model.attack_entries]  # fmt: skip


def _open_days(model: TimelineModel, i: int) -> list[tuple[int, float, float]]:
    """:func:`arc_days` before the fleet: the days arc ``i`` is open (capacity above 0)."""
    graph, tl, v = model.graph, model.timeline, model.tanker_m3
    arc = model.arcs[i]
    days = range(model.days)
    if not tl.effects:
        return [(t, arc.capacity_m3, 1.0) for t in days] if arc.capacity_m3 > 0 else []
    caps = [float(graph.edges[e]["capacity_trucks_per_day"]) * v for e in (_edge(model, j) for j in arc.edges)]
    # Effects of the day the fuel reaches each of the arc's segments (after the horizon: none,
    # fuel there arrives too late to count).
    daily = [tl.segment_effects(graph.edges[_edge(model, j)]["segment_id"]) for j in arc.edges]
    offsets = model.edge_offsets_days[i]
    none = Effect()
    out = []
    for t in days:
        effects = [d[t + k] if t + k < model.days else none for d, k in zip(daily, offsets, strict=True)]
        cap = min(c * e.effective_capacity_factor for c, e in zip(caps, effects, strict=True))
        if cap > 0:
            out.append((t, cap, math.prod(1.0 - e.loss_probability for e in effects)))
    return out


def _chain_offsets(arc: Arc, edge_lags: Sequence[float], phase_days: dict[Hashable, float]) -> tuple[int, ...]:
    """Days after entering ``arc`` (on its tail's clock) that fuel reaches each of its edges.

    The first edge is entered that day; edge ``k`` after the transit days ``o`` of the edges
    before it, on day ``floor(phase(tail) + o)``: the ports' clock, as a junction's own clock
    would be on a fastest route from a port (so whole-day lags give exactly ``o``).
    """
    phase = phase_days.get(arc.tail, 0.0)
    out, reached = [], 0.0
    for j in arc.edges:
        out.append(math.floor(phase + reached + 1e-9))
        reached += edge_lags[j]
    return tuple(out)


def define_flow(model: TimelineModel) -> None:
    """Flow variables ``x_<e>_<t>`` bounded by capacity x factor, border-post capacities
    (``border_<n>_<t>``), expected losses and the cargo of attacks (``attack_<a>``).

    An attack's cargo (the tankers it destroys, at most those the fleet still has
    (:func:`~supplychain.models.timeline.destroyed_tankers`), x tanker m³) is matched by
    ``lost_<a>_<i>_<t>`` on the arcs of its segments that day plus ``miss_<a>``, the cargo the
    plan did not have there (penalised in the objective); the attacks reaching one entry find
    together at most what enters it less expected losses (row ``lost_<i>_<t>``).
    :func:`build_timeline_model` calls it.

    Parameters
    ----------
    model : TimelineModel
        Being built by :func:`build_timeline_model`; the variables and rows are added to it.

    Examples
    --------
    On the network of :func:`build_timeline_model`'s example, 2 tankers of 1 m³ destroyed on
    the road on day 1:

    >>> import datetime
    >>> from supplychain.models._examples import example_params, port_city
    >>> from supplychain.models.timeline import Attack, EscortStretch, Timeline
    >>> g, params = port_city(), example_params()
    >>> ambush = Attack("ambush", 1, 2.0, frozenset({"R"}))
    >>> tl = Timeline("t", "", datetime.date(2026, 1, 1), 3, attacks=(ambush,))
    >>> m = build_timeline_model(g, params, tl)
    >>> m.x[0, 0].upBound
    20.0
    >>> print(m.problem.constraints["attack_0"])
    lost_0_0_1 + miss_0 = 2.0
    """
    tl, v = model.timeline, model.tanker_m3
    for i in range(len(model.arcs)):
        if model.active is not None and i not in model.active:
            continue
        for t, cap, keep in arc_days(model, i):
            var = pulp.LpVariable(f"x_{i}_{t}", 0, cap)
            model.x[(i, t)] = var
            model.loss_share[(i, t)] = 1.0 - keep
            model.passing[(i, t)] = [(var, keep)]
    # An attack finds at most the tankers (and their cargo) the fleet still has: they leave
    # the road as they leave the fleet (define_fleet), so more cargo would ride in no tanker.
    fleet = model.params.fleet
    model.attack_tankers = destroyed_tankers([(a.day, a.tankers) for a in tl.attacks],
                                             tl.starting_fleet(fleet.tankers) if fleet.enabled else None)  # fmt: skip
    # Attacks that reach the same fuel (two on one road and day, or on two roads of a chain
    # reached the same day) share it: together they find at most what entered, less expected
    # losses, in one row written with the last of them (so that a timeline whose attacks
    # share nothing keeps its rows' order). Before 2026-12-06 each attack was held to it
    # alone, so two could destroy the same cargo: counted lost twice, and its tankers taken off
    # the road twice, which left room on a fleet already destroyed for trips no tanker made.
    # _attacked_entries of each attack, from the reach build_timeline_model computed once.
    entries = [[e for e in reach if e in model.x] for reach in model.attack_reach]
    last = {e: a for a, found in enumerate(entries) for e in found}
    found_by: dict[tuple[int, int], Terms] = {}
    for a, found in enumerate(entries):
        terms: Terms = []
        for i, t in found:
            lost = pulp.LpVariable(f"lost_{a}_{i}_{t}", 0)
            model.lost[(a, i, t)] = lost
            model.passing[(i, t)].append((lost, -1.0))
            found_by.setdefault((i, t), []).append((lost, 1.0))
            if last[(i, t)] == a:
                _add(model, [*found_by[(i, t)], (model.x[(i, t)], -(1.0 - model.loss_share[(i, t)]))],
                     pulp.LpConstraintLE, 0.0, f"lost_{i}_{t}")  # fmt: skip
            terms.append((lost, 1.0))
        miss = pulp.LpVariable(f"miss_{a}", 0)
        model.miss[a] = miss
        _add(model, [*terms, (miss, 1.0)], pulp.LpConstraintEQ, model.attack_tankers[a] * v, f"attack_{a}")


def _attacked_entries(model: TimelineModel, attack: Attack) -> list[tuple[int, int]]:
    """``(arc, entry day)`` of the fuel on the attack's roads on its day: on an arc whose edge
    ``k`` carries a segment the attack names, the fuel that entered the arc
    ``edge_offsets_days[k]`` days before (a contracted chain's later roads are reached days
    after its entry; before 2026-12-03 only the fuel entering the arc on the attack's day was
    matched, as for the chains' dated effects, see :func:`arc_days`). Several attacked edges
    reached the same day share one entry (the same fuel). Since later on 2026-12-03 no chain
    holding an attacked road is contracted (``timeexp_arcs._contract``), so an attacked road's
    arc has that one edge, at offset 0, and the entry day is the attack's; the offsets keep
    this right for arcs given in code (mut33 found the two equivalent)."""
    return [(i, t) for i, t in _attack_reach(model, attack) if (i, t) in model.x]


def _attack_reach(model: TimelineModel, attack: Attack) -> list[tuple[int, int]]:
    """:func:`_attacked_entries` whether or not the arc takes fuel that day (every arc)."""
    out: list[tuple[int, int]] = []
    for i, arc in enumerate(model.arcs):
        if not attack.segments.intersection(arc.segments):
            continue
        days = {attack.day - k for j, k in zip(arc.edges, model.edge_offsets_days[i], strict=True)
                if model.graph.edges[_edge(model, j)]["segment_id"] in attack.segments}  # fmt: skip
        out.extend((i, t) for t in sorted(days) if 0 <= t < model.days)
    return out


def _edge(model: TimelineModel, j: int) -> Edge:
    edges = getattr(model, "_edges", None)
    if edges is None:
        edges = list(model.graph.edges(keys=True))
        model._edges = edges  # type: ignore[attr-defined]
    return edges[j]


def _weights(model: TimelineModel) -> list[float]:
    p = model.params
    return [p.default_weight, *p.city_weights.values(), *(b.weight for b in p.blocks)]


def _arrivals(model: TimelineModel, node: Hashable, t: int, *, only: set[int] | None = None) -> Terms:
    """Terms of the fuel arriving at ``node`` on day ``t`` (after losses), over the arcs in
    ``only`` if given."""
    terms: Terms = []
    for i in model.arcs_in[node]:
        if only is not None and i not in only:
            continue
        whole, frac = _split(model.arrival_days[i])
        for tau, share in ((t - whole, 1.0 - frac), (t - whole - 1, frac)):
            if share > 1e-12 and (i, tau) in model.passing:
                terms += [(var, c * share) for var, c in model.passing[(i, tau)]]
    return terms


def define_supply(model: TimelineModel) -> None:
    """``load_<n>_<t>`` <= min(supply, loading capacity) x the day's loading factor.

    The limit is the variable's upper bound (no row); the day's factor is the timeline's
    ``loading_factor`` times the node's effect that day. :func:`build_timeline_model` calls it.

    Parameters
    ----------
    model : TimelineModel
        Being built by :func:`build_timeline_model`; the variables and rows are added to it.

    Examples
    --------
    On the network of :func:`build_timeline_model`'s example, the port loads up to 100 m³/day,
    half of it on day 1:

    >>> import datetime
    >>> from supplychain.models._examples import example_params, port_city
    >>> from supplychain.models.timeline import Attack, EscortStretch, Timeline
    >>> g, params = port_city(), example_params()
    >>> tl = Timeline("t", "", datetime.date(2026, 1, 1), 3, loading_factor={"Port": (1.0, 0.5, 1.0)})
    >>> m = build_timeline_model(g, params, tl)
    >>> [m.load["P", t].upBound for t in range(3)]
    [100.0, 50.0, 100.0]
    """
    graph, tl, v = model.graph, model.timeline, model.tanker_m3
    for n, data in graph.nodes(data=True):
        if (data.get("supply_m3_per_day") or 0) <= 0:
            continue
        model.supply_nodes.append(n)
        name = data.get("name") or str(n)
        limit = float(data["supply_m3_per_day"])
        if data.get("capacity_trucks_per_day") is not None:
            limit = min(limit, float(data["capacity_trucks_per_day"]) * v)
        factors = tl.loading_factor.get(name)
        effects = tl.node_effects(name)
        for t in range(model.days):
            f = (factors[t] if factors else 1.0) * effects[t].effective_capacity_factor
            model.load[(n, t)] = pulp.LpVariable(f"load_{n}_{t}", 0, limit * f)


def define_demand(model: TimelineModel) -> None:
    """``deliver_<block>_<t>`` per priority block and day; with a backlog share,
    ``demand_<n>_<t>``: delivered + unmet = demand + backlog x yesterday's unmet.

    A block's delivery is bounded by its volume less the day's rationing (with ``min_stock``
    it must be met in full); with a backlog share the city's last block (its ordinary
    demand) has no upper bound and the ``demand_*`` row limits it; without one there is no
    ``demand_*`` row and unmet demand is what the blocks' bounds leave.
    :func:`build_timeline_model` calls it.

    Parameters
    ----------
    model : TimelineModel
        Being built by :func:`build_timeline_model`; the variables and rows are added to it.

    Examples
    --------
    On the network of :func:`build_timeline_model`'s example, Kayes's 30 m³/day is one block
    (node 1, no priority block), a fifth of it rationed on day 2:

    >>> import datetime
    >>> from supplychain.models._examples import example_params, port_city
    >>> from supplychain.models.timeline import Attack, EscortStretch, Timeline
    >>> g, params = port_city(), example_params()
    >>> tl = Timeline("t", "", datetime.date(2026, 1, 1), 3, rationing={"Kayes": (0.0, 0.0, 0.2)})
    >>> m = build_timeline_model(g, params, tl)
    >>> m.blocks
    {'d1_0': ('C', 'Kayes', 1.0)}
    >>> [float(m.deliver["d1_0", t].upBound) for t in range(3)]
    [30.0, 30.0, 24.0]
    """
    graph, tl, params = model.graph, model.timeline, model.params
    backlog = tl.storage.backlog_share if tl.storage else 0.0
    for i, (n, data) in enumerate(graph.nodes(data=True)):
        total = float(data.get("demand_m3_per_day") or 0.0)
        if total <= 0:
            continue
        name = data.get("name") or str(n)
        cut = np.array(tl.rationing.get(name, (0.0,) * model.days))
        model.demand_m3[n] = total * (1.0 - cut)
        slices = [(b.name, b.volume_m3_per_day, b.weight) for b in params.blocks if b.city == name]
        rest = total - sum(s[1] for s in slices)
        slices.append((name, rest, params.weight(name)))
        for j, (label, volume, weight) in enumerate(slices):
            key = f"d{i}_{j}"
            model.blocks[key] = (n, label, weight)
            last = j == len(slices) - 1
            for t in range(model.days):
                ub = volume * (1.0 - cut[t])
                lb = ub if model.min_stock else 0.0
                unbounded = backlog > 0 and last and not model.min_stock
                model.deliver[(key, t)] = pulp.LpVariable(f"deliver_{key}_{t}", lb, None if unbounded else ub)
        if backlog > 0 and not model.min_stock:
            keys = [k for k, b in model.blocks.items() if b[0] == n]
            for t in range(model.days):
                unmet = pulp.LpVariable(f"unmet_{i}_{t}", 0)
                model.unmet[(n, t)] = unmet
                terms: Terms = [(model.deliver[(k, t)], 1.0) for k in keys] + [(unmet, 1.0)]
                if t > 0:
                    terms.append((model.unmet[(n, t - 1)], -backlog))
                _add(model, terms, pulp.LpConstraintEQ, float(model.demand_m3[n][t]), f"demand_{i}_{t}")


def define_storage(model: TimelineModel) -> None:
    """Stocks ``stock_<n>_<t>`` (0 <= stock <= capacity) at every demand city, the initial
    level (a variable with ``min_stock``) and the shortfall under the floor ``deficit_*``.

    Parameters
    ----------
    model : TimelineModel
        Being built by :func:`build_timeline_model` (its timeline has storage parameters);
        the variables are added to it, with the timeline's stock injections.

    Raises
    ------
    ParameterError
        If a stock injection, or a storage override of the storage parameter file, names a
        place that is not a demand city with a stock.

    Examples
    --------
    On the network of :func:`build_timeline_model`'s example, with the shipped storage
    parameters (tanks of 7 days of demand, full on day 0, a floor of 3 days):

    >>> import datetime
    >>> from supplychain.models._examples import example_params, port_city
    >>> from supplychain.models.timeline import Attack, EscortStretch, Timeline
    >>> g, params = port_city(), example_params()
    >>> m = build_timeline_model(g, params, Timeline("t", "", datetime.date(2026, 1, 1), 3))
    >>> m.storage  # (capacity, initial, floor) m³
    {'C': (210.0, 210.0, 90.0)}
    >>> print(m.problem.constraints["floor_C_1"])
    deficit_C_1 + stock_C_1 >= 90.0
    """
    tl = model.timeline
    assert tl.storage is not None
    demand = {model.graph.nodes[n].get("name") or str(n): float(model.graph.nodes[n]["demand_m3_per_day"])
              for n in model.demand_m3}
    tl.storage.check_places(demand)
    for n in model.demand_m3:
        data = model.graph.nodes[n]
        name = data.get("name") or str(n)
        cap, init, floor = tl.storage.storage(name, float(data["demand_m3_per_day"]))
        model.storage[n] = (cap, init, floor)
        if model.min_stock:
            model.stock[(n, 0)] = pulp.LpVariable(f"stock_{n}_0", 0)
        for t in range(1, model.days + 1):
            var = pulp.LpVariable(f"stock_{n}_{t}", 0, None if model.min_stock else cap)
            model.stock[(n, t)] = var
            if floor > 0 and t < model.days and not model.min_stock:
                deficit = pulp.LpVariable(f"deficit_{n}_{t}", 0, floor)
                _add(model, [(deficit, 1.0), (var, 1.0)], pulp.LpConstraintGE, floor,
                     f"floor_{n}_{t}")  # fmt: skip
                model.deficit.append(deficit)
    names = {d.get("name"): n for n, d in model.graph.nodes(data=True) if d.get("name")}
    for day, place, volume in tl.injections:
        if names.get(place) not in model.storage:  # a place not on the network: a KeyError (fuzz33)
            raise ParameterError(f"Stock injection into '{place}': it is not a demand city with a "
                                 "stock; inject into a city")  # fmt: skip
        key = (names[place], day)
        model.injections[key] = model.injections.get(key, 0.0) + volume
    for (n, t), volume in model.injections.items():
        model.injected[(n, t)] = pulp.LpVariable(f"inject_{n}_{t}", 0, volume)


def _drawdown(model: TimelineModel, n: Hashable, t: int) -> tuple[Terms, float]:
    """What city ``n``'s stock gives on day ``t`` (m³): its stock at the start of day ``t`` plus
    that day's injection, less its stock at the start of day ``t + 1``.

    Returns the terms, in the order the rows list them, and a constant: the fixed initial
    stock on day 0 (0 otherwise, or with ``min_stock``, where it is the variable
    ``stock_<n>_0``). The conservation, drawdown and fleet rows write this one expression.
    """
    terms: Terms = [(model.stock[(n, t + 1)], -1.0)]
    initial = 0.0
    if (n, t) in model.stock:
        terms.append((model.stock[(n, t)], 1.0))
    elif t == 0:
        initial = model.storage[n][1]
    if (n, t) in model.injected:
        terms.append((model.injected[(n, t)], 1.0))
    return terms, initial


def define_staging(model: TimelineModel) -> None:
    """With whole convoys, ``waiting_<n>_<t>``: m³ in loaded tankers waiting at the place ``n``
    where an escorted stretch starts, at the end of day ``t``, for a convoy.

    A whole convoy leaves on a day; the fuel it carries must be there that day. Without a place
    to wait, a convoy could carry only what reached its place of departure that day: on the
    back-test, whose ports load a day's fuel at a time, the Guinean stretch's convoys of 300
    tankers left about half full and whole convoys delivered 377,996 m³ against 581,662 m³ for
    the LP with its escort units rounded down (measured 2026-12-08). Tankers gather for a convoy
    (assumption: FACTS.md gives convoys of 80-100+ and about 300 tankers, Convoys and escorts /
    "Convoy sizes", more than a port loads in a day), so fuel may wait there from one day to
    the next: the conservation rows carry it over, each waiting m³ keeps a tanker of the fleet
    busy that day (:func:`define_fleet`) and is priced as fuel in transit (the tiny transit
    price per m³-day, an assumption that only breaks ties; :func:`_define_objectives`). A place with storage (a depot or a city)
    keeps fuel in its stock instead. With continuous convoys (an LP) nothing is added: a share
    of a convoy leaves every day, so fuel need not wait for one, and the LP's figures stay those
    documented. :func:`build_timeline_model` calls it.

    Parameters
    ----------
    model : TimelineModel
        Being built by :func:`build_timeline_model`; the variables are added to it.

    Examples
    --------
    On the network of :func:`build_timeline_model`'s example, the road escorted in convoys of 5
    tankers, whole: fuel can wait at the port for them.

    >>> import datetime
    >>> from supplychain.models._examples import example_params, port_city
    >>> from supplychain.models.timeline import EscortStretch, Timeline
    >>> escort = EscortStretch("R escorted", frozenset({"R"}), 0, 2, 5.0, 1.0)
    >>> tl = Timeline("t", "", datetime.date(2026, 1, 1), 3, escorts=(escort,),
    ...               escort_units=(1.0, 1.0, 1.0))
    >>> m = build_timeline_model(port_city(), example_params(), tl, integer_convoys=True)
    >>> sorted(m.waiting)
    [('P', 0), ('P', 1), ('P', 2)]
    >>> build_timeline_model(port_city(), example_params(), tl).waiting
    {}
    """
    if not model.integer_convoys:
        return
    places: set[Hashable] = set()
    for stretch in model.timeline.escorts:
        entries, _, _ = _stretch_layout(model, stretch.segments)
        places.update(model.arcs[i].tail for i in entries)
    for n in sorted(places - set(model.storage), key=str):
        for t in range(model.days):
            model.waiting[(n, t)] = pulp.LpVariable(f"waiting_{n}_{t}", 0)


def _define_conservation(model: TimelineModel) -> None:
    """``conservation_<n>_<t>``: arrivals + loaded + stock + injection
    = departures + delivered + next stock; ``border_<n>_<t>``: arrivals <= post capacity."""
    graph, tl, v = model.graph, model.timeline, model.tanker_m3
    out_edges = model.arcs_out
    by_node: dict[Hashable, list[str]] = {}
    for key, (n, _, _) in model.blocks.items():
        by_node.setdefault(n, []).append(key)
    supply = set(model.supply_nodes)
    act = model.active
    for n, data in graph.nodes(data=True):
        if n not in supply and n not in model.storage and n not in by_node and not any(
                act is None or i in act for i in (*model.arcs_in[n], *out_edges[n])):
            continue  # no arc, load, stock or delivery: no row on any day
        name = data.get("name") or ""
        effects = tl.node_effects(name) if name else None
        border_cap = None
        town_cap: dict[int, tuple[float, set[int]]] = {}
        if _limits_traffic(data):
            # A border post's capacity, and a port's or depot's that loads nothing (a transit
            # depot), limit what passes, as in the steady LP (lp._limits_traffic; before
            # 2026-12-03 the timeline left a transit depot unlimited). A post that loads is a loading point: its capacity caps its loading only
            # (define_supply), not the traffic through it (until 2026-12-05 the timeline capped
            # that traffic too: 4 m3/day delivered where the steady LP delivered 6).
            border_cap = float(data["capacity_trucks_per_day"]) * v
        elif n not in supply and effects and any(0.0 < e.effective_capacity_factor < 1.0 for e in effects):
            # A town's capacity_factor scales each road into it, as in the steady LP
            # (supplychain.models.lp._scenario_data; a loading point's scales only its loading):
            # the arcs ending on one road share that road's row. Before 2026-12-03 the timeline
            # ignored it (found by tests/test_timeline_oracle.py); until 2026-12-05 it scaled
            # the sum of the roads in, which on a chain counts the road back from the far side.
            for i in model.arcs_in[n]:
                j = model.arcs[i].edges[-1]
                town_cap.setdefault(j, (float(graph.edges[_edge(model, j)]["capacity_trucks_per_day"]) * v, set()))[1].add(i)
        for t in range(model.days):
            effect = effects[t] if effects else None
            keep = 1.0 - (effect.loss_probability if effect else 0.0)
            arrive = _arrivals(model, n, t)
            terms: Terms = [(var, keep * c) for var, c in arrive]
            if (n, t) in model.load:
                terms.append((model.load[(n, t)], keep))
            terms += [(model.x[(i, t)], -1.0) for i in out_edges[n] if (i, t) in model.x]
            terms += [(model.deliver[(k, t)], -1.0) for k in by_node.get(n, ())]
            if (n, t) in model.waiting:  # fuel kept in tankers for a convoy (define_staging)
                terms.append((model.waiting[(n, t)], -1.0))
                if t > 0:
                    terms.append((model.waiting[(n, t - 1)], 1.0))
            rhs = 0.0
            drawn: Terms = []
            if n in model.storage:
                drawn, initial = _drawdown(model, n, t)
                terms += drawn
                rhs -= initial
            if terms:
                model.conservation_rows[(n, t)] = _add(model, terms, pulp.LpConstraintEQ, rhs,
                                                       f"conservation_{n}_{t}")  # fmt: skip
            if n in model.storage:
                # A city's stock serves that city: it is drawn down only for local delivery,
                # never trucked on to another city.
                draw = drawn + [(model.deliver[(k, t)], -1.0) for k in by_node.get(n, ())]
                _add(model, draw, pulp.LpConstraintLE, rhs, f"drawdown_{n}_{t}")
            factor = effect.effective_capacity_factor if effect else 1.0
            # Nothing enters a closed place; a factor of 0 shuts a post, a transit depot or a
            # town, but a loading point's factor scales its loading only (define_supply), as in
            # the steady LP: until 2026-12-05 a depot at 0 also stopped the traffic through it.
            shut = arrivals_shut(border_cap, n in supply, effect)
            if arrive and (border_cap is not None or shut):
                cap = 0.0 if shut else float(border_cap or 0.0) * factor
                model.border_rows[(n, t)] = _add(model, arrive, pulp.LpConstraintLE, cap, f"border_{n}_{t}")
            elif town_cap and 0.0 < factor < 1.0:
                for j, (road_m3, arcs) in town_cap.items():
                    terms = _arrivals(model, n, t, only=arcs)
                    if terms:
                        model.town_road_rows[(n, j, t)] = _add(
                            model, terms, pulp.LpConstraintLE, road_m3 * factor, f"town_road_{n}_{j}_{t}")


def define_fleet(model: TimelineModel) -> None:
    """``fleet_<t>``: tankers on the road (loaded and empty return, loading and unloading)
    <= the fleet of that day (tankers in service minus those destroyed so far, which are off
    the road from the day of their attack).

    A m³ entering an arc with a transit of ``L`` days keeps a tanker of ``V`` m³ on the road
    ``2 L / V`` tanker-days (there and back), spread over the days it is out; loading adds its
    hours per m³ loaded, unloading per m³ a city takes off tankers (delivered or stocked that
    day, not drawn from its stock). ``model.on_road`` is set even with the fleet disabled (then
    no row is added); the day's fleet is ``model.fleet_tankers``, which
    :func:`build_timeline_model` sets before the flows (they read it) and which calls this.

    Parameters
    ----------
    model : TimelineModel
        Being built by :func:`build_timeline_model`; the variables and rows are added to it.

    Examples
    --------
    On the network of :func:`build_timeline_model`'s example (10 tankers, a one-day road),
    2 tankers destroyed on day 1:

    >>> import datetime
    >>> from supplychain.models._examples import example_params, port_city
    >>> from supplychain.models.timeline import Attack, EscortStretch, Timeline
    >>> g, params = port_city(), example_params()
    >>> ambush = Attack("ambush", 1, 2.0, frozenset({"R"}))
    >>> m = build_timeline_model(g, params, Timeline("t", "", datetime.date(2026, 1, 1), 3,
    ...                                              attacks=(ambush,)))
    >>> m.fleet_tankers
    [10.0, 8.0, 8.0]
    >>> print(m.problem.constraints["fleet_0"])
    0.0*deliver_d1_0_0 + 0.0*load_P_0 + 2.0*x_0_0 <= 10.0
    """
    tl, v, fleet = model.timeline, model.tanker_m3, model.params.fleet
    occupancy = [_occupancy(lag) for lag in model.lag_days]
    by_day: list[Terms] = [[] for _ in range(model.days)]
    for (i, t), var in model.x.items():
        for k, share in enumerate(occupancy[i]):
            if t + k < model.days:
                by_day[t + k].append((var, 2.0 * share / v))
    # Tankers an attack destroys leave the road on its day, as they leave the fleet
    # (fleet_tankers): neither the rest of their loaded leg nor their return. Before
    # 2026-12-04 they stayed on it for both, counted twice against a fleet already short of
    # them (a fleet of 45 with 40 on the road and 5 destroyed delivered 5 of 10 m3 on a day).
    for (a, i, t), var in model.lost.items():
        day = tl.attacks[a].day
        for k, share in enumerate(occupancy[i]):
            if day <= t + k < model.days:
                by_day[t + k].append((var, -2.0 * share / v))
    for (_n, t), var in model.load.items():
        by_day[t].append((var, fleet.loading_hours / 24.0 / v))
    for (_n, t), var in model.waiting.items():  # a loaded tanker waiting for its convoy
        by_day[t].append((var, 1.0 / v))
    unload = fleet.unloading_hours / 24.0 / v
    for (_key, t), var in model.deliver.items():
        by_day[t].append((var, unload))
    # Unloading is charged on the fuel a city takes off tankers that day: its deliveries plus
    # what goes into its stock, less what comes out of it and any stock injection (the
    # drawdown rows keep this >= 0). Fuel drawn from stock needs no long-haul tanker; before
    # 2026-12-03 every m3 delivered was charged, so a fleet that bound kept cities with full
    # tanks short (16 of 160 m3 delivered on a hand case with one tanker).
    # What comes out of stock is the drawdown rows' expression (_drawdown), the fixed initial
    # stock a constant.
    offset = [0.0] * model.days
    if unload > 0:
        for n in model.storage:
            for t in range(model.days):
                drawn, initial = _drawdown(model, n, t)
                by_day[t] += [(var, -unload * c) for var, c in drawn]
                offset[t] -= unload * initial
    model.on_road = by_day
    model.on_road_offset = offset
    if not fleet.enabled:
        return
    for t, terms in enumerate(by_day):
        model.fleet_rows[t] = _add(model, terms, pulp.LpConstraintLE, model.fleet_tankers[t] - offset[t],
                                   f"fleet_{t}")  # fmt: skip


def fleetless_entries(model: TimelineModel, fleet_tankers: Sequence[float], attacks: Iterable[int] = ()
                      ) -> list[tuple[int, int]]:  # fmt: skip
    """Flow variables (``model.x`` keys) that can only be 0 with a fleet of ``fleet_tankers``
    a day: their trips keep tankers on the road on or after the first day the fleet is 0,
    and none of ``attacks`` (indices into the timeline's attacks: those that destroy tankers)
    may find their fuel. :func:`arc_days` leaves such entries out of a model as it is built;
    a Monte Carlo draw re-solving a built template with another fleet bounds them at 0.

    Parameters
    ----------
    model : TimelineModel
    fleet_tankers : sequence of float
        The fleet each day of the horizon (tankers in service less those destroyed so far).
    attacks : iterable of int, optional
        Attacks whose cargo the entries they reach may still carry.

    Returns
    -------
    list of (int, int)
        ``(arc, entry day)``, sorted; empty when the fleet is never 0.

    Examples
    --------
    One road of one day (:func:`build_timeline_model`'s example), a fleet gone on day 2:

    >>> import datetime
    >>> from supplychain.models._examples import example_params, port_city
    >>> m = build_timeline_model(port_city(), example_params(), Timeline("t", "", datetime.date(2026, 1, 1), 4))
    >>> fleetless_entries(m, [10.0, 10.0, 0.0, 0.0])
    [(0, 2), (0, 3)]
    """
    gone = next((t for t, n in enumerate(fleet_tankers) if n <= 0.0), None)
    if gone is None or not model.params.fleet.enabled:
        return []
    active = set(attacks)
    reached = {(i, t) for (a, i, t) in model.lost if a in active}
    return [(i, t) for (i, t) in sorted(model.x) if _needs_tankers_on(model, i, t, gone) and (i, t) not in reached]


def _needs_tankers_on(model: TimelineModel, i: int, t: int, day: int | None) -> bool:
    """Fuel entering arc ``i`` on day ``t`` keeps tankers on the road on ``day`` or after it
    (its trip: days ``t`` to ``t + len(occupancy) - 1``)."""
    trip = len(_occupancy(model.lag_days[i]))
    return day is not None and trip > 0 and t + trip > day


def _fleet_by_day(model: TimelineModel) -> list[float]:
    """Tankers in service each day: the starting fleet less those destroyed so far
    (:meth:`~supplychain.models.timeline.Timeline.fleet_lost`, summed once rather than per day:
    a Monte Carlo template holds thousands of attacks), >= 0."""
    tl, fleet = model.timeline, model.params.fleet
    on_day = [0.0] * model.days
    for attack in tl.attacks:
        if attack.day < model.days:
            on_day[max(attack.day, 0)] += attack.tankers
    start = tl.starting_fleet(fleet.tankers)
    return [max(start - lost, 0.0) for lost in itertools.accumulate(on_day)]


#: Joining places of a stretch up to which the convoy row is written as one row per subset of
#: them rather than with a variable per place (assumption: 2^3 rows stay cheap).
_JOIN_SUBSETS_MAX = 3


def _stretch_one_way_days(model: TimelineModel, segments: frozenset[str]) -> tuple[list[int], float]:
    """Entry edges of an escorted stretch and its one-way crossing time (days)."""
    entries, one_way, _ = _stretch_layout(model, segments)
    return entries, one_way


def _stretch_layout(model: TimelineModel,
                    segments: frozenset[str]) -> tuple[list[int], float, set[Hashable]]:  # fmt: skip
    """Entry edges of an escorted stretch, its one-way crossing time (days) and the places
    where fuel can also arrive along the stretch and go on along it (not back the way it came):
    there a convoy that arrived goes on (see :func:`define_escorts`)."""
    inside = [i for i, arc in enumerate(model.arcs) if segments.intersection(arc.segments)]
    sub = fastest_digraph(model.arcs[i] for i in inside)
    one_way = 0.0
    for _, dist in nx.all_pairs_dijkstra_path_length(sub, weight="w"):
        one_way = max([one_way, *dist.values()])
    entries = []
    continuing: set[Hashable] = set()
    for i in inside:
        a, b = model.arcs[i].tail, model.arcs[i].head
        fed_inside = [u for u in sub.predecessors(a) if u != b] if a in sub else []
        outside = any(not segments.intersection(model.arcs[j].segments) for j in model.arcs_in[a])
        if not fed_inside or outside or (a, 0) in model.load:
            entries.append(i)
            if fed_inside:
                continuing.add(a)
    return entries, one_way, continuing


def _escort_goal_kind(min_escorts: bool | str) -> str | None:
    """``build_timeline_model``'s ``min_escorts`` as None (off), ``"unit-days"`` or ``"peak"``;
    an ArgumentError naming any other value (an ArgumentTypeError for another type)."""
    from supplychain.errors import ArgumentError, ArgumentTypeError

    if isinstance(min_escorts, bool):
        return "unit-days" if min_escorts else None
    if isinstance(min_escorts, str):
        if min_escorts in ("unit-days", "peak"):
            return min_escorts
        raise ArgumentError(f"min_escorts = {min_escorts!r}; give True or 'unit-days' (the fewest "
                            "escort unit-days), 'peak' (the fewest units on the busiest day) or False")
    raise ArgumentTypeError(f"min_escorts = {min_escorts!r}; give a bool, 'unit-days' or 'peak'")


def define_escorts(model: TimelineModel) -> None:
    """``convoy_<g>_<t>``: fuel entering escorted stretch g <= convoys x convoy size x tanker;
    ``escorts_<t>``: convoys still on their round trip (+ rest) <= escort units that day (no
    such rows with ``min_escorts``: units unlimited, their use kept in ``model.escort_use``).

    Fuel enters the stretch where it leaves a place along one of the stretch's roads. At a place
    inside the stretch that also receives fuel from the stretch's own roads (a road from outside
    joins it there, or a loading point lies on it), a convoy that arrived goes on with up to the
    fuel it brought: only what leaves along the stretch beyond that day's arrivals from the
    stretch's roads enters anew (``join_<g>_<place>_<t>`` >= departures - arrivals, >= 0).
    Counting the departures alone counted fuel already in a convoy again at every such place.
    :func:`build_timeline_model` calls it.

    Parameters
    ----------
    model : TimelineModel
        Being built by :func:`build_timeline_model`; the variables and rows are added to it.

    Examples
    --------
    On the network of :func:`build_timeline_model`'s example, the road escorted every day in
    convoys of 5 tankers of 1 m³ by one unit, which rests a day after its 2-day round trip:

    >>> import datetime
    >>> from supplychain.models._examples import example_params, port_city
    >>> from supplychain.models.timeline import Attack, EscortStretch, Timeline
    >>> g, params = port_city(), example_params()
    >>> escort = EscortStretch("R escorted", frozenset({"R"}), 0, 2, 5.0, 1.0)
    >>> tl = Timeline("t", "", datetime.date(2026, 1, 1), 3, escorts=(escort,),
    ...               escort_units=(1.0, 1.0, 1.0))
    >>> m = build_timeline_model(g, params, tl)
    >>> m.round_trip_days
    [3.0]
    >>> print(m.problem.constraints["convoy_0_0_0"])
    -5.0*convoys_0_0 + x_0_0 <= -0.0
    >>> print(m.problem.constraints["escorts_1"])
    convoys_0_0 + convoys_0_1 <= 1.0
    """
    tl, v = model.timeline, model.tanker_m3
    cat = pulp.LpInteger if model.integer_convoys else pulp.LpContinuous
    use: list[Terms] = [[] for _ in range(model.days)]
    for g, stretch in enumerate(tl.escorts):
        entries, one_way, continuing = _stretch_layout(model, stretch.segments)
        trip = 2.0 * one_way + stretch.rest_days
        model.round_trip_days.append(trip)
        busy = _occupancy(trip) or [1.0]
        inside = {i for i, arc in enumerate(model.arcs) if stretch.segments.intersection(arc.segments)}
        by_place: dict[Hashable, list[int]] = {}
        for i in entries:
            by_place.setdefault(model.arcs[i].tail, []).append(i)
        if any(stretch.first <= t <= stretch.last for i in entries for t, _, _ in _open_days(model, i)):
            model.crossable.add(g)
        for t in range(stretch.first, stretch.last + 1):
            entering: Terms = []
            joins: list[Terms] = []
            for place, arcs in by_place.items():
                leaving = [(model.x[(i, t)], 1.0) for i in arcs if (i, t) in model.x]
                if not leaving:
                    continue
                inside_in = _arrivals(model, place, t, only=inside) if place in continuing else []
                if inside_in:
                    joins.append([*leaving, *((var, -c) for var, c in inside_in)])
                else:
                    entering += leaving
            if not entering and not joins:
                continue
            c = pulp.LpVariable(f"convoys_{g}_{t}", 0, None, cat)
            model.convoys[(g, t)] = c
            model.convoy_need[(g, t)] = (list(entering), joins)
            if len(joins) <= _JOIN_SUBSETS_MAX:
                # sum of max(0, departures - arrivals) over the joining places, as one row per
                # subset of them (no extra columns; at most 2^3 rows).
                for k, subset in enumerate(itertools.chain.from_iterable(
                        itertools.combinations(joins, r) for r in range(len(joins) + 1))):
                    terms = [*entering, *(term for j in subset for term in j)]
                    if terms:
                        _add(model, [*terms, (c, -stretch.convoy_tankers * v)],
                             pulp.LpConstraintLE, 0.0, f"convoy_{g}_{t}_{k}")  # fmt: skip
            else:
                for j, terms in enumerate(joins):
                    join = pulp.LpVariable(f"join_{g}_{j}_{t}", 0)
                    _add(model, [*terms, (join, -1.0)], pulp.LpConstraintLE, 0.0, f"join_{g}_{j}_{t}")
                    entering.append((join, 1.0))
                _add(model, [*entering, (c, -stretch.convoy_tankers * v)], pulp.LpConstraintLE, 0.0,
                     f"convoy_{g}_{t}")  # fmt: skip
            for k, share in enumerate(busy):
                if t + k < model.days:
                    use[t + k].append((c, share))
    model.escort_use = use
    if model.min_escorts:  # units unlimited: the rows' left-hand sides are what is minimised
        return
    for t, terms in enumerate(use):
        if terms:
            _add(model, terms, pulp.LpConstraintLE, tl.units(t), f"escorts_{t}")


def _transit_coef(model: TimelineModel, i: int) -> float:
    """Stage-1 objective coefficient of every flow variable of arc ``i``: the transit price,
    a value lost when delivery is maximised and a cost when ``min_stock`` minimises the stock.

    With ``min_stock`` the flows were free before 2026-12-03: where stage 2 does not run (LPs
    above 2,500 rows) the plan then carried fuel nobody needed, and the printed arrivals,
    tankers on the road and stocks were arbitrary (on a 60-day West-African timeline 508,104 m3
    arrived for 241,300 m3 of demand, Kita held 177,624 m3 in a 420 m3 tank). The price per
    m3 (1e-5 x its transit days) is far below the 1 per m3 of stock minimised, so the minimum
    stock is the same.
    """
    price = _TRANSIT_PRICE * model.lag_days[i]
    return price if model.min_stock else -price


def _convoy_coefs(model: TimelineModel) -> dict[int, float]:
    """Stage-1 objective coefficient of the convoy columns of each escorted stretch: the price
    of an escort unit-day (the convoy price x the largest convoy's capacity in m3) x the
    stretch's round trip and rest (days), a value lost when delivery is maximised and a cost
    when ``min_stock`` minimises the stock.

    One price per unit-day on every stretch, so among plans delivering as much, stage 1 takes
    the one with the fewest escort unit-days (the average of the units in use over the days),
    and each convoy column is what the plan's flows need (before, a column was free between
    that need and the escort rows' room and the interior point centred it there; so were the
    flows through escorted stretches: see CHANGELOG.md, 2026-12-05). An escort unit-day weighs
    as much as the largest convoy's load for a day in transit. Per m3 in a full convoy that is
    the transit price x the round trip x (largest / this convoy size): 5.3e-5 on the
    back-test's Guinean stretch (5.3 days of round trip and rest, convoys of the largest size,
    300 tankers), 3.6e-4 (1e-5 x 11.9 days x 300 / 100) on its Senegal stretch (convoys of
    100 tankers); far below any delivery value (the shipped priority weights are 1 to 3), the 1
    per m3 of stock ``min_stock`` minimises and the miss penalty (twice the largest delivery
    value), so delivery, the minimum stock and the attacks matched are the same.
    """
    tl = model.timeline
    used = sorted(model.crossable)  # whatever the fleet and the arcs priced in
    if not used:
        return {}
    day_price = _CONVOY_PRICE * max(tl.escorts[g].convoy_tankers for g in used) * model.tanker_m3
    sign = 1.0 if model.min_stock else -1.0
    return {g: sign * day_price * model.round_trip_days[g] for g in used}


def _miss_penalty(model: TimelineModel) -> float:
    """Penalty per m3 of an attack's cargo the plan did not have there.

    An attack is a recorded event: the plan must have had its cargo there, unless nothing can
    pass the selection that day. Matching it must be worth more than whatever the doomed fuel
    could deliver instead: twice the largest delivery value (priority x (1 + earliness)),
    times what the resources it takes could carry elsewhere. Loading, road and border capacity
    taken by one m3 carry at most one m3 elsewhere; escort capacity carries more on a stretch
    with larger convoys or a shorter round trip: one m3 in a convoy of C tankers holds a unit
    for trip / C, which carries trip / trip' x C' / C m3 on another stretch. The fleet is not
    counted (it binds on no shipped timeline; the result warns of an attack left unmatched).
    Before 2026-12-02 the escort factor was missing and two of the back-test's six attacks
    (on the 100-tanker Senegal convoys) found no cargo. The convoy price (see
    :func:`_convoy_coefs`, at most 2e-4 per m3 on the back-test) is far below the penalty.
    """
    tl = model.timeline
    value = max(_weights(model)) * (1.0 + (tl.storage.earliness if tl.storage else 0.0))
    ratio = 1.0
    used = model.crossable
    sizes = [tl.escorts[g].convoy_tankers for g in used]
    trips = [model.round_trip_days[g] for g in used]
    if sizes and min(trips) > 0:
        ratio = max(sizes) / min(sizes) * max(trips) / min(trips)
    return 2.0 * value * ratio


def _define_objectives(model: TimelineModel) -> None:
    tl = model.timeline
    model.miss_penalty = _miss_penalty(model)
    early = tl.storage.earliness if tl.storage else 0.0
    span = max(model.days - 1, 1)
    penalty = model.miss_penalty
    misses: Terms = [(m, penalty) for m in model.miss.values()]
    # Injected fuel is taken whenever the tank has room: free fuel at the city never lowers
    # what can be delivered, so a reward far below any delivery value only settles the ties
    # (an injection not needed could otherwise be left untaken at random).
    taken = _INJECTION_REWARD * min(_weights(model), default=1.0)
    # A tiny price per m3-day in transit keeps stage 1 free of useless circulation (a loop
    # through a dead-end border post would otherwise look free and tie up tankers) and, with
    # ``min_stock``, of fuel carried to no purpose.
    transit: Terms = [(var, _transit_coef(model, i)) for (i, _), var in model.x.items()]
    # A convoy holds an escort unit for its round trip: priced so that stage 1 sends the convoys
    # its flows need, and among plans delivering as much, the one needing the fewest escort
    # unit-days (see _convoy_coefs).
    convoy = _convoy_coefs(model)
    transit += [(var, convoy[g]) for (g, _), var in model.convoys.items()]
    # Fuel waiting in tankers for a convoy (define_staging) is fuel in transit for that day: the
    # same price, so no plan parks fuel there to no purpose (without it, the whole-convoy plan
    # of the back-test held fuel at the Guinean stretch's start for weeks, tankers the fleet
    # counts and arrivals into Mali weeks before their delivery).
    waiting_price = _TRANSIT_PRICE if model.min_stock else -_TRANSIT_PRICE
    transit += [(var, waiting_price) for var in model.waiting.values()]
    if model.min_stock:
        model.stage1 = pulp.LpAffineExpression(
            [(model.stock[(n, 0)], 1.0) for n in model.storage] + misses
            + [(var, -taken) for var in model.injected.values()] + transit)
    else:
        model.stage1 = pulp.LpAffineExpression(
            [(var, model.blocks[key][2] * (1.0 + early * (span - t) / span))
             for (key, t), var in model.deliver.items()] + [(m, -c) for m, c in misses] + transit
            + [(var, taken) for var in model.injected.values()])
    model.problem.setObjective(model.stage1)


def stage2_cost(model: TimelineModel) -> Any:
    """The second goal (cost), built on first use: only stage 2 reads it, and stage 2 runs on
    small LPs only (see :func:`~supplychain.models.timeexp_solve.solve_timeline`).

    Parameters
    ----------
    model : TimelineModel

    Returns
    -------
    pulp.LpAffineExpression
        Also kept as ``model.cost``.

    Examples
    --------
    >>> import datetime
    >>> from supplychain.networks import build_network
    >>> from supplychain.models import load_model_parameters
    >>> m = build_timeline_model(build_network(), load_model_parameters(),
    ...                          Timeline("calm", "", datetime.date(2026, 1, 1), 2))
    >>> len(stage2_cost(m)) >= len(m.x)
    True
    """
    if model.cost is None:
        params = model.params
        per_m3_km = params.cost_per_truck_km / model.tanker_m3
        km = [arc.length_km for arc in model.arcs]
        terms: Terms = [
            (var, km[i] * per_m3_km + model.loss_share[(i, t)] * params.fuel_value_per_m3)
            for (i, t), var in model.x.items()
        ]
        # Keeping the security stock is worth the fuel's value per m3-day below the floor.
        terms += [(d, params.fuel_value_per_m3 or 1.0) for d in model.deficit]
        model.cost = pulp.LpAffineExpression(terms)
    return model.cost
