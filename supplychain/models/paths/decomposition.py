"""Routes in a corridor network: flow decomposition, minimum cuts and alternative routes.

Pure functions on networkx graphs and plain dictionaries (no LP library):

* :func:`decompose_flows` turns the edge flows of the (generalized, lossy) fuel routing LP into
  paths from loading points to demand cities, each with its loaded, delivered and lost volume.
* :func:`minimum_cut` finds the roads, border posts and loading points that limit how much fuel
  can reach one place (max-flow min-cut with node capacities by node splitting).
* :func:`alternative_routes` lists the best few routes between two places and the best route
  sharing no road segment with the first one.

Loss convention of :func:`decompose_flows`: a segment with loss probability ``p`` delivers
``1 - p`` of what enters it; a node with loss probability ``q`` passes on ``1 - q`` of what
enters or is loaded at it (also at the path's origin and destination). The flow of an edge is
the volume *entering* it. Flow that is lost entirely (``p = 1`` or ``q = 1``) ends in a *lost
path*: it stops at the head of the edge (or at the node) where everything is gone, with
``delivered_m3_per_day == 0`` and ``destination == ""``.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx

__all__ = [
    "Alternatives",
    "CutResult",
    "PathFlow",
    "Route",
    "alternative_routes",
    "decompose_flows",
    "minimum_cut",
]

logger = logging.getLogger(__name__)

#: A directed edge of a MultiDiGraph: ``(u, v, key)``.
Edge = tuple[Any, Any, Any]

#: Gains within this distance of 1 count as lossless when a flow cycle is found.
_LOSSLESS = 1e-12


# --------------------------------------------------------------------------------------------
# Shared helpers


def _json_safe(value: Any) -> Any:
    """A JSON-serialisable copy of ``value`` (node ids that are not str/int become strings)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_safe(v) for v in value]
    return str(value)


def _label(graph: nx.MultiDiGraph, node: Hashable) -> str:
    """Place name of a node, or its id as text for an unnamed junction."""
    return str(graph.nodes[node].get("name") or node)


def _border_posts(graph: nx.MultiDiGraph, nodes: Iterable[Hashable]) -> list[str]:
    return [_label(graph, n) for n in nodes if graph.nodes[n].get("role") == "border"]


def _edge_totals(graph: nx.MultiDiGraph, edges: list[Edge]) -> tuple[list[str], float, float]:
    """Segment ids, length (km) and travel time (h) of a sequence of edges."""
    data = [graph.edges[e] for e in edges]
    return (
        [str(d["segment_id"]) for d in data],
        float(sum(d["length_km"] for d in data)),
        float(sum(d["travel_time_h"] for d in data)),
    )


def _require_nodes(graph: nx.MultiDiGraph, nodes: Iterable[Hashable], what: str) -> None:
    for n in nodes:
        if n not in graph:
            raise nx.NodeNotFound(f"{what} node {n!r} is not in the network")


def _check_probabilities(values: Mapping[Any, float], what: str) -> None:
    bad = [k for k, p in values.items() if not 0.0 <= p <= 1.0]
    if bad:
        raise ValueError(f"{what} must lie in [0, 1]; bad entries: {bad[:5]!r}")


# --------------------------------------------------------------------------------------------
# Flow decomposition


@dataclass(frozen=True)
class PathFlow:
    """Fuel moving along one route from a loading point to a delivery point.

    Parameters
    ----------
    nodes : list
        Node ids from origin to the last node (``len(edges) + 1`` of them).
    edges : list of tuple
        ``(u, v, key)`` edges in order.
    loaded_m3_per_day : float
        Volume loaded at the origin.
    delivered_m3_per_day : float
        Volume arriving: loaded times the retention ``1 - p`` of every edge and ``1 - q`` of
        every node (origin and destination included). 0 for a lost path.
    lost_m3_per_day : float
        ``loaded - delivered``.
    segments : list of str
        ``segment_id`` of each edge.
    length_km, travel_time_h : float
        Sums over the edges.
    border_posts : list of str
        Names of the border posts (``role == "border"``) on the path.
    origin : str
        Name of the loading node.
    destination : str
        Name of the delivery node, or ``""`` for a lost path (everything is destroyed on its
        last edge or at its last node; see :attr:`is_lost`).

    Examples
    --------
    >>> p = PathFlow(["P", "C"], [("P", "C", 0)], 10.0, 9.0, 1.0, ["R1"], 100.0, 2.0, [],
    ...              "Port", "City")
    >>> p.is_lost, p.to_dict()["edges"]
    (False, [['P', 'C', 0]])
    """

    nodes: list[Hashable]
    edges: list[Edge]
    loaded_m3_per_day: float
    delivered_m3_per_day: float
    lost_m3_per_day: float
    segments: list[str]
    length_km: float
    travel_time_h: float
    border_posts: list[str]
    origin: str
    destination: str

    @property
    def is_lost(self) -> bool:
        """True when nothing of this path's fuel arrives anywhere (``destination == ""``)."""
        return self.destination == ""

    def to_dict(self) -> dict[str, Any]:
        """Plain dictionary (JSON-serialisable), with ``is_lost``."""
        out: dict[str, Any] = _json_safe(asdict(self))
        out["is_lost"] = self.is_lost
        return out


