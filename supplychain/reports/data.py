"""What the report draws, derived from a network and solved scenarios (no solving here).

:class:`ScenarioRun` pairs a :class:`~supplychain.models.results.FlowResult` with the scenario
it was solved for (its closures and threats colour the map). :func:`edge_flows` gives the
volume entering each directed edge; :func:`segment_views` gathers, per road segment, its
geometry, flow, capacity and threat status.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import networkx as nx

from supplychain.errors import ArgumentTypeError
from supplychain.models.results import FlowResult
from supplychain.models.scenario import Effect, Scenario

__all__ = [
    "STATUS_LABELS",
    "ScenarioRun",
    "SegmentGeometry",
    "SegmentView",
    "Status",
    "as_run",
    "edge_flows",
    "node_status",
    "segment_geometry",
    "segment_status",
    "segment_views",
]

logger = logging.getLogger(__name__)

Edge = tuple[Hashable, Hashable, Hashable]
Status = Literal["open", "reduced", "threatened", "closed"]

#: Legend text of each segment status.
STATUS_LABELS: dict[str, str] = {
    "open": "open road",
    "reduced": "reduced capacity",
    "threatened": "threatened (losses or attacks)",
    "closed": "closed",
}

_NO_EFFECT = Effect()


@dataclass(frozen=True)
class ScenarioRun:
    """A solved scenario and what it did to the network.

    Parameters
    ----------
    result : FlowResult
        From :func:`~supplychain.models.results.run_scenario`.
    scenario : Scenario, optional
        The scenario solved (closures, capacity factors, loss probabilities colour the map).
        Without it every segment shows as open.
    attack_probability : mapping of str to float
        Per-segment attack probability of a threat file (shown in hover, marks a segment as
        threatened).
    node_attack_probability : mapping of str to float
        The same for border posts, by name.

    Examples
    --------
    >>> closed = Scenario("closure", segments={"N1:a": Effect(closed=True)})
    >>> run = ScenarioRun(None, closed, node_attack_probability={"Diboli": 0.1})
    >>> run.segment_effect("N1:a").closed, run.segment_effect("N1:b").closed
    (True, False)
    """

    result: FlowResult
    scenario: Scenario | None = None
    attack_probability: Mapping[str, float] = field(default_factory=dict)
    node_attack_probability: Mapping[str, float] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The scenario's name as the result gives it."""
        return self.result.scenario

    def segment_effect(self, segment_id: str) -> Effect:
        """Effect of the scenario on one segment (no effect when unknown).

        Parameters
        ----------
        segment_id : str

        Returns
        -------
        Effect
            The scenario's effect on the segment; ``Effect()`` (open, full capacity, no
            losses) when the scenario does not name it or there is no scenario.
        """
        return self.scenario.segments.get(segment_id, _NO_EFFECT) if self.scenario else _NO_EFFECT

    def node_effect(self, name: str) -> Effect:
        """Effect of the scenario on one node, by name.

        Parameters
        ----------
        name : str
            Place name; an empty name (an unnamed junction) has no effect.

        Returns
        -------
        Effect
            As :meth:`segment_effect`.
        """
        return self.scenario.nodes.get(name, _NO_EFFECT) if self.scenario and name else _NO_EFFECT


def as_run(item: FlowResult | ScenarioRun) -> ScenarioRun:
    """Wrap a bare result (no scenario effects known) as a :class:`ScenarioRun`.

    Parameters
    ----------
    item : FlowResult or ScenarioRun
        A result of :func:`~supplychain.models.results.run_scenario`, or one already wrapped
        (returned as it is).

    Returns
    -------
    ScenarioRun

    Raises
    ------
    ArgumentTypeError
        If ``item`` is neither (a ``TypeError``).

    Examples
    --------
    One road of 20 trucks/day (tanker 1 m³) from a port to Bamako, which needs 30 m³/day:

    >>> from supplychain.models import run_scenario
    >>> from supplychain.models._examples import dakar_bamako
    >>> g, params = dakar_bamako()
    >>> run = as_run(run_scenario(g, params))
    >>> run.name, run.scenario is None, as_run(run) is run
    ('baseline', True, True)
    """
    if isinstance(item, ScenarioRun):
        return item
    if isinstance(item, FlowResult):
        return ScenarioRun(item)
    raise ArgumentTypeError(
        f"Expected a FlowResult or ScenarioRun, got a {type(item).__name__}; pass what "
        "run_scenario returns (or wrap it in ScenarioRun with its scenario)"
    )


