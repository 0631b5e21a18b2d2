"""Minimum cuts: the roads, border posts and loading points that limit fuel reaching one place.

:func:`minimum_cut` solves max-flow min-cut with node capacities by node splitting, on a
single-commodity network (a super source feeding every supply point) that
:mod:`supplychain.scenarios.interdiction` reuses.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Hashable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

from supplychain._json import jsonable
from supplychain._names import node_name
from supplychain.errors import ArgumentError, UnknownElementError
from supplychain.models.paths._common import _require_nodes

__all__ = ["SUPER_SOURCE", "CutResult", "check_capacity", "cut_network", "minimum_cut", "node_in", "node_out"]

logger = logging.getLogger(__name__)


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
        Names of the open nodes whose through capacity (``node_capacity_m3``) is in the cut:
        border posts, transit depots (a degraded town limits its roads in: those are segments
        here, given their capacities by the caller). A loading point is not listed here for
        its loading capacity: that capacity caps only its loading, is folded into its supply
        (``min(supply, capacity)``) and, when it limits, puts the point under ``sources_cut``.
    sources_cut : list of str
        Supply points whose supply arc is in the cut: they load all they may, the lesser of
        their supply and their loading capacity (a port short of supply or of loading bays).
    closed_segments : list of str
        Segment ids of zero-capacity road edges leading from the source side to the sink side
        (closed roads on the cut line; they add nothing to ``value_m3_per_day``).
    closed_nodes : list of str
        Names of closed (zero-capacity) nodes on the cut line (a closed depot, post or town;
        before 2026-12-03 they were listed in ``nodes`` as if open), and of the supply points
        whose supply arc in the cut may carry nothing (a port at capacity factor 0).

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
    closed_nodes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain dictionary (JSON-serialisable).

        Returns
        -------
        dict of str to object
            One key per field (a non-finite value becomes ``None``).

        Examples
        --------
        >>> CutResult(30.0, ["R1"], [], ["Port"], [], ["Gogui"]).to_dict()
        {'value_m3_per_day': 30.0, 'segments': ['R1'], 'nodes': [], 'sources_cut': ['Port'], 'closed_segments': [], 'closed_nodes': ['Gogui']}
        """
        out: dict[str, Any] = jsonable(asdict(self))
        return out


#: The super source of :func:`cut_network`'s flow network, feeding every supply point.
SUPER_SOURCE = ("source", None)


def node_in(node: Hashable, split: AbstractSet[Hashable]) -> tuple[str, Hashable]:
    """Where flow enters ``node`` in :func:`cut_network`'s flow network.

    Parameters
    ----------
    node : hashable
        A node id of the corridor network.
    split : set
        The nodes with a through capacity, split into ``("in", n) -> ("out", n)``.

    Returns
    -------
    tuple of (str, hashable)
        ``("in", node)`` for a split node, else ``("node", node)``.

    Examples
    --------
    >>> node_in("Diboli", {"Diboli"}), node_in("Kayes", {"Diboli"})
    (('in', 'Diboli'), ('node', 'Kayes'))
    """
    return ("in", node) if node in split else ("node", node)


def node_out(node: Hashable, split: AbstractSet[Hashable]) -> tuple[str, Hashable]:
    """Where flow leaves ``node`` in :func:`cut_network`'s flow network.

    Parameters
    ----------
    node : hashable
        A node id of the corridor network.
    split : set
        The nodes with a through capacity, split into ``("in", n) -> ("out", n)``.

    Returns
    -------
    tuple of (str, hashable)
        ``("out", node)`` for a split node, else ``("node", node)``.

    Examples
    --------
    >>> node_out("Diboli", {"Diboli"}), node_out("Kayes", {"Diboli"})
    (('out', 'Diboli'), ('node', 'Kayes'))
    """
    return ("out", node) if node in split else ("node", node)


def check_capacity(value: float, what: str) -> float:
    """A capacity as a float, checked: not NaN, not negative (``inf`` means no limit).

    Parameters
    ----------
    value : float
        The capacity (m³/day).
    what : str
        Where it comes from, for the message (``"node_capacity_m3['Diboli']"``).

    Returns
    -------
    float
        ``float(value)``.

    Raises
    ------
    ArgumentError
        When ``value`` is NaN or negative.

    Examples
    --------
    >>> check_capacity(460, "sources['Dakar']"), check_capacity(float("inf"), "edge")
    (460.0, inf)
    """
    value = float(value)
    if math.isnan(value) or value < 0.0:
        raise ArgumentError(f"{what} = {value!r}; capacities must be >= 0 (inf for no limit)")
    return value