def _positive_amounts(
    values: Mapping[Any, float], tol: float, what: str
) -> tuple[dict[Any, float], dict[Any, float]]:
    """Validated copy of ``values`` (all of them) and the entries above ``tol``."""
    checked: dict[Any, float] = {}
    for k, v in values.items():
        v = float(v)
        if not math.isfinite(v) or v < -tol:
            raise ValueError(f"{what}[{k!r}] = {v!r}; volumes must be finite and >= 0")
        checked[k] = max(v, 0.0)
    return checked, {k: v for k, v in checked.items() if v > tol}


def _check_conservation(
    flow: Mapping[Any, float],
    load: Mapping[Any, float],
    deliv: Mapping[Any, float],
    p: Callable[[Edge], float],
    q: Callable[[Hashable], float],
    tol: float,
) -> None:
    """Raise ValueError where ``(1-q)(retained inflow + loaded) != outflow + delivered``."""
    inflow: dict[Hashable, float] = defaultdict(float)
    outflow: dict[Hashable, float] = defaultdict(float)
    for e, f in flow.items():
        outflow[e[0]] += f
        inflow[e[1]] += (1.0 - p(e)) * f
    problems = []
    for n in {*inflow, *outflow, *load, *deliv}:
        passed = (1.0 - q(n)) * (inflow.get(n, 0.0) + load.get(n, 0.0))
        used = outflow.get(n, 0.0) + deliv.get(n, 0.0)
        if abs(passed - used) > tol * max(1.0, passed, used):
            problems.append((abs(passed - used), n, passed, used))
    if problems:
        problems.sort(key=lambda t: -t[0])
        shown = "; ".join(
            f"node {n!r}: {passed:.6g} m3 passed on, {used:.6g} m3 leaving or delivered"
            for _, n, passed, used in problems[:5]
        )
        raise ValueError(
            f"Flows are not conserved at {len(problems)} node(s) (tolerance {tol:g}): {shown}"
        )


def _cycle_gain(
    edges: list[Edge], p: Callable[[Edge], float], q: Callable[[Hashable], float]
) -> float:
    """Share of the fuel entering a cycle's first edge that comes back to it."""
    return math.prod((1.0 - p(e)) * (1.0 - q(e[1])) for e in edges)


def _cancel_cycle(
    cycle: list[Edge],
    flow: dict[Edge, float],
    p: Callable[[Edge], float],
    q: Callable[[Hashable], float],
    tol: float,
) -> None:
    """Remove a lossless circulation from ``flow``; raise ValueError for a lossy cycle."""
    nodes = [e[0] for e in cycle]
    if abs(_cycle_gain(cycle, p, q) - 1.0) > _LOSSLESS:
        # Fuel sent round a lossy cycle is absorbed by it (a geometric series, not a path);
        # a cost-minimising LP never produces one, so this is a modelling error upstream.
        raise ValueError(
            f"Flows contain a cycle with losses through nodes {nodes!r}; an optimal routing "
            "plan has none (check the LP's costs); it cannot be decomposed into paths"
        )
    amount = min(flow[e] for e in cycle)
    for e in cycle:
        flow[e] -= amount
        if flow[e] <= tol:
            flow[e] = 0.0
    logger.warning(
        "Cancelled a circulation of %.6g m3/day through nodes %r (it moves no fuel from a "
        "loading point to a delivery point and is left out of the paths)",
        amount,
        nodes,
    )


#: A decomposed walk: nodes, edges, loaded volume, delivered volume, whether it arrived.
_Found = tuple[list[Hashable], list[Edge], float, float, bool]


@dataclass
class _Walk:
    """One greedy walk through the residual flow."""

    nodes: list[Hashable]
    edges: list[Edge]
    shares: list[float]  # share of the loaded volume entering edges[i]
    share: float  # share of the loaded volume passed on at the last node (after its loss)
    limit: float  # largest loaded volume the walk can carry
    limiter: tuple[str, Any]  # what sets the limit: ("load" | "edge" | "deliv", item)
    outcome: str  # "arrived", "lost", "cycle" or "dead end"