def segment_status(effect: Effect, attack_probability: float = 0.0) -> Status:
    """Map colour class of a segment under a scenario.

    Parameters
    ----------
    effect : Effect
        The scenario's effect on the segment.
    attack_probability : float, default 0.0
        The segment's attack probability of a threat file.

    Returns
    -------
    {"open", "reduced", "threatened", "closed"}
        ``closed`` when nothing passes; else ``threatened`` with a loss or attack probability
        above 0; else ``reduced`` with a capacity factor below 1; else ``open``.

    Examples
    --------
    >>> segment_status(Effect(closed=True)), segment_status(Effect(capacity_factor=0.5))
    ('closed', 'reduced')
    >>> segment_status(Effect(), 0.1), segment_status(Effect())
    ('threatened', 'open')
    """
    if effect.effective_capacity_factor <= 0.0:
        return "closed"
    if effect.loss_probability > 0.0 or attack_probability > 0.0:
        return "threatened"
    if effect.capacity_factor < 1.0:
        return "reduced"
    return "open"


def node_status(run: ScenarioRun, name: str) -> Status:
    """Status of a place (border post, port, city) under the run's scenario.

    Parameters
    ----------
    run : ScenarioRun
        Its scenario's node effects and ``node_attack_probability`` are read.
    name : str
        The place's name.

    Returns
    -------
    {"open", "reduced", "threatened", "closed"}
        As :func:`segment_status` of the place's effect and attack probability.

    Examples
    --------
    >>> s = Scenario("s", nodes={"Kidira": Effect(closed=True)})
    >>> run = ScenarioRun(None, s, node_attack_probability={"Diboli": 0.1})
    >>> node_status(run, "Kidira"), node_status(run, "Diboli"), node_status(run, "Kayes")
    ('closed', 'threatened', 'open')
    """
    return segment_status(run.node_effect(name), float(run.node_attack_probability.get(name, 0.0)))


def edge_flows(graph: nx.MultiDiGraph, run: FlowResult | ScenarioRun) -> dict[Edge, float]:
    """Volume entering each directed edge (m³/day) in the run's plan.

    Uses ``result.edge_flow_m3`` when the result carries it. Otherwise rebuilds the flows from
    the routes: each route's loaded volume enters its first edge after the origin's loss and
    shrinks by each edge's and node's loss probability of the scenario (the convention of
    :func:`~supplychain.models.paths.decompose_flows`), which reproduces the LP's edge flows
    for an optimal plan.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    run : FlowResult or ScenarioRun
        A result of :func:`~supplychain.models.results.run_scenario` (its scenario's effects
        unknown: no losses applied when the flows are rebuilt), or one wrapped with them.

    Returns
    -------
    dict
        ``(u, v, key)`` -> m³/day, edges without flow omitted.

    Raises
    ------
    ArgumentTypeError
        If ``run`` is neither (:func:`as_run`).

    Examples
    --------
    One road of 20 trucks/day (tanker 1 m³) from a port to Bamako, which needs 30 m³/day:

    >>> from supplychain.models import run_scenario
    >>> from supplychain.models._examples import dakar_bamako
    >>> g, params = dakar_bamako()
    >>> flows = edge_flows(g, as_run(run_scenario(g, params)))
    >>> {e: round(f, 3) for e, f in flows.items()}
    {('P', 'B', 0): 20.0}
    """
    # What run_scenario returns met an AttributeError ('FlowResult' object has no attribute
    # 'result'), as build_report and headline_sentence take it (fuzz33).
    run = as_run(run)
    given = getattr(run.result, "edge_flow_m3", None)
    if isinstance(given, Mapping):
        return {e: float(f) for e, f in given.items() if float(f) > 0.0}
    flows: dict[Edge, float] = {}

    def node_loss(n: Hashable) -> float:
        name = str(graph.nodes[n].get("name") or "")
        return run.node_effect(name).loss_probability if name else 0.0

    for route in run.result.routes:
        if not route.nodes:
            continue
        amount = route.loaded_m3_per_day * (1.0 - node_loss(route.nodes[0]))
        for e in route.edges:
            flows[e] = flows.get(e, 0.0) + amount
            p = run.segment_effect(str(graph.edges[e]["segment_id"])).loss_probability
            amount *= (1.0 - p) * (1.0 - node_loss(e[1]))
    return {e: f for e, f in flows.items() if f > 0.0}


