"""Max flow to one place under many closures, on arrays: built once, capacities changed in place.

Stress sweeps ask the same question thousands of times: how much fuel can reach Bamako with
this segment (or border post) closed? :func:`supplychain.models.paths.minimum_cut` answers it
with networkx, rebuilding a flow graph each time (5 ms per closure on the West-African
network, 130 ms on the whole of Africa). :class:`ArrayMaxFlow` builds the same
single-commodity flow network once as a CSR matrix and answers each closure with
:func:`scipy.sparse.csgraph.maximum_flow` (Dinic) after setting the closed arcs' capacities to
zero in the matrix's data array, then puts them back.

The flow network is the one of :func:`~supplychain.models.paths.minimum_cut`: a super source
feeds every supply point through an arc of its supply limit, a node with a through capacity
(border posts) is split into ``in -> out`` with that capacity, parallel road edges ``u -> v``
are summed into one arc, and the target is the sink's ``out`` node.

Integer capacities
------------------
scipy's max flow needs integer capacities. Capacities are converted from m³/day to
**units of 1/1000 truck per day** (``units_per_truck = 1000`` by default; a capacity is
``round(m3 / tanker_m3 * units_per_truck)``), so with 46 m³ tankers one unit is 0.046 m³/day.
Road, border-post and loading capacities are whole or half trucks per day in practice, so they
convert exactly; otherwise a value differs from the exact max flow by at most half a unit per
arc of the minimum cut. An unlimited arc gets the total supply plus one unit (no cut can use
it). If the total supply does not fit in a 32-bit integer at that scale, the scale is divided
by 10 until it does (logged; :attr:`ArrayMaxFlow.units_per_truck` says which was used).

Skip rule
---------
The base max flow is kept. A closure that leaves every changed arc at least the flow the base
solution puts on it cannot change the value (that flow is still feasible and closures never
add capacity), so it is answered without solving.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_array
from scipy.sparse.csgraph import breadth_first_order, maximum_flow

from supplychain.errors import ArgumentError, UnknownElementError, UnknownNodeError
from supplychain.models.params import tanker_volume
from supplychain.models.paths.cuts import CutResult, check_capacity

__all__ = ["DEFAULT_UNITS_PER_TRUCK", "ArrayMaxFlow"]

logger = logging.getLogger(__name__)

#: Integer capacity units per truck per day (1 unit = 1/1000 truck/day).
DEFAULT_UNITS_PER_TRUCK = 1000

_INT32_MAX = 2**31 - 1

IntArray = npt.NDArray[np.int64]


class ArrayMaxFlow:
    """Max flow from all supply points to one sink, held as a CSR matrix for repeated closures.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    sources : mapping of node to float
        Supply limit per day of each loading point (m³/day, finite, >= 0).
    sink : node
        Where the fuel must arrive (e.g. the Bamako node).
    edge_capacity_m3 : mapping of (u, v, key) to float
        Volume per day each edge can carry (``inf`` for no limit); edges missing from the
        mapping carry nothing.
    node_capacity_m3 : mapping of node to float
        Through capacity of capacitated nodes (border posts), ``inf`` for no limit; others
        have none.
    closable_nodes : iterable of node, optional
        Nodes that closures may close; those without a capacity are split (unlimited) so that
        they can be. A closed node passes nothing: a supply point stops loading and lets no
        fuel from elsewhere through (its supply arc and its own arc both close).
    tanker_m3 : float, optional
        Tanker volume (m³) for the integer scale; default ``graph.graph["tanker_volume_m3"]``
        or 46.
    units_per_truck : int, default 1000
        Integer capacity units per truck per day (see the module docstring).

    Attributes
    ----------
    base_value_m3_per_day : float
        Max flow with nothing closed.
    units_per_truck : int
        The scale actually used.
    rounding_m3_per_day : float
        Sum over the arcs of the capacity lost or gained by rounding to units: no value
        differs from the exact max flow by more (0 for whole units).
    stats : dict of str to int
        ``solves`` and ``skipped`` closures.

    Raises
    ------
    UnknownNodeError
        If the sink, a source or a capacitated or closable node is not in ``graph`` (a
        ``networkx.NodeNotFound``).
    UnknownElementError
        If an edge of ``edge_capacity_m3`` is not in ``graph`` (a ``KeyError``).
    ArgumentError
        If a capacity is negative or NaN, a supply is not finite, or ``tanker_m3`` or
        ``units_per_truck`` is not positive (a ``ValueError``).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(tanker_volume_m3=46.0)
    >>> g.add_nodes_from([("P", {"name": "Port"}), ("B", {"name": "Border"}),
    ...                   ("C", {"name": "City"})])
    >>> _ = g.add_edge("P", "C", segment_id="R0")
    >>> _ = g.add_edge("P", "B", segment_id="R1")
    >>> _ = g.add_edge("B", "C", segment_id="R2")
    >>> mf = ArrayMaxFlow(g, sources={"P": 460.0}, sink="C",
    ...                   edge_capacity_m3={("P", "C", 0): 92.0, ("P", "B", 0): 460.0,
    ...                                     ("B", "C", 0): 460.0},
    ...                   node_capacity_m3={"B": 230.0})
    >>> mf.base_value_m3_per_day, mf.value(closed_segments=["R0"])
    (322.0, 230.0)
    >>> mf.value(closed_nodes=["B"]), mf.minimum_cut(closed_segments=["R0"]).nodes
    (92.0, ['Border'])
    """

    def __init__(
        self,
        graph: nx.MultiDiGraph,
        *,
        sources: Mapping[Any, float],
        sink: Hashable,
        edge_capacity_m3: Mapping[Any, float],
        node_capacity_m3: Mapping[Any, float],
        closable_nodes: Iterable[Hashable] = (),
        tanker_m3: float | None = None,
        units_per_truck: int = DEFAULT_UNITS_PER_TRUCK,
    ) -> None:
        volume = tanker_volume(graph, tanker_m3)
        if not volume > 0 or not units_per_truck > 0:
            raise ArgumentError(
                f"tanker_m3 = {volume!r}, units_per_truck = {units_per_truck!r}; both must be > 0 "
                f"(e.g. 46 m3 and the default {DEFAULT_UNITS_PER_TRUCK})"
            )
        closable = list(closable_nodes)
        for n in [sink, *sources, *node_capacity_m3, *closable]:
            if n not in graph:
                raise UnknownNodeError(
                    f"max-flow node {n!r} is not in the network; give a node id of this graph "
                    "(graph.nodes), not a place name"
                )
        for e in edge_capacity_m3:
            if not graph.has_edge(*e):
                raise UnknownElementError(
                    f"edge_capacity_m3 names edge {e!r}, which is not in the network; key edges "
                    "by (u, v, key) of this graph"
                )
        self._graph = graph
        self._tanker_m3 = volume
        node_cap = {
            n: check_capacity(c, f"node_capacity_m3[{n!r}]") for n, c in node_capacity_m3.items()
        }
        for n in closable:
            node_cap.setdefault(n, math.inf)
        supply = {}
        for s, c in sources.items():
            supply[s] = check_capacity(c, f"sources[{s!r}]")
            if not math.isfinite(supply[s]):
                raise ArgumentError(f"sources[{s!r}] = {supply[s]!r}; a supply must be finite (m3/day)")
        self._sources = supply
        self._split = set(node_cap)
        #: Nodes the capacities close (0): listed apart in every cut.
        self._closed_nodes = {n for n, c in node_cap.items() if c <= 0.0}

        # Node numbering: an in-copy for every node, an out-copy for split nodes, the source.
        self._in: dict[Hashable, int] = {}
        self._out: dict[Hashable, int] = {}
        for i, n in enumerate(graph.nodes):
            self._in[n] = i
        count = len(self._in)
        for n in graph.nodes:
            if n in self._split:
                self._out[n] = count
                count += 1
            else:
                self._out[n] = self._in[n]
        self._source = count
        self._size = count + 1
        self._target = self._out[sink]
        self._sink = sink

        # Arcs in m³/day: (tail, head, capacity, owner) with owner ("segment", id, edge),
        # ("node", n) or ("supply", n).
        arcs: list[tuple[int, int, float, tuple[Any, ...]]] = []
        for s, c in supply.items():
            arcs.append((self._source, self._in[s], c, ("supply", s)))
        for n, c in node_cap.items():
            arcs.append((self._in[n], self._out[n], c, ("node", n)))
        self._segment_pos: dict[str, list[tuple[int, int]]] = {}
        for u, v, k, sid in graph.edges(keys=True, data="segment_id"):
            self._segment_pos.setdefault(str(sid), [])
            if u != v:  # a self-loop never helps a flow
                c = check_capacity(
                    edge_capacity_m3.get((u, v, k), 0.0), f"edge_capacity_m3[{(u, v, k)!r}]"
                )
                arcs.append((self._out[u], self._in[v], c, ("segment", sid, (u, v, k))))

        total = sum(supply.values())
        units = int(units_per_truck)
        while units > 1 and self._to_units(total, units) + 1 > _INT32_MAX // 2:
            units //= 10
        if units != units_per_truck:
            logger.info("Max-flow capacities scaled to 1/%d truck per day (total supply %.0f m3/day)",
                        units, total)  # fmt: skip
        self.units_per_truck = units
        big = self._to_units(total, units) + 1
        rows = np.array([a[0] for a in arcs], dtype=np.int64)
        cols = np.array([a[1] for a in arcs], dtype=np.int64)
        caps = np.array([big if math.isinf(a[2]) else min(self._to_units(a[2], units), big) for a in arcs],
                        dtype=np.int64)  # fmt: skip
        matrix = csr_array((caps, (rows, cols)), shape=(self._size, self._size))
        matrix.sum_duplicates()
        matrix.sort_indices()
        # Keep explicit zeros (closed arcs): the positions must stay fixed.
        # Worst error of any cut's capacity from rounding to units (m³/day); 0 when every
        # capacity is a whole number of units, as whole and half trucks per day are. Arcs
        # capped at ``big`` (more than all supply) can never be in a minimum cut.
        self.rounding_m3_per_day = float(
            sum(abs(self._to_m3(int(c)) - a[2]) for a, c in zip(arcs, caps, strict=True) if c < big)
        )
        self._matrix = csr_array(
            (
                matrix.data.astype(np.int32),
                matrix.indices.astype(np.int32),
                matrix.indptr.astype(np.int32),
            ),
            shape=matrix.shape,
        )
        indptr, indices = self._matrix.indptr, self._matrix.indices

        def position(r: int, c: int) -> int:
            lo, hi = int(indptr[r]), int(indptr[r + 1])
            return lo + int(np.searchsorted(indices[lo:hi], c))

        self._node_pos: dict[Hashable, list[tuple[int, int]]] = {}
        self._edge_arc: dict[tuple[Any, Any, Any], tuple[int, int]] = {}
        for (r, c, _, owner), cap in zip(arcs, caps.tolist(), strict=True):
            pos = position(r, c)
            if owner[0] == "segment":
                self._segment_pos.setdefault(str(owner[1]), []).append((pos, cap))
                self._edge_arc[owner[2]] = (pos, cap)
            else:
                self._node_pos.setdefault(owner[1], []).append((pos, cap))
        self._data: npt.NDArray[np.int32] = self._matrix.data
        self._names = {d: n for n, d in graph.nodes(data="name") if d}
        self.stats = {"solves": 0, "skipped": 0}
        base = maximum_flow(self._matrix, self._source, self._target)
        self._base_units = int(base.flow_value)
        flow = base.flow
        # Base flow on every arc, aligned with the matrix's data positions (positive flows
        # matched to positions by their (row, column) key; the matrix's keys are sorted).
        self._base_flow = np.zeros(len(self._data), dtype=np.int64)
        coo = flow.tocoo()
        positive = coo.data > 0
        keys = np.repeat(np.arange(self._size, dtype=np.int64), np.diff(indptr)) * self._size + indices
        flow_keys = coo.row[positive].astype(np.int64) * self._size + coo.col[positive]
        at = np.searchsorted(keys, flow_keys)
        found = (at < len(keys)) & (keys[np.minimum(at, len(keys) - 1)] == flow_keys)
        self._base_flow[at[found]] = coo.data[positive][found]
        self.base_value_m3_per_day = self._to_m3(self._base_units)

    def _to_units(self, m3: float, units: int) -> int:
        """m³/day -> integer units of 1/``units`` truck per day."""
        return 0 if m3 <= 0 else round(m3 / self._tanker_m3 * units)

    def _to_m3(self, units: int) -> float:
        return float(units) / self.units_per_truck * self._tanker_m3

    def _changes(
        self, closed_segments: Iterable[str], closed_nodes: Iterable[Hashable]
    ) -> dict[int, int]:
        """Data position -> units to subtract for a closure."""
        minus: dict[int, int] = {}
        unknown = []
        for s in closed_segments:
            if str(s) not in self._segment_pos:
                unknown.append(f"segment {s!r}")
                continue
            for pos, cap in self._segment_pos[str(s)]:
                minus[pos] = minus.get(pos, 0) + cap
        for n in closed_nodes:
            node = self._node(n)
            if node in self._sources or node in self._split:
                # Its supply arc and its in -> out arc: a closed node passes nothing.
                entries = self._node_pos.get(node, [])
            else:
                unknown.append(f"node {n!r} (not closable: pass it in closable_nodes)")
                continue
            for pos, cap in entries:
                minus[pos] = cap  # a node's own arc: close it once
        if unknown:
            raise UnknownElementError(
                f"Cannot close {', '.join(unknown)}: not in this max-flow network; give segment "
                "ids and node ids or names of its graph"
            )
        return minus

    def _solve(self, minus: Mapping[int, int]) -> Any:
        data = self._data
        pos = np.fromiter(minus, dtype=np.int64, count=len(minus))
        old = data[pos].copy()
        data[pos] = np.maximum(
            old - np.fromiter(minus.values(), dtype=np.int64, count=len(minus)), 0
        )
        try:
            return maximum_flow(self._matrix, self._source, self._target)
        finally:
            data[pos] = old

    def value(
        self, *, closed_segments: Iterable[str] = (), closed_nodes: Iterable[Hashable] = ()
    ) -> float:
        """Max flow (m³/day) to the sink with segments (both directions) and nodes closed.

        Parameters
        ----------
        closed_segments : iterable of str
            Segment ids.
        closed_nodes : iterable
            Node ids or names: a closed node passes nothing (a supply point also stops
            loading; it passes fuel from elsewhere only if it was split, i.e. made closable or
            given a capacity).

        Returns
        -------
        float

        Raises
        ------
        UnknownElementError
            For an unknown segment or a node that was not made closable (a ``KeyError``).
        """
        minus = self._changes(_items(closed_segments), _items(closed_nodes))
        if not minus:
            self.stats["skipped"] += 1
            return self.base_value_m3_per_day
        pos = np.fromiter(minus, dtype=np.int64, count=len(minus))
        left = self._data[pos].astype(np.int64) - np.fromiter(
            minus.values(), dtype=np.int64, count=len(minus)
        )
        if np.all(self._base_flow[pos] <= np.maximum(left, 0)):
            self.stats["skipped"] += 1
            return self.base_value_m3_per_day
        self.stats["solves"] += 1
        return self._to_m3(int(self._solve(minus).flow_value))

    def minimum_cut(
        self, *, closed_segments: Iterable[str] = (), closed_nodes: Iterable[Hashable] = ()
    ) -> CutResult:
        """The minimum cut with the given closures (of several, the one nearest the sink).

        Same result as :func:`supplychain.models.paths.minimum_cut` on the same capacities
        with the closed items' capacities at zero.

        Parameters
        ----------
        closed_segments, closed_nodes
            As for :meth:`value`.

        Returns
        -------
        CutResult

        Raises
        ------
        UnknownElementError
            For an unknown segment or a node that was not made closable (a ``KeyError``).
        """
        # Read once: a one-shot iterable is used for the closure and again for the cut's lists.
        closed_segments, closed_nodes = _items(closed_segments), _items(closed_nodes)
        minus = self._changes(closed_segments, closed_nodes)
        result = self._solve(minus)
        capacity = self._matrix.copy()
        for pos, units in minus.items():
            capacity.data[pos] = max(int(capacity.data[pos]) - units, 0)
        residual = (capacity - result.flow).tocsr()
        residual.data[residual.data < 0] = 0
        residual.eliminate_zeros()
        # As networkx's minimum_cut (the oracle): the sink side is every node that can still
        # reach the target in the residual network; the source side is the rest.
        sink_side = set(breadth_first_order(residual.T.tocsr(), self._target, directed=True,
                                            return_predecessors=False).tolist())  # fmt: skip
        reach = set(range(self._size)) - sink_side
        graph, split = self._graph, self._split
        closed_ids = {str(s) for s in closed_segments}
        segments: set[str] = set()
        closed: set[str] = set()
        for (u, v, k), (_, cap) in self._edge_arc.items():
            if self._out[u] in reach and self._in[v] not in reach:
                sid = str(graph.edges[u, v, k]["segment_id"])
                open_cap = cap if sid not in closed_ids else 0
                (segments if open_cap > 0 else closed).add(sid)
        # Closed nodes: this call's and the base's (capacity 0), listed apart as closed roads are.
        shut = self._closed_nodes | {self._node(n) for n in closed_nodes}
        on_line = [n for n in split if self._in[n] in reach and self._out[n] not in reach]
        left = {s: (0.0 if s in shut else c) for s, c in self._sources.items()}
        sources_cut = sorted({_name(graph, s) for s, c in left.items()
                              if c > 0 and self._in[s] not in reach})  # fmt: skip
        # A loading point that may load nothing on the cut line is closed, as in the oracle
        # (supplychain.models.paths.cuts.minimum_cut; fuzz33).
        unloading = {s for s, c in left.items() if not c > 0 and s not in shut and self._in[s] not in reach}
        return CutResult(
            value_m3_per_day=self._to_m3(int(result.flow_value)),
            segments=sorted(segments),
            nodes=sorted({_name(graph, n) for n in on_line if n not in shut}),
            sources_cut=sources_cut,
            closed_segments=sorted(closed - segments),
            closed_nodes=sorted({_name(graph, n) for n in on_line if n in shut} | {_name(graph, n) for n in unloading}),
        )

    def _node(self, n: Hashable) -> Hashable:
        """A node id, or the node a place name stands for."""
        return n if n in self._graph and n not in self._names else self._names.get(n, n)

    def __repr__(self) -> str:
        return (f"ArrayMaxFlow(sink={self._sink!r}, arcs={len(self._data)}, "
                f"base={self.base_value_m3_per_day:.1f} m3/day, 1/{self.units_per_truck} truck)")  # fmt: skip


def _name(graph: nx.MultiDiGraph, node: Hashable) -> str:
    return str(graph.nodes[node].get("name") or node)


def _items(closed: Iterable[Any]) -> tuple[Any, ...]:
    """The closed items as a tuple (one string is one item, not its characters)."""
    return (closed,) if isinstance(closed, str) else tuple(closed)