class _Residual:
    """Remaining loads, edge flows and deliveries while paths are peeled off.

    Peeling a path keeps conservation exact at every node (it removes ``x`` arriving and
    ``(1 - q) x`` leaving), so a walk from a node with load left always finds a way on unless
    flows are inconsistent by rounding noise. The limiting item of each walk is set to exactly
    0 so that every walk removes at least one item.
    """

    def __init__(
        self,
        flow: dict[Edge, float],
        load: dict[Hashable, float],
        deliv: dict[Hashable, float],
        p: Callable[[Edge], float],
        q: Callable[[Hashable], float],
        tol: float,
    ) -> None:
        self.flow, self.load, self.deliv = flow, load, deliv
        self.p, self.q, self.tol = p, q, tol
        self.out_edges: dict[Hashable, list[Edge]] = defaultdict(list)
        for e in flow:
            self.out_edges[e[0]].append(e)
        self.discarded = 0.0

    def walk(self, origin: Hashable) -> _Walk:
        """Follow the largest remaining flow from ``origin`` to the first node with delivery."""
        w = _Walk([origin], [], [], 1.0, self.load[origin], ("load", origin), "")
        position = {origin: 0}
        node = origin
        while True:
            w.share *= 1.0 - self.q(node)
            if w.share == 0.0:
                w.outcome = "lost"
                return w
            if self.deliv.get(node, 0.0) > 0.0:
                if self.deliv[node] / w.share < w.limit:
                    w.limit, w.limiter = self.deliv[node] / w.share, ("deliv", node)
                w.outcome = "arrived"
                return w
            nxt = max(
                (e for e in self.out_edges[node] if self.flow[e] > 0.0),
                key=self.flow.__getitem__,
                default=None,
            )
            if nxt is None:
                w.outcome = "dead end"
                return w
            if self.flow[nxt] / w.share < w.limit:
                w.limit, w.limiter = self.flow[nxt] / w.share, ("edge", nxt)
            w.edges.append(nxt)
            w.shares.append(w.share)
            w.share *= 1.0 - self.p(nxt)
            node = nxt[1]
            if w.share == 0.0:  # nothing arrives at the head: a lost path
                w.nodes.append(node)
                w.outcome = "lost"
                return w
            if node in position:
                _cancel_cycle(w.edges[position[node] :], self.flow, self.p, self.q, self.tol)
                w.outcome = "cycle"
                return w
            position[node] = len(w.nodes)
            w.nodes.append(node)

    def drop_dead_end(self, w: _Walk) -> None:
        """Drop the remainder stranded by rounding noise (last edge's, or the origin's load)."""
        if w.edges:
            self.discarded += self.flow[w.edges[-1]]
            self.flow[w.edges[-1]] = 0.0
        else:
            self.discarded += self.load[w.nodes[0]]
            self.load[w.nodes[0]] = 0.0

    def _reduce(self, amounts: dict[Any, float], item: Any, by: float, exhausted: bool) -> None:
        amounts[item] = 0.0 if exhausted else amounts[item] - by
        if amounts[item] <= self.tol:
            amounts[item] = 0.0

    def take(self, w: _Walk) -> _Found:
        """Remove the walk's volume from the residual; return it as a path."""
        origin, last = w.nodes[0], w.nodes[-1]
        self._reduce(self.load, origin, w.limit, w.limiter == ("load", origin))
        for e, share in zip(w.edges, w.shares, strict=True):
            self._reduce(self.flow, e, w.limit * share, w.limiter == ("edge", e))
        arrived = w.outcome == "arrived"
        if arrived:
            self._reduce(self.deliv, last, w.limit * w.share, w.limiter == ("deliv", last))
        return (w.nodes, w.edges, w.limit, w.limit * w.share if arrived else 0.0, arrived)