def cut_network(
    graph: nx.MultiDiGraph,
    sources: Mapping[Any, float],
    sink: Hashable,
    edge_capacity_m3: Mapping[Any, float],
    node_capacity_m3: Mapping[Any, float],
) -> tuple[nx.DiGraph, tuple[str, Hashable]]:
    """Single-commodity flow network: super source, split capacitated nodes, summed parallels.

    Arcs without a ``capacity`` attribute are unlimited (networkx convention). Nodes are
    :data:`SUPER_SOURCE`, and :func:`node_in` / :func:`node_out` of each node (the same node
    unless it has a through capacity).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The corridor network.
    sources : mapping of node to float
        Supply points and their supply (m³/day, finite).
    sink : hashable
        The node whose inflow is measured.
    edge_capacity_m3 : mapping of (u, v, key) to float
        Capacity of each edge (m³/day; a missing edge carries nothing, ``inf`` is no limit).
        Parallel edges are summed into one arc.
    node_capacity_m3 : mapping of node to float
        Through capacity of the nodes to split (m³/day).

    Returns
    -------
    flow_net : networkx.DiGraph
        The flow network, arcs with a ``capacity`` attribute unless unlimited.
    target : tuple of (str, hashable)
        The sink's node in it (``node_out(sink, split)``).

    Raises
    ------
    ArgumentError
        When a capacity is NaN or negative, or a supply is infinite.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("Dakar", "Diboli", 0)
    0
    >>> g.add_edge("Diboli", "Bamako", 0)
    0
    >>> net, target = cut_network(g, {"Dakar": 500.0}, "Bamako",
    ...                           {("Dakar", "Diboli", 0): 400.0, ("Diboli", "Bamako", 0): 900.0},
    ...                           {"Diboli": 300.0})
    >>> nx.maximum_flow_value(net, SUPER_SOURCE, target)
    300.0
    """
    split = set(node_capacity_m3)
    flow_net = nx.DiGraph()
    flow_net.add_node(SUPER_SOURCE)
    for n in graph.nodes:
        flow_net.add_node(node_in(n, split))
        flow_net.add_node(node_out(n, split))
    for n, cap in node_capacity_m3.items():
        cap = check_capacity(cap, f"node_capacity_m3[{n!r}]")
        attrs = {"capacity": cap} if math.isfinite(cap) else {}
        flow_net.add_edge(node_in(n, split), node_out(n, split), **attrs)
    for s, supply in sources.items():
        supply = check_capacity(supply, f"sources[{s!r}]")
        if not math.isfinite(supply):
            raise ArgumentError(f"sources[{s!r}] = {supply!r}; a supply must be finite (m3/day)")
        flow_net.add_edge(SUPER_SOURCE, node_in(s, split), capacity=supply)
    totals: dict[tuple[Any, Any], float] = defaultdict(float)
    for u, v, k in graph.edges(keys=True):
        if u != v:  # a self-loop never helps a flow
            totals[(u, v)] += check_capacity(
                edge_capacity_m3.get((u, v, k), 0.0), f"edge_capacity_m3[{(u, v, k)!r}]"
            )
    for (u, v), cap in totals.items():
        attrs = {"capacity": cap} if math.isfinite(cap) else {}
        flow_net.add_edge(node_out(u, split), node_in(v, split), **attrs)
    return flow_net, node_out(sink, split)


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
    UnknownNodeError
        If the sink, a source or a capacitated node is not in ``graph`` (a
        ``networkx.NodeNotFound``).
    UnknownElementError
        If an edge of ``edge_capacity_m3`` is not in ``graph`` (a ``KeyError``).
    ArgumentError
        If a capacity is negative or NaN, or a supply is not finite (a ``ValueError``).

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

    A port loading 30 m³/day of its 100 (its loading capacity, folded into the supply) limits
    as a supply point, not as a node:

    >>> cut = minimum_cut(g, sources={"P": min(100.0, 30.0)}, sink="C",
    ...                   edge_capacity_m3={("P", "B", 0): 80.0, ("B", "C", 0): 90.0},
    ...                   node_capacity_m3={"B": 50.0})
    >>> cut.value_m3_per_day, cut.nodes, cut.sources_cut
    (30.0, [], ['Port'])
    """
    _require_nodes(graph, [sink, *sources, *node_capacity_m3], "cut")
    for e in edge_capacity_m3:
        if not graph.has_edge(*e):
            raise UnknownElementError(
                f"edge_capacity_m3 names edge {e!r}, which is not in the network; key edges by "
                "(u, v, key) of this graph"
            )
    split = set(node_capacity_m3)
    flow_net, target = cut_network(graph, sources, sink, edge_capacity_m3, node_capacity_m3)
    value, (source_side, _) = nx.minimum_cut(flow_net, SUPER_SOURCE, target)
    reach = set(source_side)

    segments: set[str] = set()
    closed: set[str] = set()
    for u, v, k, sid in graph.edges(keys=True, data="segment_id"):
        if u != v and node_out(u, split) in reach and node_in(v, split) not in reach:
            (segments if edge_capacity_m3.get((u, v, k), 0.0) > 0.0 else closed).add(str(sid))
    on_line = [n for n in split if node_in(n, split) in reach and node_out(n, split) not in reach]
    shut = {n for n in split if node_capacity_m3[n] <= 0.0}
    nodes = sorted({node_name(graph, n) for n in on_line if n not in shut})
    sources_cut = sorted(
        {node_name(graph, s) for s, v in sources.items()
         if v > 0 and s not in shut and node_in(s, split) not in reach}
    )
    # A loading point that may load nothing (a port at capacity_factor 0, a loading capacity of
    # 0) on the cut line is closed as a shut place is: it was in no list, and a cut it alone
    # made read "0 m3/day through -" (fuzz33).
    unloading = {s for s, v in sources.items() if not v > 0 and s not in shut and node_in(s, split) not in reach}
    result = CutResult(
        value_m3_per_day=float(value),
        segments=sorted(segments),
        nodes=nodes,
        sources_cut=sources_cut,
        closed_segments=sorted(closed - segments),
        closed_nodes=sorted({node_name(graph, n) for n in on_line if n in shut} | {node_name(graph, n) for n in unloading}),
    )
    logger.debug(
        "Minimum cut to %s: %.1f m3/day over %d segment(s), %d node(s), %d source(s)",
        node_name(graph, sink),
        result.value_m3_per_day,
        len(result.segments),
        len(result.nodes),
        len(result.sources_cut),
    )
    return result
