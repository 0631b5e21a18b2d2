"""Alternative routes: the best few routes between two places and the best disjoint one.

:func:`alternative_routes` lists the best routes between two places by a cost (travel time,
length or a function of the edge data) and the best route sharing no road segment with the
first one.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Callable, Hashable
from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx

from supplychain._json import jsonable
from supplychain._names import node_name
from supplychain.errors import ArgumentError
from supplychain.models.lp import _limits_traffic
from supplychain.models.paths._common import (
    Edge,
    _border_posts,
    _edge_totals,
    _require_nodes,
)

__all__ = ["Alternatives", "Route", "alternative_routes"]

logger = logging.getLogger(__name__)


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
        Smallest capacity of its edges, its origin (loading limit), and the border posts and
        the ports and depots that load nothing (transit depots) it passes or ends at: what
        enters those is capped, as in the LP. A port or depot that loads, driven through or
        ended at, and a town (the usual destination) do not count.
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
        """Plain dictionary (JSON-serialisable).

        Returns
        -------
        dict of str to object
            One key per field; edges become ``[u, v, key]`` lists, node ids that are not
            str or int become strings and non-finite numbers ``None``.

        Examples
        --------
        >>> r = Route(["P", "C"], [("P", "C", 0)], ["R1"], [], 100.0, 2.0, 100.0, 10.0, 460.0)
        >>> d = r.to_dict()
        >>> d["edges"], d["length_km"]
        ([['P', 'C', 0]], 100.0)
        """
        out: dict[str, Any] = jsonable(asdict(self))
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
        """Plain dictionary (JSON-serialisable).

        Returns
        -------
        dict of str to object
            ``origin``, ``destination``, ``routes`` (list of :meth:`Route.to_dict`) and
            ``disjoint`` (one, or ``None``).

        Examples
        --------
        >>> r = Route(["P", "C"], [("P", "C", 0)], ["R1"], [], 100.0, 2.0, 100.0, 10.0, 460.0)
        >>> d = Alternatives("Port", "City", [r], None).to_dict()
        >>> [route["segments"] for route in d["routes"]], d["disjoint"]
        ([['R1']], None)
        """
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
            raise ArgumentError(
                f"edge {(u, v, k)!r} (segment {data['segment_id']!r}) has no attribute "
                f"{weight!r} to weigh it by; give weight='length_km', 'travel_time_h' or a function"
            )
        if cost is None:
            continue
        cost = float(cost)
        if not cost >= 0.0:
            raise ArgumentError(
                f"edge {(u, v, k)!r} (segment {data['segment_id']!r}) has weight {cost!r}; "
                "weights must be >= 0 (return None from a weight function to hide an edge)"
            )
        if not collapsed.has_edge(u, v) or cost < collapsed[u][v]["cost"]:
            collapsed.add_edge(u, v, cost=cost, key=k)
    return collapsed


def _route(
    graph: nx.MultiDiGraph, collapsed: nx.DiGraph, nodes: list[Hashable], tanker_m3: float
) -> Route:
    edges: list[Edge] = [(u, v, collapsed[u][v]["key"]) for u, v in itertools.pairwise(nodes)]
    segments, length_km, travel_time_h = _edge_totals(graph, edges)
    caps = [float(graph.edges[e]["capacity_trucks_per_day"]) for e in edges]
    # The origin's own capacity (its loading limit), and the places passed or ended at whose
    # capacity limits what enters them in the LP (lp._limits_traffic: border posts, transit
    # ports and depots), bind a route; a loading point limits only what loads there, not what
    # drives through (a border post that loads bound routes through it until 2026-12-05). A
    # route ending at a border post was given more than the post lets in until 2026-12-07.
    caps += [
        float(graph.nodes[n]["capacity_trucks_per_day"])
        for i, n in enumerate(nodes)
        if (i == 0 and graph.nodes[n].get("capacity_trucks_per_day") is not None)
        or _limits_traffic(graph.nodes[n])
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
    UnknownNodeError
        If an end node is not in ``graph`` (a ``networkx.NodeNotFound``).
    ArgumentError
        If ``k < 1``, ``tanker_m3 <= 0``, ``origin == destination``, or a weight is negative
        or missing (a ``ValueError``).

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
        raise ArgumentError(f"k = {k!r}; ask for at least 1 route (k >= 1)")
    if not tanker_m3 > 0:
        raise ArgumentError(f"tanker_m3 = {tanker_m3!r}; give the tanker volume in m3 (> 0, e.g. 46)")
    _require_nodes(graph, [origin, destination], "route")
    if origin == destination:
        raise ArgumentError(
            f"origin and destination are the same node {origin!r}; give two different nodes"
        )
    names = (node_name(graph, origin), node_name(graph, destination))
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