def decompose_flows(
    graph: nx.MultiDiGraph,
    edge_flow_m3: Mapping[Any, float],
    loaded_m3: Mapping[Any, float],
    delivered_m3: Mapping[Any, float],
    *,
    edge_loss: Mapping[Any, float] | None = None,
    node_loss: Mapping[Any, float] | None = None,
    tol: float = 1e-6,
) -> list[PathFlow]:
    """Decompose the edge flows of a lossy (generalized) routing plan into paths.

    Conservation at node ``n`` with node loss ``q_n`` and edge losses ``p_e``::

        (1 - q_n) * (sum_in (1 - p_e) * f_e + loaded_n) = sum_out f_e + delivered_n

    where ``f_e`` is the volume entering edge ``e``. Greedy walk: from a node with load left,
    follow the out-edge with the most flow left until a node with delivery left; the path's
    loaded volume is the largest the remaining load, every edge's remaining flow (divided by
    the share of the loaded volume still present on entering it) and the destination's
    remaining delivery allow. Each walk exhausts at least one of them, so there are at most
    ``len(loaded) + len(edges) + len(delivered)`` paths. Paths with the same edges are merged.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The network the flows live on.
    edge_flow_m3 : mapping of (u, v, key) to float
        Volume per day entering each edge.
    loaded_m3 : mapping of node to float
        Volume per day loaded at each loading point.
    delivered_m3 : mapping of node to float
        Volume per day delivered at each node.
    edge_loss : mapping of (u, v, key) to float, optional
        Loss probability ``p`` (0..1) per edge; missing edges lose nothing.
    node_loss : mapping of node to float, optional
        Loss probability ``q`` (0..1) per node; missing nodes lose nothing.
    tol : float
        Absolute tolerance (m3/day): amounts at or below it count as zero (each edge, load and
        delivery is reproduced within ``tol``); conservation must hold within
        ``tol * max(1, node throughput)``.

    Returns
    -------
    list of PathFlow
        Largest loaded volume first. Lost flow: a path whose fuel is destroyed entirely
        (an edge with ``p = 1`` or a node with ``q = 1``) ends at that edge's head or at that
        node, with ``delivered_m3_per_day == 0`` and ``destination == ""`` (``is_lost``).
        Partial losses stay on ordinary paths (``lost_m3_per_day > 0``).

    Raises
    ------
    networkx.NodeNotFound
        If a load or delivery names a node not in ``graph``.
    KeyError
        If a flow or loss names an edge not in ``graph``.
    ValueError
        If a volume is negative or not finite, a probability is outside [0, 1], flows are not
        conserved, or the flow contains a cycle with losses. Lossless cycles (circulations)
        are cancelled with a warning instead and appear in no path.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", name="Port", role="port")
    >>> g.add_node("B", name="Border", role="border")
    >>> g.add_node("C", name="City", role="city")
    >>> for u, v in [("P", "B"), ("B", "C")]:
    ...     _ = g.add_edge(u, v, segment_id=f"{u}-{v}", length_km=100.0, travel_time_h=2.0,
    ...                    capacity_trucks_per_day=10.0)
    >>> flows = {("P", "B", 0): 10.0, ("B", "C", 0): 8.0}
    >>> [path] = decompose_flows(g, flows, {"P": 10.0}, {"C": 8.0},
    ...                          node_loss={"B": 0.2})
    >>> path.origin, path.destination, path.border_posts, path.delivered_m3_per_day
    ('Port', 'City', ['Border'], 8.0)
    >>> path.lost_m3_per_day, path.length_km
    (2.0, 200.0)
    """
    if not tol >= 0.0:
        raise ValueError(f"tol must be >= 0, got {tol!r}")
    edge_loss = dict(edge_loss or {})
    node_loss = dict(node_loss or {})
    _check_probabilities(edge_loss, "edge_loss")
    _check_probabilities(node_loss, "node_loss")
    for e in itertools.chain(edge_flow_m3, edge_loss):
        if not graph.has_edge(*e):
            raise KeyError(f"edge {e!r} is not in the network")
    _require_nodes(graph, itertools.chain(loaded_m3, delivered_m3, node_loss), "flow")

    def p(e: Edge) -> float:
        return edge_loss.get(e, 0.0)

    def q(n: Hashable) -> float:
        return node_loss.get(n, 0.0)

    all_flow, flow = _positive_amounts(edge_flow_m3, tol, "edge_flow_m3")
    all_load, load = _positive_amounts(loaded_m3, tol, "loaded_m3")
    all_deliv, deliv = _positive_amounts(delivered_m3, tol, "delivered_m3")
    _check_conservation(all_flow, all_load, all_deliv, p, q, tol)

    residual = _Residual(flow, load, deliv, p, q, tol)
    found: list[_Found] = []
    for origin in list(load):
        while load[origin] > 0.0:
            walk = residual.walk(origin)
            if walk.outcome == "cycle":
                continue  # a circulation was cancelled: walk again
            if walk.outcome == "dead end":
                residual.drop_dead_end(walk)
                continue
            found.append(residual.take(walk))
    _cancel_remaining_cycles(flow, p, q, tol)
    leftover = sum(flow.values()) + residual.discarded
    if leftover > 0.0:
        logger.debug("Flow decomposition left %.3g m3/day of rounding noise unassigned", leftover)
    return _merge_paths(graph, found)


