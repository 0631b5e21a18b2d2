"""Helpers shared by the path modules: route totals, input checks."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import networkx as nx

from supplychain._names import node_name
from supplychain.errors import ArgumentError, UnknownNodeError

__all__: list[str] = []

#: A directed edge of a MultiDiGraph: ``(u, v, key)``.
Edge = tuple[Any, Any, Any]


def _border_posts(graph: nx.MultiDiGraph, nodes: Iterable[Hashable]) -> list[str]:
    return [node_name(graph, n) for n in nodes if graph.nodes[n].get("role") == "border"]


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
            raise UnknownNodeError(
                f"{what} node {n!r} is not in the network; give a node id of this graph "
                "(graph.nodes), not a place name"
            )


def _check_probabilities(values: Mapping[Any, float], what: str) -> None:
    bad = [f"{what}[{k!r}] = {p!r}" for k, p in values.items() if not 0.0 <= p <= 1.0]
    if bad:
        raise ArgumentError(
            f"{', '.join(bad[:5])}{' ...' if len(bad) > 5 else ''}: loss probabilities must "
            "lie in [0, 1]"
        )
