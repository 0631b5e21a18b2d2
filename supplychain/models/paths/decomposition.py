"""Flow decomposition: the edge flows of the fuel routing LP as paths from loading points to cities.

:func:`decompose_flows` turns the edge flows of the (generalized, lossy) fuel routing LP into
paths from loading points to demand cities, each with its loaded, delivered and lost volume.

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
from collections.abc import Callable, Hashable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

from supplychain._json import jsonable
from supplychain._names import node_name
from supplychain.errors import ArgumentError, UnknownElementError
from supplychain.models.paths._common import (
    Edge,
    _border_posts,
    _check_probabilities,
    _edge_totals,
    _require_nodes,
)

__all__ = ["PathFlow", "decompose_flows"]

logger = logging.getLogger(__name__)

#: Gains within this distance of 1 count as lossless when a flow cycle is found.
_LOSSLESS = 1e-12


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
    crossed_m3_per_day : list of float, optional
        Volume reaching each of ``border_posts``, in their order: loaded times the retention of
        the edges and nodes before it (the post's own ``1 - q`` not applied, as the border
        table's ``crossed_m3_per_day`` counts it). Empty when not computed.

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
    crossed_m3_per_day: list[float] = field(default_factory=list)

    @property
    def is_lost(self) -> bool:
        """True when nothing of this path's fuel arrives anywhere (``destination == ""``)."""
        return self.destination == ""

    def to_dict(self) -> dict[str, Any]:
        """Plain dictionary (JSON-serialisable), with ``is_lost``.

        Returns
        -------
        dict of str to object
            One key per field and ``is_lost``; edges become ``[u, v, key]`` lists, node ids
            that are not str or int become strings and non-finite numbers ``None``.

        Examples
        --------
        >>> p = PathFlow(["P", "C"], [("P", "C", 0)], 10.0, 0.0, 10.0, ["R1"], 100.0, 2.0, [],
        ...              "Port", "")
        >>> d = p.to_dict()
        >>> d["is_lost"], d["lost_m3_per_day"]
        (True, 10.0)
        """
        out: dict[str, Any] = jsonable(asdict(self))
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
            raise ArgumentError(f"{what}[{k!r}] = {v!r}; volumes must be finite and >= 0")
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
    """Raise ArgumentError where ``(1-q)(retained inflow + loaded) != outflow + delivered``."""
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
        raise ArgumentError(
            f"Flows are not conserved at {len(problems)} node(s) (tolerance {tol:g}): {shown}; "
            "pass the edge flows, loads and deliveries of one solved plan (and its losses)"
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
    """Remove a lossless circulation from ``flow``; raise ArgumentError for a lossy cycle."""
    nodes = [e[0] for e in cycle]
    if abs(_cycle_gain(cycle, p, q) - 1.0) > _LOSSLESS:
        # Fuel sent round a lossy cycle is absorbed by it (a geometric series, not a path);
        # a cost-minimising LP never produces one, so this is a modelling error upstream.
        raise ArgumentError(
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
    UnknownNodeError
        If a load, delivery or node loss names a node not in ``graph`` (a
        ``networkx.NodeNotFound``).
    UnknownElementError
        If a flow or loss names an edge not in ``graph`` (a ``KeyError``).
    ArgumentError
        If ``tol`` is negative, a volume is negative or not finite, a probability is outside
        [0, 1], flows are not conserved, or the flow contains a cycle with losses (a
        ``ValueError``). Lossless cycles (circulations) are cancelled with a warning instead
        and appear in no path.

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
        raise ArgumentError(f"tol = {tol!r}; give a tolerance >= 0 (m3/day, e.g. 1e-6)")
    edge_loss = dict(edge_loss or {})
    node_loss = dict(node_loss or {})
    _check_probabilities(edge_loss, "edge_loss")
    _check_probabilities(node_loss, "node_loss")
    for what, edges in (("edge_flow_m3", edge_flow_m3), ("edge_loss", edge_loss)):
        for e in edges:
            if not graph.has_edge(*e):
                raise UnknownElementError(
                    f"{what} names edge {e!r}, which is not in the network; key edges by "
                    "(u, v, key) of this graph"
                )
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
    return _merge_paths(graph, found, p, q)


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


def _crossed(graph: nx.MultiDiGraph, nodes: list[Hashable], edges: list[Edge], loaded: float,
             p: Callable[[Edge], float], q: Callable[[Hashable], float]) -> list[float]:
    """Volume reaching each border post of a path (see :class:`PathFlow`)."""
    out: list[float] = []
    keep = 1.0
    for i, n in enumerate(nodes):
        if i > 0:
            keep *= 1.0 - p(edges[i - 1])
        if graph.nodes[n].get("role") == "border":
            out.append(loaded * keep)
        keep *= 1.0 - q(n)
    return out


def _merge_paths(graph: nx.MultiDiGraph, found: list[_Found], p: Callable[[Edge], float],
                 q: Callable[[Hashable], float]) -> list[PathFlow]:
    """Sum walks along the same edges into one PathFlow each, largest loaded volume first;
    ``p`` and ``q`` (edge and node losses) give the volume each border post sees."""
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
                origin=node_name(graph, nodes[0]),
                destination=node_name(graph, nodes[-1]) if arrived else "",
                crossed_m3_per_day=_crossed(graph, list(nodes), list(edges), loaded, p, q),
            )
        )
    paths.sort(key=lambda pf: -pf.loaded_m3_per_day)
    logger.debug("Decomposed flows into %d path(s)", len(paths))
    return paths