def _cancel_remaining_cycles(
    flow: dict[Edge, float],
    p: Callable[[Edge], float],
    q: Callable[[Hashable], float],
    tol: float,
) -> None:
    """Cancel circulations that no walk from a loading point reached."""
    while True:
        support = nx.MultiDiGraph()
        support.add_edges_from(e for e, f in flow.items() if f > 0.0)
        try:
            cycle = nx.find_cycle(support)
        except nx.NetworkXNoCycle:
            return
        _cancel_cycle([(u, v, k) for u, v, k, *_ in cycle], flow, p, q, tol)


def _merge_paths(graph: nx.MultiDiGraph, found: list[_Found]) -> list[PathFlow]:
    """Sum walks along the same edges into one PathFlow each, largest loaded volume first."""
    merged: dict[tuple[Any, ...], list[Any]] = {}
    for nodes, edges, loaded, delivered, arrived in found:
        key = (tuple(nodes), tuple(edges), arrived)
        if key in merged:
            merged[key][2] += loaded
            merged[key][3] += delivered
        else:
            merged[key] = [nodes, edges, loaded, delivered, arrived]
    paths = []
    for nodes, edges, loaded, delivered, arrived in merged.values():
        segments, length_km, travel_time_h = _edge_totals(graph, edges)
        paths.append(
            PathFlow(
                nodes=list(nodes),
                edges=list(edges),
                loaded_m3_per_day=loaded,
                delivered_m3_per_day=delivered,
                lost_m3_per_day=loaded - delivered,
                segments=segments,
                length_km=length_km,
                travel_time_h=travel_time_h,
                border_posts=_border_posts(graph, nodes),
                origin=_label(graph, nodes[0]),
                destination=_label(graph, nodes[-1]) if arrived else "",
            )
        )
    paths.sort(key=lambda pf: -pf.loaded_m3_per_day)
    logger.debug("Decomposed flows into %d path(s)", len(paths))
    return paths


# --------------------------------------------------------------------------------------------
# Minimum cut


@dataclass(frozen=True)
class CutResult:
    """Minimum cut between the supply points and one sink.

    Parameters
    ----------
    value_m3_per_day : float
        Capacity of the cut = the most fuel per day that can reach the sink.
    segments : list of str
        Segment ids of the road edges in the cut that have capacity (saturated at max flow),
        deduplicated and sorted.
    nodes : list of str
        Names of the nodes whose own capacity is in the cut (border posts, loading points...).
    sources_cut : list of str
        Supply points whose supply limit is in the cut (sending all they have).
    closed_segments : list of str
        Segment ids of zero-capacity road edges leading from the source side to the sink side
        (closed roads on the cut line; they add nothing to ``value_m3_per_day``).

    Examples
    --------
    >>> CutResult(30.0, ["R1"], [], ["Port"], []).to_dict()["value_m3_per_day"]
    30.0
    """

    value_m3_per_day: float
    segments: list[str]
    nodes: list[str]
    sources_cut: list[str]
    closed_segments: list[str]

    def to_dict(self) -> dict[str, Any]:
        """Plain dictionary (JSON-serialisable)."""
        out: dict[str, Any] = _json_safe(asdict(self))
        return out


_SUPER_SOURCE = ("source", None)


def _node_in(node: Hashable, split: AbstractSet[Hashable]) -> tuple[str, Hashable]:
    return ("in", node) if node in split else ("node", node)


def _node_out(node: Hashable, split: AbstractSet[Hashable]) -> tuple[str, Hashable]:
    return ("out", node) if node in split else ("node", node)


def _check_capacity(value: float, what: str) -> float:
    value = float(value)
    if math.isnan(value) or value < 0.0:
        raise ValueError(f"{what} = {value!r}; capacities must be >= 0 (inf for no limit)")
    return value


def _cut_network(
    graph: nx.MultiDiGraph,
    sources: Mapping[Any, float],
    sink: Hashable,
    edge_capacity_m3: Mapping[Any, float],
    node_capacity_m3: Mapping[Any, float],
) -> tuple[nx.DiGraph, tuple[str, Hashable]]:
    """Single-commodity flow network: super source, split capacitated nodes, summed parallels.

    Arcs without a ``capacity`` attribute are unlimited (networkx convention).
    """
    split = set(node_capacity_m3)
    flow_net = nx.DiGraph()
    flow_net.add_node(_SUPER_SOURCE)
    for n in graph.nodes:
        flow_net.add_node(_node_in(n, split))
        flow_net.add_node(_node_out(n, split))
    for n, cap in node_capacity_m3.items():
        cap = _check_capacity(cap, f"node_capacity_m3[{n!r}]")
        attrs = {"capacity": cap} if math.isfinite(cap) else {}
        flow_net.add_edge(_node_in(n, split), _node_out(n, split), **attrs)
    for s, supply in sources.items():
        supply = _check_capacity(supply, f"sources[{s!r}]")
        if not math.isfinite(supply):
            raise ValueError(f"sources[{s!r}] must be finite")
        flow_net.add_edge(_SUPER_SOURCE, _node_in(s, split), capacity=supply)
    totals: dict[tuple[Any, Any], float] = defaultdict(float)
    for u, v, k in graph.edges(keys=True):
        if u != v:  # a self-loop never helps a flow
            totals[(u, v)] += _check_capacity(
                edge_capacity_m3.get((u, v, k), 0.0), f"edge_capacity_m3[{(u, v, k)!r}]"
            )
    for (u, v), cap in totals.items():
        attrs = {"capacity": cap} if math.isfinite(cap) else {}
        flow_net.add_edge(_node_out(u, split), _node_in(v, split), **attrs)
    return flow_net, _node_out(sink, split)


