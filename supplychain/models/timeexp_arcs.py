"""Arcs of the time-expanded model: chains of plain junctions contracted, and transit lags.

Holds :class:`Arc`, :func:`edge_lags_days` (transit days per directed edge), the contraction
of two-neighbour junctions into one arc (``_contract``) and the split of a lag into whole days
and a fraction (``_split``, ``_occupancy``), and each place's clock (:func:`node_phases`,
:func:`arrival_lags`). :mod:`supplychain.models.timeexp` builds its variables on these arcs and
re-exports the public names.
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import networkx as nx

from supplychain.errors import ArgumentError, ArgumentTypeError
from supplychain.models.lp import Edge, _limits_traffic
from supplychain.models.params import ModelParameters
from supplychain.models.scenario import Effect
from supplychain.models.timeline import Timeline

__all__ = ["Arc", "Reduction", "arrival_lags", "arrivals_shut", "carrying_arcs", "closed_segments", "corridor_edges",
           "edge_lags_days", "fastest_digraph", "node_phases", "protected_edges", "reduce_arcs"]


@dataclass(frozen=True)
class Arc:
    """A chain of directed edges through plain junctions, modelled as one arc.

    Junctions with exactly two neighbours, no supply, demand, border post or node effect, whose
    two segments are touched by exactly the same rules and events, are contracted away: the
    arc's transit time is the sum of its edges' (so only the whole chain's lag is rounded), its
    capacity the smallest, and its losses compound.

    Parameters
    ----------
    tail, head : hashable
        First and last node of the chain.
    edges : tuple of int
        The chain's edges, as indices in ``graph.edges(keys=True)`` order.
    segments : tuple of str
        The segment ids along the chain, each once, in order.
    capacity_m3 : float
        Smallest capacity along the chain (m³/day: trucks/day x tanker m³).
    lag_days : float
        Transit time, the sum of the edges' (:func:`edge_lags_days`).
    length_km : float
        Total length.
    corridors : tuple of str
        The corridors of the chain's last edge.

    Examples
    --------
    >>> Arc("a", "b", (0,), ("S:a-b",), 3.0, 1.0, 10.0, ("X",)).segments
    ('S:a-b',)
    """

    tail: Hashable
    head: Hashable
    edges: tuple[int, ...]
    segments: tuple[str, ...]
    capacity_m3: float
    lag_days: float
    length_km: float
    corridors: tuple[str, ...]


def edge_lags_days(graph: nx.MultiDiGraph, params: ModelParameters) -> list[float]:
    """Transit days of every directed edge (``graph.edges(keys=True)`` order).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    params : ModelParameters
        ``fleet.driving_hours_per_day`` and ``fleet.border_hours``.

    Returns
    -------
    list of float
        ``travel_time_h / driving_hours_per_day`` plus ``border_hours / 24`` into a border post.

    Examples
    --------
    A 6-hour road into a border post that holds tankers 12 h, driving 12 h a day:

    >>> from supplychain.models.params import FleetParameters, ModelParameters
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("A", role="junction"); g.add_node("X", role="border")
    >>> _ = g.add_edge("A", "X", travel_time_h=6.0); _ = g.add_edge("X", "A", travel_time_h=6.0)
    >>> fleet = FleetParameters(True, 10.0, 12.0, 0.0, 0.0, 12.0)
    >>> edge_lags_days(g, ModelParameters(1.0, {}, (), 1.0, 1.0, "XOF", fleet))
    [1.0, 0.5]
    """
    drive = params.fleet.driving_hours_per_day
    out = []
    for _, v, data in graph.edges(data=True):
        lag = float(data["travel_time_h"]) / drive
        if graph.nodes[v].get("role") == "border":
            lag += params.fleet.border_hours / 24.0
        out.append(lag)
    return out


def _signature(timeline: Timeline, segment_id: str) -> tuple[bool, ...]:
    return tuple(
        [segment_id in d.segments for d in timeline.effects]
        + [segment_id in e.segments for e in timeline.escorts]
        + [segment_id in a.segments for a in timeline.attacks]
    )


def _contract(
    graph: nx.MultiDiGraph,
    lags: list[float],
    timeline: Timeline,
    volume: float,
    *,
    keep: set[Edge] | None = None,
) -> list[Arc]:
    """Arcs of the network with plain junctions contracted (see :class:`Arc`).

    Only the edges in ``keep`` (default: all) are used. A junction is contracted when, on those
    edges, it has one way in and one way out to another neighbour (a one-way chain, as left by
    :func:`reduce_arcs`), or two neighbours each joined both ways, and none of its roads is
    named by an attack: an arc carries one flow, bounded by its narrowest road, but the fuel an
    attack destroys on a road of a chain never reaches the roads after it (before 2026-12-03
    an attacked chain found at most its narrowest road's capacity: 2 m3 of an 8 m3 attack on a
    road of 10 m3 a day followed by one of 2, the rest missed; tests/test_timeline_oracle_lp.py).
    """
    attacked = set().union(*(a.segments for a in timeline.attacks))
    edges = list(graph.edges(keys=True))
    index = {e: i for i, e in enumerate(edges)}
    outs: dict[Hashable, list[Edge]] = {n: [] for n in graph.nodes}
    ins: dict[Hashable, list[Edge]] = {n: [] for n in graph.nodes}
    for e in edges:
        if keep is None or e in keep:
            outs[e[0]].append(e)
            ins[e[1]].append(e)
    effect_nodes = {n for de in timeline.effects for n in de.nodes}

    def passable(n: Hashable) -> bool:
        d = graph.nodes[n]
        if d.get("role") in ("port", "depot", "border", "city") or d.get("supply_m3_per_day") or \
                d.get("demand_m3_per_day"):
            return False
        if d.get("name") and d["name"] in effect_nodes:
            return False
        i, o = ins[n], outs[n]
        preds, succs = [e[0] for e in i], [e[1] for e in o]
        if len(i) == 1 and len(o) == 1:
            if preds[0] == succs[0]:
                return False  # the end of a dead-end road: nothing passes through
        elif len(i) != 2 or len(o) != 2 or len(set(preds)) != 2 or set(preds) != set(succs):
            return False
        sids = {graph.edges[e]["segment_id"] for e in i + o}
        if sids & attacked:
            return False
        return len({_signature(timeline, s) for s in sids}) == 1

    through = {n for n in graph.nodes if passable(n)}
    arcs = []
    for e in edges:
        if e[0] in through or (keep is not None and e not in keep):
            continue
        chain = [e]
        seen = {e[0]}
        while chain[-1][1] in through and chain[-1][1] not in seen:
            u, v, _ = chain[-1]
            seen.add(v)
            chain.append(next(f for f in outs[v] if f[1] != u))
        if chain[-1][1] in through:
            continue  # a loop of plain junctions: no supply or demand can use it
        data = [graph.edges[f] for f in chain]
        arcs.append(Arc(
            e[0], chain[-1][1], tuple(index[f] for f in chain),
            tuple(dict.fromkeys(d["segment_id"] for d in data)),
            min(float(d["capacity_trucks_per_day"]) for d in data) * volume,
            sum(lags[index[f]] for f in chain), sum(float(d["length_km"]) for d in data),
            tuple(data[-1].get("corridors") or ()),
        ))  # fmt: skip
    return arcs


def _split(lag: float) -> tuple[int, float]:
    whole = math.floor(lag + 1e-9)
    return whole, max(lag - whole, 0.0)


def fastest_digraph(arcs: Iterable[Arc]) -> nx.DiGraph:
    """The arcs as a simple digraph, each pair of places joined by its fastest arc (``w``: days).

    Parameters
    ----------
    arcs : iterable of Arc

    Returns
    -------
    networkx.DiGraph

    Examples
    --------
    >>> g = fastest_digraph([Arc("a", "b", (0,), ("s1",), 1.0, 0.8, 1.0, ()),
    ...                      Arc("a", "b", (1,), ("s2",), 1.0, 0.5, 1.0, ())])
    >>> g["a"]["b"]["w"]
    0.5
    """
    graph = nx.DiGraph()
    for arc in arcs:
        graph.add_node(arc.tail)
        graph.add_node(arc.head)
        if not graph.has_edge(arc.tail, arc.head) or graph[arc.tail][arc.head]["w"] > arc.lag_days:
            graph.add_edge(arc.tail, arc.head, w=arc.lag_days)
    return graph


def node_phases(arcs: list[Arc], sources: list[Hashable]) -> dict[Hashable, float]:
    """Each place's clock offset: the fraction of a day of its fastest transit from a source.

    Day ``t`` of a place with phase ``p`` runs from ``t + p`` to ``t + 1 + p`` (days after
    the start of day 0 at the ports). With ``d`` the fastest transit in days from any source
    (a port or depot) over ``arcs``, ``p = d - floor(d)``; places no source reaches keep 0.

    Why: a lag split between two days (the mean kept) spreads fuel over more and more days
    along a chain of short roads: on ten roads of 0.3 days each, 3 % of what leaves a port on
    day ``t`` would arrive on day ``t`` itself, three days early. With each place's day
    offset by its phase, every road on a fastest route from a source has a whole number of
    days from its tail's clock to its head's (see :func:`arrival_lags`), so fuel on those
    routes arrives exactly when it should; only other roads split. On the 181-day back-test
    the LP also solves faster (interior point 12.5 s instead of 18.2 s, median of 3 on a quiet
    machine, 2026-12-02); on the 180-day West-African layer (exact, undisturbed) it made no
    difference (106 s against 102 s).

    Parameters
    ----------
    arcs : list of Arc
    sources : list of hashable
        The supply nodes.

    Returns
    -------
    dict
        Node to phase in ``[0, 1)``.

    Examples
    --------
    >>> arcs = [Arc("port", "a", (0,), ("s1",), 1.0, 0.4, 1.0, ()),
    ...         Arc("a", "city", (1,), ("s2",), 1.0, 0.8, 1.0, ())]
    >>> {n: round(p, 2) for n, p in node_phases(arcs, ["port"]).items()}
    {'port': 0.0, 'a': 0.4, 'city': 0.2}
    """
    graph = fastest_digraph(arcs)
    sources = [n for n in sources if n in graph]
    fastest = nx.multi_source_dijkstra_path_length(graph, sources, weight="w") if sources else {}
    phases = dict.fromkeys(graph.nodes, 0.0)
    for node, d in fastest.items():
        frac = _split(d)[1]
        phases[node] = float(frac) if frac < 1.0 - 1e-9 else 0.0
    return phases


def carrying_arcs(arcs: list[Arc], timeline: Timeline, graph: nx.MultiDiGraph | None = None) -> list[Arc]:
    """The arcs that may carry fuel on some day of the horizon: a capacity above 0, each of
    their segments open (a capacity factor above 0) on at least one day and (with ``graph``)
    their head open to arrivals on at least one day.

    Only these set the places' clocks (:func:`node_phases`): a road closed for the whole
    horizon (a corridor closed from day 0 by ``stress closure-days``) or of capacity 0 set its
    head's clock, so fuel on the road that does carry it was split between two days, half a
    day early (found by oracle32: a port with a 16-h road to a city and a closed 4-h one
    delivered 0.5 on the first day instead of 1). So did a road into a place closed for the
    whole horizon (a place's ``closed = true`` or factor 0, a border post of capacity 0), into
    which nothing arrives (review32b).

    Parameters
    ----------
    arcs : list of Arc
    timeline : Timeline
        Its dated effects close segments and places.
    graph : networkx.MultiDiGraph, optional
        The network the arcs are on (its places' names, roles and capacities); without it the
        places' effects are not looked at.

    Returns
    -------
    list of Arc

    Examples
    --------
    >>> import datetime
    >>> from supplychain.models.timeline import DatedEffects, Effect, Timeline
    >>> arcs = [Arc("p", "c", (0,), ("s1",), 1.0, 0.7, 1.0, ()), Arc("p", "c", (1,), ("s2",), 1.0, 0.2, 1.0, ())]
    >>> shut = DatedEffects(0, 2, {"s2": Effect(closed=True)}, {}, "closed")
    >>> [a.segments for a in carrying_arcs(arcs, Timeline("t", "", datetime.date(2026, 1, 1), 3, (shut,)))]
    [('s1',)]
    """
    named = {s for de in timeline.effects for s in de.segments}
    places = {n for de in timeline.effects for n in de.nodes}

    def open_some_day(segment: str) -> bool:
        return segment not in named or any(e.effective_capacity_factor > 0 for e in timeline.segment_effects(segment))

    def takes_arrivals_some_day(node: Hashable) -> bool:
        """Whether fuel may arrive at ``node`` on some day (:func:`arrivals_shut`, the rule of
        the model's border rows)."""
        if graph is None:
            return True
        data = graph.nodes[node]
        through = float(data["capacity_trucks_per_day"]) if _limits_traffic(data) else None
        loads = (data.get("supply_m3_per_day") or 0) > 0
        name = data.get("name") or ""
        effects: list[Effect | None] = list(timeline.node_effects(name)) if name in places else [None]
        return not all(arrivals_shut(through, loads, e) for e in effects)

    return [a for a in arcs if a.capacity_m3 > 0 and all(open_some_day(s) for s in a.segments)
            and takes_arrivals_some_day(a.head)]


def arrivals_shut(through_capacity: float | None, loads: bool, effect: Effect | None) -> bool:
    """Whether nothing may arrive at a place on a day: a place that limits the traffic through
    it (``lp._limits_traffic``: a border post, a transit depot) of capacity 0 or at factor 0,
    a closed place, or one at factor 0 that loads nothing (a loading point's factor scales its
    loading only). One rule for the model's border rows and the places' clocks
    (:func:`carrying_arcs`).

    Parameters
    ----------
    through_capacity : float or None
        The capacity limiting the traffic through the place (any unit), None when none does.
    loads : bool
        Whether the place loads fuel (a supply above 0).
    effect : Effect or None
        The place's effect that day.

    Returns
    -------
    bool

    Examples
    --------
    >>> from supplychain.models.scenario import Effect
    >>> arrivals_shut(0.0, False, None), arrivals_shut(None, True, Effect(capacity_factor=0.0))
    (True, False)
    >>> arrivals_shut(None, True, Effect(closed=True)), arrivals_shut(None, False, Effect(capacity_factor=0.0))
    (True, True)
    """
    factor = effect.effective_capacity_factor if effect is not None else 1.0
    if through_capacity is not None and through_capacity * factor <= 0.0:
        return True
    return factor == 0.0 and (not loads or (effect is not None and effect.closed))


def arrival_lags(arcs: list[Arc], phases: dict[Hashable, float]) -> list[float]:
    """Days from entering each arc (its tail's day) to arriving (its head's day).

    ``lag + phase(tail) - phase(head)``: whole on every arc of a fastest route from a source
    (:func:`node_phases`), so no split there; a fraction is split between the two neighbouring
    days as before, which keeps the mean transit time. Against the direction of supply the sum
    can fall below 0 (a short road back towards a port whose day starts later than its tail's):
    it is raised to 0, so fuel never arrives on a day before it left; such an arc takes up to
    one day longer than its transit time.

    Parameters
    ----------
    arcs : list of Arc
    phases : dict
        From :func:`node_phases`.

    Returns
    -------
    list of float
        One per arc, ``>= 0``.

    Examples
    --------
    >>> arcs = [Arc("port", "a", (0,), ("s1",), 1.0, 0.4, 1.0, ()),
    ...         Arc("a", "city", (1,), ("s2",), 1.0, 0.8, 1.0, ()),
    ...         Arc("city", "a", (2,), ("s2",), 1.0, 0.8, 1.0, ())]
    >>> [round(x, 2) for x in arrival_lags(arcs, node_phases(arcs, ["port"]))]
    [0.0, 1.0, 0.6]
    """
    out = []
    for arc in arcs:
        lag = arc.lag_days + phases.get(arc.tail, 0.0) - phases.get(arc.head, 0.0)
        whole = round(lag)
        out.append(max(float(whole) if abs(lag - whole) < 1e-9 else lag, 0.0))
    return out


def _occupancy(lag: float) -> list[float]:
    """Share of day ``t + k`` a tanker that left on day ``t`` spends on an edge of ``lag`` days."""
    whole, frac = _split(lag)
    return [1.0] * whole + ([frac] if frac > 1e-9 else [])


@dataclass(frozen=True)
class Reduction:
    """What :func:`reduce_arcs` did, for the log and the result.

    Parameters
    ----------
    edges : int
        Directed edges of the network.
    edges_on_routes : int
        Edges on some simple path from a supply point to a demand city (plus those an escort
        stretch or attack needs).
    edges_on_corridors : int
        Edges kept by the ``detour`` bound (``edges_on_routes`` without one).
    arcs_after : int
        Arcs left after contraction (parallel arcs are all kept).
    detour : float or None
        The detour bound, None for exact reductions only.

    Examples
    --------
    >>> Reduction(100, 90, 40, 38, 0.5).arcs_after
    38
    """

    edges: int
    edges_on_routes: int
    edges_on_corridors: int
    arcs_after: int
    detour: float | None

    def describe(self) -> str:
        """One line for the log: edges kept by each step and the arcs left.

        Returns
        -------
        str

        Examples
        --------
        >>> Reduction(100, 90, 90, 85, None).describe()
        '100 edges, 90 on a supply-to-city route (exact), 85 arcs'
        """
        text = (f"{self.edges} edges, {self.edges_on_routes} on a supply-to-city route (exact), ")
        if self.detour is not None:
            text += (f"{self.edges_on_corridors} on corridors within {1 + self.detour:g} x the "
                     f"shortest (approximation, detour {self.detour:g}; "
                     f"{self.edges_on_routes - self.edges_on_corridors} dropped), ")
        return text + f"{self.arcs_after} arcs"


def reduce_arcs(
    graph: nx.MultiDiGraph,
    lags: list[float],
    timeline: Timeline,
    volume: float,
    *,
    detour: float | None = None,
) -> tuple[list[Arc], Reduction]:
    """The arcs of the time-expanded model, reduced before the expansion over days.

    1. Exact: keep only the edges that lie on some simple path from a supply point to a demand
       city (:func:`_on_routes`), then contract chains of plain junctions (:func:`_contract`).
       Parallel arcs are all kept: their capacities add up (before 2026-12-03 one with no more
       capacity and no shorter length than another of the same transit time was dropped as
       "dominated", which lost its capacity; found by tests/test_timeline_oracle.py).
    2. With ``detour`` (an approximation): keep only the edges on some route within
       ``(1 + detour)`` x the shortest transit time from a supply point to a city, from a supply
       point to a border post or from a border post to a city, in every state of closures the
       timeline goes through (:func:`_near_shortest`), then contract what is left.

    Edges carrying a segment named by an escort stretch or an attack, and the edges into their
    ends, are always kept, so convoys' round trips and entries and attacks are computed on the
    same arcs as without the reduction.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    lags : list of float
        Transit days per edge (:func:`edge_lags_days`).
    timeline : Timeline
    volume : float
        Tanker volume (m³).
    detour : float, optional
        Relative detour bound; None keeps every route (exact reductions only).

    Returns
    -------
    (list of Arc, Reduction)

    Raises
    ------
    ArgumentError
        If ``detour`` is negative or NaN (a ``ValueError``).

    Examples
    --------
    >>> from datetime import date
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", role="port", supply_m3_per_day=10.0)
    >>> g.add_node("J", role="junction"); g.add_node("X", role="junction")
    >>> g.add_node("C", role="city", demand_m3_per_day=5.0)
    >>> for u, v in [("P", "J"), ("J", "C"), ("J", "X")]:
    ...     for a, b in ((u, v), (v, u)):
    ...         _ = g.add_edge(a, b, segment_id=f"{u}-{v}", capacity_trucks_per_day=9.0,
    ...                        length_km=1.0, travel_time_h=1.0)
    >>> arcs, red = reduce_arcs(g, [0.1] * 6, Timeline("t", "", date(2026, 1, 1), 3), 1.0)
    >>> sorted((a.tail, a.head) for a in arcs), red.edges_on_routes
    ([('C', 'P'), ('P', 'C')], 4)
    """
    if detour is not None:
        _check_detour(detour)
    edges = list(graph.edges(keys=True))
    protected = protected_edges(graph, timeline)
    keep = _on_routes(graph) | protected
    on_routes = len(keep)
    if detour is None:
        arcs = _contract(graph, lags, timeline, volume, keep=keep)
        used = on_routes
    else:
        arcs, used = _corridors(graph, lags, timeline, keep, detour, volume)
    return arcs, Reduction(len(edges), on_routes, used, len(arcs), detour)


def _check_detour(detour: float) -> None:
    message = f"detour = {detour!r}; give 0 or more (0.5 keeps routes up to 1.5 x the shortest)"
    # A string met a bare TypeError in the comparison (fuzz33); README: a wrong type is an
    # ArgumentTypeError.
    if isinstance(detour, bool) or not isinstance(detour, numbers.Real):
        raise ArgumentTypeError(message)
    if not detour >= 0:
        raise ArgumentError(message)


def _named_segments(timeline: Timeline) -> set[str]:
    return set().union(*(s.segments for s in timeline.escorts), *(a.segments for a in timeline.attacks))


def protected_edges(graph: nx.MultiDiGraph, timeline: Timeline) -> set[Edge]:
    """Edges that every reduction keeps: those carrying a segment an escort stretch or an attack
    names, and the roads into their ends (they decide which of a stretch's arcs are entries,
    where convoys are counted, so the convoy rows are the same as without a reduction).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    timeline : Timeline

    Returns
    -------
    set of (u, v, key)

    Examples
    --------
    >>> from datetime import date
    >>> protected_edges(nx.MultiDiGraph(), Timeline("t", "", date(2026, 1, 1), 3))
    set()
    """
    named = _named_segments(timeline)
    edges = list(graph.edges(keys=True))
    protected = {e for e in edges if graph.edges[e]["segment_id"] in named}
    stretch_nodes = {n for e in protected for n in e[:2]}
    return protected | {e for e in edges if e[1] in stretch_nodes}


def corridor_edges(graph: nx.MultiDiGraph, lags: list[float], timeline: Timeline, detour: float) -> set[int]:
    """Indices (``graph.edges(keys=True)`` order) of the edges on the corridors ``--detour``
    keeps: every supply/border/city leg's routes within ``(1 + detour)`` x its shortest transit
    time in every closure state of the timeline (see :func:`reduce_arcs`).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    lags : list of float
        Transit days per edge (:func:`edge_lags_days`).
    timeline : Timeline
    detour : float
        0 or more.

    Returns
    -------
    set of int

    Raises
    ------
    ArgumentError
        If ``detour`` is negative or NaN (a ``ValueError``).

    Examples
    --------
    >>> from datetime import date
    >>> corridor_edges(nx.MultiDiGraph(), [], Timeline("t", "", date(2026, 1, 1), 3), 0.5)
    set()
    """
    _check_detour(detour)
    keep = _on_routes(graph) | protected_edges(graph, timeline)
    arcs, _ = _corridors(graph, lags, timeline, keep, detour, 1.0)
    return {i for a in arcs for i in a.edges}


def _terminals(graph: nx.MultiDiGraph) -> tuple[list[Hashable], list[Hashable], list[Hashable]]:
    """Supply points, border posts and demand cities."""
    nodes = graph.nodes(data=True)
    supply = [n for n, d in nodes if (d.get("supply_m3_per_day") or 0) > 0]
    border = [n for n, d in nodes if d.get("role") == "border"]
    demand = [n for n, d in nodes if (d.get("demand_m3_per_day") or 0) > 0]
    return supply, border, demand


def _on_routes(graph: nx.MultiDiGraph) -> set[Edge]:
    """Edges on some simple path from a supply point to a demand city (exact).

    A simple path between two nodes only crosses the blocks (biconnected components) on the path
    between them in the block-cut tree, so every other edge (dead ends, and whole regions hanging
    on the network by one junction) can carry fuel only on a round trip that comes back where it
    started: no delivery needs it. Direction is ignored (a superset of the directed answer).
    """
    supply, _, demand = _terminals(graph)
    und = nx.Graph()
    und.add_nodes_from(graph.nodes)
    und.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    tree = nx.Graph()  # the block-cut tree: ("b", i) - ("v", n) for n in block i
    blocks = []
    for i, block in enumerate(nx.biconnected_components(und)):
        blocks.append(block)
        tree.add_edges_from((("b", i), ("v", n)) for n in block)
    used: set[int] = set()
    for s in supply:
        if ("v", s) not in tree:
            continue
        paths = nx.single_source_shortest_path(tree, ("v", s))
        for c in demand:
            used.update(k[1] for k in paths.get(("v", c), ()) if k[0] == "b")
    block_of = {}
    for i in used:
        block = blocks[i]
        for u in block:
            for v in und[u]:
                if v in block:
                    block_of[(u, v)] = i
    return {e for e in graph.edges(keys=True) if (e[0], e[1]) in block_of}


def closed_segments(timeline: Timeline, day: int) -> frozenset[str]:
    """Segments that carry no fuel on ``day``: closed or at no capacity by the timeline's dated
    effects, or on an escorted stretch on a day without escort units (its escort rows hold
    every convoy at 0).

    Parameters
    ----------
    timeline : Timeline
    day : int
        Day index.

    Returns
    -------
    frozenset of str
        Segment ids.

    Examples
    --------
    >>> from datetime import date
    >>> from supplychain.models.scenario import Effect
    >>> from supplychain.models.timeline import DatedEffects, EscortStretch
    >>> shut = DatedEffects(2, 3, {"a": Effect(closed=True), "b": Effect(capacity_factor=0.5)}, {})
    >>> escort = EscortStretch("c", frozenset({"c"}), 0, 5, 10.0, 0.0)
    >>> tl = Timeline("t", "", date(2026, 1, 1), 6, effects=(shut,), escorts=(escort,), escort_units=(1.0,) * 3)
    >>> sorted(closed_segments(tl, 2)), sorted(closed_segments(tl, 4))
    (['a'], ['c'])
    """
    segs: set[str] = set()
    for de in timeline.effects:
        if de.first <= day <= de.last:
            segs.update(s for s in de.segments if timeline.segment_effect(s, day).effective_capacity_factor <= 0)
    if timeline.units(day) <= 0:
        for es in timeline.escorts:
            if es.first <= day <= es.last:
                segs.update(es.segments)
    return frozenset(segs)


def _closure_states(graph: nx.MultiDiGraph, timeline: Timeline) -> list[tuple[frozenset[str], frozenset[str]]]:
    """Distinct (closed segments, closed node names) over the horizon's days.

    A stretch that needs escorts on a day without escort units counts as closed. A loading
    point at ``capacity_factor`` 0 (not ``closed``) loads nothing but passes the traffic
    through it (README), so it is not closed here (until 2026-12-05 its routes were dropped).
    """
    loading = {d.get("name") for _, d in graph.nodes(data=True) if (d.get("supply_m3_per_day") or 0) > 0}

    def shut(name: str, t: int) -> bool:
        effect = timeline.node_effect(name, t)
        return effect.closed or (effect.effective_capacity_factor <= 0 and name not in loading)

    days = {0}
    for de in timeline.effects:
        days.update((de.first, de.last + 1))
    for es in timeline.escorts:
        days.update((es.first, es.last + 1))
    days.update(t for t in range(1, timeline.days) if timeline.units(t) != timeline.units(t - 1))
    states = []
    for t in sorted(d for d in days if 0 <= d < timeline.days):
        nodes = {n for de in timeline.effects if de.first <= t <= de.last for n in de.nodes if shut(n, t)}
        state = (closed_segments(timeline, t), frozenset(nodes))
        if state not in states:
            states.append(state)
    return states or [(frozenset(), frozenset())]


#: Assumption: at most this many routes per leg and closure state with ``detour``: the shortest,
#: then the shortest with the edges already used made (1 + detour) times slower, kept while within
#: (1 + detour) x the shortest.
MAX_ROUTES_PER_LEG = 3


def _corridors(graph: nx.MultiDiGraph, lags: list[float], timeline: Timeline, keep: set[Edge],
               detour: float, volume: float) -> tuple[list[Arc], int]:
    """Corridor arcs: the routes of every supply-to-city, supply-to-border and border-to-city
    leg within ``(1 + detour)`` x its shortest transit time, in every closure state of the
    timeline, cut into arcs at supply points, border posts, cities, nodes the timeline names,
    wherever the timeline touches the next segment differently (so a rule's stretch is whole
    arcs) and wherever routes meet or part (so each edge lies on one arc and its capacity is
    counted once). Returns the arcs and the number of edges they use."""
    supply, border, demand = _terminals(graph)
    effect_nodes = {n for de in timeline.effects for n in de.nodes}
    stops = set(supply) | set(border) | set(demand)
    stops |= {n for n, d in graph.nodes(data=True) if d.get("name") in effect_nodes}
    targets = {a: (demand + border if a in set(supply) else demand) for a in supply + border}
    edges = list(graph.edges(keys=True))
    index = {e: i for i, e in enumerate(edges)}
    sig = {sid: _signature(timeline, sid) for sid in {graph.edges[e]["segment_id"] for e in keep}}
    routes: dict[tuple[int, ...], None] = {}
    for segs, node_names in _closure_states(graph, timeline):
        closed_nodes = {n for n, d in graph.nodes(data=True) if d.get("name") in node_names}
        sub = nx.DiGraph()
        for e in keep:
            if graph.edges[e]["segment_id"] in segs or e[0] in closed_nodes or e[1] in closed_nodes:
                continue
            i = index[e]
            if not sub.has_edge(e[0], e[1]) or sub[e[0]][e[1]]["lag"] > lags[i]:
                sub.add_edge(e[0], e[1], lag=lags[i], w=lags[i], edge=i)
        for a, heads in targets.items():
            if a not in sub:
                continue
            shortest: dict[Hashable, float] = {}
            for _ in range(MAX_ROUTES_PER_LEG):
                _, paths = nx.single_source_dijkstra(sub, a, weight="w")
                used: set[tuple[Hashable, Hashable]] = set()
                for b in heads:
                    if b == a or b not in paths:
                        continue
                    route = [sub[u][v]["edge"] for u, v in itertools.pairwise(paths[b])]
                    time_days = sum(lags[i] for i in route)
                    best = shortest.setdefault(b, time_days)
                    if time_days > (1.0 + detour) * best + 1e-9:
                        continue
                    used.update(itertools.pairwise(paths[b]))
                    routes[tuple(route)] = None
                if detour <= 0 or not used:
                    break
                for u, v in used:
                    sub[u][v]["w"] *= 1.0 + detour
            for _, _, d in sub.edges(data=True):
                d["w"] = d["lag"]
    # Routes are cut where routes meet or part too (an edge followed, or preceded, by more than
    # one edge over all routes), so every kept edge lies on exactly one arc and a road's
    # capacity is counted once. Cut only at the other places, two routes sharing a road became
    # two arcs with the road's capacity each: on P - J (3 a day) - C1 / C2 the approximation
    # delivered 56 m3 in 10 days against the exact model's 32 (found by an audit, 2026-12-03).
    after: dict[int, set[int]] = {}
    before: dict[int, set[int]] = {}
    for way in routes:
        for i, j in itertools.pairwise(way):
            after.setdefault(i, set()).add(j)
            before.setdefault(j, set()).add(i)
    pieces: dict[tuple[int, ...], None] = {}
    for way in routes:
        piece: list[int] = []
        for i in way:
            e = edges[i]
            if piece and (e[0] in stops or len(after[piece[-1]]) > 1 or len(before[i]) > 1
                          or sig[graph.edges[e]["segment_id"]]
                          != sig[graph.edges[edges[piece[-1]]]["segment_id"]]):
                pieces[tuple(piece)] = None
                piece = []
            piece.append(i)
        pieces[tuple(piece)] = None
    arcs = []
    for chain in pieces:
        data = [graph.edges[edges[i]] for i in chain]
        arcs.append(Arc(
            edges[chain[0]][0], edges[chain[-1]][1], chain,
            tuple(dict.fromkeys(d["segment_id"] for d in data)),
            min(float(d["capacity_trucks_per_day"]) for d in data) * volume,
            sum(lags[i] for i in chain), sum(float(d["length_km"]) for d in data),
            tuple(data[-1].get("corridors") or ()),
        ))  # fmt: skip
    return arcs, len({i for p in pieces for i in p})