@dataclass(frozen=True)
class SegmentGeometry:
    """A road segment as drawn: attributes and polylines shared by its directed edges.

    Parameters
    ----------
    segment_id, ref, name, country : str
    length_km : float
    capacity_trucks_per_day : float
        Largest capacity of its directed edges.
    corridors : tuple of str
    lines : tuple of tuple of (lon, lat)
        One polyline per distinct road (normally one).
    edges : tuple of Edge
        The directed edges that share the id.

    Examples
    --------
    >>> SegmentGeometry("A:x-y", "A", "", "MLI", 1.0, 10.0, (), (((0.0, 0.0), (1.0, 1.0)),),
    ...                 ()).midpoint
    (0.5, 0.5)
    """

    segment_id: str
    ref: str
    name: str
    country: str
    length_km: float
    capacity_trucks_per_day: float
    corridors: tuple[str, ...]
    lines: tuple[tuple[tuple[float, float], ...], ...]
    edges: tuple[Edge, ...]

    @property
    def midpoint(self) -> tuple[float, float]:
        """Point halfway along the first polyline (planar, in degrees).

        Returns
        -------
        (float, float)
            ``(lon, lat)`` at half the polyline's planar length; its only point when it has
            one.
        """
        pts = self.lines[0]
        if len(pts) == 1:
            return pts[0]
        steps = [math.dist(a, b) for a, b in itertools.pairwise(pts)]
        half = sum(steps) / 2.0
        for (a, b), step in zip(itertools.pairwise(pts), steps, strict=True):
            if half <= step and step > 0:
                t = half / step
                return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
            half -= step
        return pts[-1]


def _coords(
    graph: nx.MultiDiGraph, u: Hashable, v: Hashable, data: Mapping[str, Any]
) -> tuple[tuple[float, float], ...]:
    geom = data.get("geometry")
    if isinstance(geom, str) and geom.strip():
        try:
            import shapely

            geom = shapely.from_wkt(geom)
        except Exception:  # an unreadable WKT string: fall back to the end points
            geom = None
    # A line in parts (a MultiLineString: a gap left in a GIS edit), its parts in order.
    parts = getattr(geom, "geoms", None)
    coords = [c for part in parts for c in part.coords] if parts is not None else getattr(geom, "coords", None)
    if coords is not None:
        pts = tuple((float(x), float(y)) for x, y, *_ in coords)
        if len(pts) >= 2:
            return pts
    nu, nv = graph.nodes[u], graph.nodes[v]
    return ((float(nu["x"]), float(nu["y"])), (float(nv["x"]), float(nv["y"])))