def minimum_cut(
    graph: nx.MultiDiGraph,
    *,
    sources: Mapping[Any, float],
    sink: Hashable,
    edge_capacity_m3: Mapping[Any, float],
    node_capacity_m3: Mapping[Any, float],
) -> CutResult:
    """Minimum cut between all supply points and a sink (what limits fuel reaching it).

    A super source feeds every supply point ``s`` through an arc of capacity ``sources[s]``;
    parallel road edges ``u -> v`` are summed into one arc; a node with a capacity is split
    into ``in -> out`` with that capacity (the sink's own capacity counts too). The cut is
    found with :func:`networkx.minimum_cut` (preflow-push); of several minimum cuts, the one
    nearest the supply points is returned.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    sources : mapping of node to float
        Supply per day of each loading point (finite, >= 0).
    sink : node
        Where the fuel must arrive (e.g. the Bamako node).
    edge_capacity_m3 : mapping of (u, v, key) to float
        Volume per day each edge can carry (``inf`` for no limit). Edges missing from the
        mapping carry nothing (treated as closed).
    node_capacity_m3 : mapping of node to float
        Volume per day each capacitated node can pass, through traffic included (border
        posts). Nodes missing from the mapping have no limit. A loading capacity that limits
        only what is loaded at a node (not traffic passing through it, e.g. Abidjan's fuel
        passing the Yamoussoukro depot) belongs in ``sources`` as ``min(supply, capacity)``.

    Returns
    -------
    CutResult

    Raises
    ------
    networkx.NodeNotFound
        If the sink, a source or a capacitated node is not in ``graph``.
    ValueError
        If a capacity is negative or NaN, or a supply is not finite.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("P", {"name": "Port"}), ("B", {"name": "Border"}),
    ...                   ("C", {"name": "City"})])
    >>> _ = g.add_edge("P", "B", segment_id="R1")
    >>> _ = g.add_edge("B", "C", segment_id="R2")
    >>> cut = minimum_cut(g, sources={"P": 100.0}, sink="C",
    ...                   edge_capacity_m3={("P", "B", 0): 80.0, ("B", "C", 0): 90.0},
    ...                   node_capacity_m3={"B": 50.0})
    >>> cut.value_m3_per_day, cut.nodes, cut.segments
    (50.0, ['Border'], [])
    """
    _require_nodes(graph, [sink, *sources, *node_capacity_m3], "cut")
    for e in edge_capacity_m3:
        if not graph.has_edge(*e):
            raise KeyError(f"edge {e!r} is not in the network")
    split = set(node_capacity_m3)
    flow_net, target = _cut_network(graph, sources, sink, edge_capacity_m3, node_capacity_m3)
    value, (source_side, _) = nx.minimum_cut(flow_net, _SUPER_SOURCE, target)
    reach = set(source_side)

    segments: set[str] = set()
    closed: set[str] = set()
    for u, v, k, sid in graph.edges(keys=True, data="segment_id"):
        if u != v and _node_out(u, split) in reach and _node_in(v, split) not in reach:
            (segments if edge_capacity_m3.get((u, v, k), 0.0) > 0.0 else closed).add(str(sid))
    nodes = sorted(
        {
            _label(graph, n)
            for n in split
            if _node_in(n, split) in reach and _node_out(n, split) not in reach
        }
    )
    sources_cut = sorted(
        {_label(graph, s) for s, v in sources.items() if v > 0 and _node_in(s, split) not in reach}
    )
    result = CutResult(
        value_m3_per_day=float(value),
        segments=sorted(segments),
        nodes=nodes,
        sources_cut=sources_cut,
        closed_segments=sorted(closed - segments),
    )
    logger.debug(
        "Minimum cut to %s: %.1f m3/day over %d segment(s), %d node(s), %d source(s)",
        _label(graph, sink),
        result.value_m3_per_day,
        len(result.segments),
        len(result.nodes),
        len(result.sources_cut),
    )
    return result


