"""Arcs of the time-expanded model: chains of plain junctions contracted, and transit lags.

Holds :class:`Arc`, :func:`edge_lags_days` (transit days per directed edge), the contraction
of two-neighbour junctions into one arc (``_contract``) and the split of a lag into whole days
and a fraction (``_split``, ``_occupancy``). :mod:`supplychain.models.timeexp` builds its
variables on these arcs and re-exports the public names.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass

import networkx as nx

from supplychain.models.params import ModelParameters
from supplychain.models.timeline import Timeline

__all__ = ["Arc", "edge_lags_days"]


@dataclass(frozen=True)
class Arc:
    """A chain of directed edges through plain junctions, modelled as one arc.

    Junctions with exactly two neighbours, no supply, demand, border post or node effect, whose
    two segments are touched by exactly the same rules and events, are contracted away: the
    arc's transit time is the sum of its edges' (so only the whole chain's lag is rounded), its
    capacity the smallest, and its losses compound.

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


def _contract(graph: nx.MultiDiGraph, lags: list[float], timeline: Timeline, volume: float) -> list[Arc]:
    """Arcs of the network with plain two-neighbour junctions contracted (see :class:`Arc`)."""
    edges = list(graph.edges(keys=True))
    index = {e: i for i, e in enumerate(edges)}

    def passable(n: Hashable) -> bool:
        d = graph.nodes[n]
        if d.get("role") in ("port", "depot", "border", "city") or d.get("supply_m3_per_day") or \
                d.get("demand_m3_per_day"):
            return False
        if d.get("name") and any(d["name"] in de.nodes for de in timeline.effects):
            return False
        nbrs = set(graph.predecessors(n)) | set(graph.successors(n))
        if len(nbrs) != 2 or graph.in_degree(n) != 2 or graph.out_degree(n) != 2:
            return False
        sids = {graph.edges[e]["segment_id"] for e in graph.out_edges(n, keys=True)}
        return len({_signature(timeline, s) for s in sids}) == 1

    through = {n for n in graph.nodes if passable(n)}
    arcs = []
    for e in edges:
        if e[0] in through:
            continue
        chain = [e]
        seen = {e[0]}
        while chain[-1][1] in through and chain[-1][1] not in seen:
            u, v, _ = chain[-1]
            seen.add(v)
            chain.append(next(f for f in graph.out_edges(v, keys=True) if f[1] != u))
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


def _occupancy(lag: float) -> list[float]:
    """Share of day ``t + k`` a tanker that left on day ``t`` spends on an edge of ``lag`` days."""
    whole, frac = _split(lag)
    return [1.0] * whole + ([frac] if frac > 1e-9 else [])