def segment_geometry(graph: nx.MultiDiGraph) -> dict[str, SegmentGeometry]:
    """Every road segment of a network, by ``segment_id`` (both directions together).

    A segment's polylines come from its edges' ``geometry`` (shapely or WKT) or, without one,
    the straight line between its ends (node ``x``, ``y``).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A corridor network (edges with ``segment_id``).

    Returns
    -------
    dict of str to SegmentGeometry

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> segs = segment_geometry(build_network())
    >>> len(segs), segs["N1:Dakar-Rufisque"].ref
    (247, 'N1')
    """
    groups: dict[str, list[tuple[Edge, dict[str, Any]]]] = {}
    for u, v, k, d in graph.edges(keys=True, data=True):
        groups.setdefault(str(d["segment_id"]), []).append(((u, v, k), d))
    out: dict[str, SegmentGeometry] = {}
    for seg_id, items in groups.items():
        seen: set[frozenset[Hashable]] = set()
        lines = []
        for (u, v, _k), d in items:
            pair = frozenset((u, v))
            if pair in seen:
                continue
            seen.add(pair)
            lines.append(_coords(graph, u, v, d))
        first = items[0][1]
        corridors = first.get("corridors") or []
        out[seg_id] = SegmentGeometry(
            segment_id=seg_id,
            ref=str(first.get("ref") or ""),
            name=str(first.get("name") or ""),
            country=str(first.get("country") or ""),
            length_km=float(first.get("length_km") or 0.0),
            capacity_trucks_per_day=max(
                float(d.get("capacity_trucks_per_day") or 0.0) for _, d in items
            ),
            corridors=tuple(
                str(c) for c in (corridors if isinstance(corridors, list | tuple) else [corridors])
            ),
            lines=tuple(lines),
            edges=tuple(e for e, _ in items),
        )
    return out


@dataclass(frozen=True)
class SegmentView:
    """One segment under one scenario: geometry, flow, effect and status.

    Parameters
    ----------
    geometry : SegmentGeometry
    flow_m3_per_day : float
        Sum of the flows entering its directed edges (both directions).
    effect : Effect
    attack_probability : float
    status : Status
    direction_flows_m3_per_day : tuple of (node, node, float)
        Each direction of the segment (its directed edges' ends, in the order of
        ``geometry.edges``) with the flow entering it: a road's capacity is each
        direction's, so the map compares each direction's flow with it.

    Examples
    --------
    >>> geo = SegmentGeometry("A:x-y", "A", "", "MLI", 1.0, 10.0, (), (((0.0, 0.0), (1.0, 1.0)),),
    ...                       ())
    >>> SegmentView(geo, 5.0, Effect(), 0.0, "open").geometry.segment_id
    'A:x-y'
    """

    geometry: SegmentGeometry
    flow_m3_per_day: float
    effect: Effect
    attack_probability: float
    status: Status
    direction_flows_m3_per_day: tuple[tuple[Hashable, Hashable, float], ...] = ()


def segment_views(
    geometry: Mapping[str, SegmentGeometry], run: ScenarioRun, flows: Mapping[Edge, float]
) -> list[SegmentView]:
    """Each segment's flow and status under a run, sorted by segment id.

    Parameters
    ----------
    geometry : mapping of str to SegmentGeometry
        From :func:`segment_geometry`.
    run : ScenarioRun
        Its scenario's effects and attack probabilities give each segment's status.
    flows : mapping of Edge to float
        m³/day entering each directed edge (:func:`edge_flows`).

    Returns
    -------
    list of SegmentView
        A segment's flow is the sum over its directed edges, and per direction in
        ``direction_flows_m3_per_day``.

    Examples
    --------
    One road of 20 trucks/day (tanker 1 m³) from a port to Bamako, which needs 30 m³/day:

    >>> from supplychain.models import run_scenario
    >>> from supplychain.models._examples import dakar_bamako
    >>> g, params = dakar_bamako()
    >>> run = as_run(run_scenario(g, params))
    >>> [(v.geometry.segment_id, round(v.flow_m3_per_day, 3), v.status)
    ...  for v in segment_views(segment_geometry(g), run, edge_flows(g, run))]
    [('N1:Dakar-Bamako', 20.0, 'open')]
    >>> segment_views({}, ScenarioRun(None), {})
    []
    """
    out = []
    for seg_id in sorted(geometry):
        geo = geometry[seg_id]
        flow = sum(flows.get(e, 0.0) for e in geo.edges)
        by_direction: dict[tuple[Hashable, Hashable], float] = {}
        for e in geo.edges:
            by_direction[e[0], e[1]] = by_direction.get((e[0], e[1]), 0.0) + flows.get(e, 0.0)
        effect = run.segment_effect(seg_id)
        attack = float(run.attack_probability.get(seg_id, 0.0))
        out.append(SegmentView(geo, flow, effect, attack, segment_status(effect, attack),
                               tuple((u, v, f) for (u, v), f in by_direction.items())))
    return out