# --------------------------------------------------------------------------------------------
# Alternative routes


@dataclass(frozen=True)
class Route:
    """One road route between two nodes.

    Parameters
    ----------
    nodes : list
        Node ids from origin to destination.
    edges : list of tuple
        ``(u, v, key)`` edges used (the cheapest of parallel edges).
    segments : list of str
        ``segment_id`` of each edge.
    border_posts : list of str
        Names of the border posts on the route.
    length_km, travel_time_h : float
        Sums over the edges.
    cost : float
        Sum of the weight over the edges.
    capacity_trucks_per_day : float
        Smallest capacity of its edges, its origin (loading limit) and the border posts it
        crosses (a depot driven through and the destination do not count).
    capacity_m3_per_day : float
        ``capacity_trucks_per_day * tanker_m3``.

    Examples
    --------
    >>> r = Route(["P", "C"], [("P", "C", 0)], ["R1"], [], 100.0, 2.0, 100.0, 10.0, 460.0)
    >>> r.to_dict()["capacity_m3_per_day"]
    460.0
    """

    nodes: list[Hashable]
    edges: list[Edge]
    segments: list[str]
    border_posts: list[str]
    length_km: float
    travel_time_h: float
    cost: float
    capacity_trucks_per_day: float
    capacity_m3_per_day: float

    def to_dict(self) -> dict[str, Any]:
        """Plain dictionary (JSON-serialisable)."""
        out: dict[str, Any] = _json_safe(asdict(self))
        return out


@dataclass(frozen=True)
class Alternatives:
    """Best routes between two places and the best route sharing no segment with the first.

    Parameters
    ----------
    origin, destination : str
        Names of the end nodes.
    routes : list of Route
        Up to ``k`` simple routes, cheapest first (empty when there is none).
    disjoint : Route or None
        Cheapest route sharing no ``segment_id`` with ``routes[0]`` (it may share nodes such as
        a town or border post); ``None`` when there is none.

    Examples
    --------
    >>> Alternatives("Port", "City", [], None).to_dict()
    {'origin': 'Port', 'destination': 'City', 'routes': [], 'disjoint': None}
    """

    origin: str
    destination: str
    routes: list[Route]
    disjoint: Route | None

    def to_dict(self) -> dict[str, Any]:
        """Plain dictionary (JSON-serialisable)."""
        return {
            "origin": self.origin,
            "destination": self.destination,
            "routes": [r.to_dict() for r in self.routes],
            "disjoint": self.disjoint.to_dict() if self.disjoint is not None else None,
        }


def _collapse(
    graph: nx.MultiDiGraph,
    weight: Callable[[dict[str, Any]], float | None] | str,
    excluded_segments: AbstractSet[str],
    excluded_nodes: AbstractSet[Hashable],
) -> nx.DiGraph:
    """DiGraph keeping, for each ``u -> v``, the cheapest usable parallel edge.

    Each arc carries ``cost`` (the weight) and ``key`` (the MultiDiGraph key). Edges of an
    excluded segment, with zero capacity, touching an excluded node, or whose weight callable
    returns ``None`` are left out.
    """
    collapsed = nx.DiGraph()
    collapsed.add_nodes_from(n for n in graph.nodes if n not in excluded_nodes)
    for u, v, k, data in graph.edges(keys=True, data=True):
        if (
            u == v
            or u in excluded_nodes
            or v in excluded_nodes
            or data["segment_id"] in excluded_segments
            or not data["capacity_trucks_per_day"] > 0
        ):
            continue
        if callable(weight):
            cost = weight(data)
        elif weight in data:
            cost = data[weight]
        else:
            raise ValueError(f"edge {(u, v, k)!r} has no attribute {weight!r} to weigh it by")
        if cost is None:
            continue
        cost = float(cost)
        if not cost >= 0.0:
            raise ValueError(f"edge {(u, v, k)!r} has weight {cost!r}; weights must be >= 0")
        if not collapsed.has_edge(u, v) or cost < collapsed[u][v]["cost"]:
            collapsed.add_edge(u, v, cost=cost, key=k)
    return collapsed


def _route(
    graph: nx.MultiDiGraph, collapsed: nx.DiGraph, nodes: list[Hashable], tanker_m3: float
) -> Route:
    edges: list[Edge] = [(u, v, collapsed[u][v]["key"]) for u, v in itertools.pairwise(nodes)]
    segments, length_km, travel_time_h = _edge_totals(graph, edges)
    caps = [float(graph.edges[e]["capacity_trucks_per_day"]) for e in edges]
    # The origin's own capacity (its loading limit) and the border posts crossed bind a route;
    # a depot passed on the way limits only what loads there, not what drives through.
    caps += [
        float(graph.nodes[n]["capacity_trucks_per_day"])
        for i, n in enumerate(nodes[:-1])
        if graph.nodes[n].get("capacity_trucks_per_day") is not None
        and (i == 0 or graph.nodes[n].get("role") == "border")
    ]
    capacity = min(caps, default=math.inf)
    return Route(
        nodes=list(nodes),
        edges=edges,
        segments=segments,
        border_posts=_border_posts(graph, nodes),
        length_km=length_km,
        travel_time_h=travel_time_h,
        cost=float(sum(collapsed[u][v]["cost"] for u, v in itertools.pairwise(nodes))),
        capacity_trucks_per_day=capacity,
        capacity_m3_per_day=capacity * tanker_m3,
    )


def alternative_routes(
    graph: nx.MultiDiGraph,
    origin: Hashable,
    destination: Hashable,
    *,
    k: int = 3,
    weight: Callable[[dict[str, Any]], float | None] | str = "length_km",
    excluded_segments: AbstractSet[str] = frozenset(),
    excluded_nodes: AbstractSet[Hashable] = frozenset(),
    tanker_m3: float,
) -> Alternatives:
    """The ``k`` best simple routes between two nodes and the best segment-disjoint one.

    Parallel edges are collapsed to the cheapest usable one, then
    :func:`networkx.shortest_simple_paths` (Yen's algorithm) lists routes by increasing cost.
    The disjoint route is the cheapest path once every segment of the first route (both
    directions) is removed.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    origin, destination : node
        End nodes (distinct).
    k : int
        How many routes at most (>= 1).
    weight : str or callable
        Edge attribute to minimise, or a function of the edge data dict returning a cost
        (>= 0) or ``None`` to hide the edge.
    excluded_segments : set of str
        Segment ids not to use (e.g. closed roads).
    excluded_nodes : set of node
        Nodes not to pass through. Excluding an end node leaves no route.
    tanker_m3 : float
        Tanker volume, to express route capacities in m3 per day.

    Returns
    -------
    Alternatives

    Raises
    ------
    networkx.NodeNotFound
        If an end node is not in ``graph``.
    ValueError
        If ``k < 1``, ``tanker_m3 <= 0``, ``origin == destination``, or a weight is negative
        or missing.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("P", {"name": "Port", "capacity_trucks_per_day": 20.0}),
    ...                   ("X", {"name": ""}), ("Y", {"name": ""}), ("C", {"name": "City"})])
    >>> for u, v, km in [("P", "X", 100.0), ("X", "C", 100.0), ("P", "Y", 150.0),
    ...                  ("Y", "C", 150.0)]:
    ...     _ = g.add_edge(u, v, segment_id=f"{u}{v}", length_km=km, travel_time_h=km / 50,
    ...                    capacity_trucks_per_day=40.0)
    >>> alt = alternative_routes(g, "P", "C", k=3, tanker_m3=46.0)
    >>> [r.segments for r in alt.routes], alt.routes[0].capacity_m3_per_day
    ([['PX', 'XC'], ['PY', 'YC']], 920.0)
    >>> alt.disjoint.length_km
    300.0
    """
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    if not tanker_m3 > 0:
        raise ValueError(f"tanker_m3 must be > 0, got {tanker_m3!r}")
    _require_nodes(graph, [origin, destination], "route")
    if origin == destination:
        raise ValueError(f"origin and destination are the same node {origin!r}")
    names = (_label(graph, origin), _label(graph, destination))
    if origin in excluded_nodes or destination in excluded_nodes:
        return Alternatives(*names, [], None)

    collapsed = _collapse(graph, weight, excluded_segments, excluded_nodes)
    try:
        paths = list(
            itertools.islice(nx.shortest_simple_paths(collapsed, origin, destination, "cost"), k)
        )
    except nx.NetworkXNoPath:
        paths = []
    routes = [_route(graph, collapsed, path, tanker_m3) for path in paths]
    disjoint = None
    if routes:
        avoid = set(excluded_segments) | set(routes[0].segments)
        without = _collapse(graph, weight, avoid, excluded_nodes)
        try:
            path = nx.shortest_path(without, origin, destination, weight="cost")
        except nx.NetworkXNoPath:
            pass
        else:
            disjoint = _route(graph, without, path, tanker_m3)
    logger.debug(
        "%d route(s) from %s to %s; segment-disjoint alternative: %s",
        len(routes),
        *names,
        "yes" if disjoint is not None else "none",
    )
    return Alternatives(*names, routes, disjoint)
