"""Per-closure cost of N-1 on one network: PuLP re-solve, the fast path and a pure max flow.

Every method answers "what is the throughput with segment *s* closed?" for segments taken in
one seeded random order, so each method times a prefix of the same sample; a method stops
after ``limit`` closures or when its time budget is spent (the closure in progress finishes),
and reports how many closures it timed out of how many exist.

- **PuLP**: ``build_model(graph, params, Scenario(closed s), mode="throughput")`` then
  ``solve(model, solver="highs", lexicographic=False)``: what a sweep cost before the fast path.
  Build and solve times are also reported apart.
- **fast**: one :class:`~supplychain.models.fast.FastSolver` (built once, timed apart), then
  ``solve(closed_segments=(s,))`` per closure. Its counters split the closures into *skipped*
  (the base plan does not use the segment: answered without solving) and *re-solved* (bounds
  changed, warm dual simplex, bounds restored; the basis of the last re-solve is kept).
  Re-solves are also split by whether the re-solve before them changed the optimum. Three
  diagnostic passes then run over the same closures, each from the base basis and within its
  own budget, using private ``FastSolver`` attributes: the skip rule bypassed (every closure
  re-solved), the base basis put back after every re-solve (as ``restore_basis=True``), and
  put back only after a re-solve that changed the optimum.
- **scipy**: :func:`scipy.sparse.csgraph.maximum_flow` (Dinic) from a super source (arcs of the
  loading limits) to a super sink (arcs from every demand node, uncapped: throughput), with
  integer m³/day capacities and capacitated nodes (border posts) split in two. A closure
  subtracts the segment's arcs from the CSR data in place, solves, and puts them back. It has
  no fleet limit and no losses, so it can differ from the LP where the fleet binds.
"""

from __future__ import annotations

import math
import time
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_array
from scipy.sparse.csgraph import maximum_flow

from supplychain.models.fast import FastSolver
from supplychain.models.lp import build_model, solve
from supplychain.models.params import ModelParameters
from supplychain.models.scenario import Effect, Scenario

__all__ = ["MaxFlowN1", "MethodTiming", "NetworkTiming", "Plan", "segment_order", "time_network"]


@dataclass
class MethodTiming:
    """Timing of one method on one network.

    Parameters
    ----------
    method : str
        ``pulp``, ``fast`` or ``scipy``.
    total : int
        Closures that exist (segments of the network).
    timed : int
        Closures timed.
    time_s : float
        Wall time of the timed closures (setup excluded).
    setup_s : float
        One-off setup (FastSolver build and base solves; CSR build for scipy; 0 for PuLP).
    values : dict
        Segment id -> throughput (m³/day) found.
    extra : dict
        Method-specific numbers (see :func:`time_network`).
    """

    method: str
    total: int
    timed: int = 0
    time_s: float = 0.0
    setup_s: float = 0.0
    values: dict[str, float] = field(default_factory=dict)
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def ms_per_closure(self) -> float:
        """Mean wall time per timed closure (ms); ``nan`` when none was timed."""
        return 1000.0 * self.time_s / self.timed if self.timed else math.nan

    @property
    def complete(self) -> bool:
        """Every closure was timed."""
        return self.timed >= self.total


@dataclass
class NetworkTiming:
    """All methods on one network.

    Parameters
    ----------
    name : str
    nodes, arcs, segments : int
    base_throughput_m3 : float
        FastSolver base optimum (m³/day).
    methods : dict of str to MethodTiming
    max_abs_diff_fast_pulp : float
        Largest |fast - PuLP| throughput over the closures both timed (m³/day).
    max_abs_diff_fast_scipy : float
        Largest |fast - max flow| over the closures both timed (m³/day).
    """

    name: str
    nodes: int
    arcs: int
    segments: int
    base_throughput_m3: float = math.nan
    methods: dict[str, MethodTiming] = field(default_factory=dict)
    max_abs_diff_fast_pulp: float = math.nan
    max_abs_diff_fast_scipy: float = math.nan


def segment_order(graph: nx.MultiDiGraph, seed: int = 0) -> list[str]:
    """Every segment id of the graph in a seeded random order (sorted, then permuted)."""
    segs = sorted({str(d["segment_id"]) for _, _, d in graph.edges(data=True)})
    perm = np.random.default_rng(seed).permutation(len(segs))
    return [segs[i] for i in perm]


def _prefix(segments: list[str], limit: int | None) -> list[str]:
    return segments if limit is None else segments[: max(0, limit)]


def time_pulp(
    graph: nx.MultiDiGraph,
    params: ModelParameters,
    segments: list[str],
    *,
    limit: int | None,
    budget_s: float,
) -> MethodTiming:
    """Build and solve the PuLP model once per closure (see module doc)."""
    out = MethodTiming("pulp", total=len(segments))
    build_s = solve_s = 0.0
    start = time.perf_counter()
    for s in _prefix(segments, limit):
        t0 = time.perf_counter()
        model = build_model(graph, params, Scenario(f"close {s}", segments={s: Effect(closed=True)}),
                            mode="throughput")  # fmt: skip
        t1 = time.perf_counter()
        sol = solve(model, solver="highs", lexicographic=False)
        t2 = time.perf_counter()
        build_s += t1 - t0
        solve_s += t2 - t1
        out.values[s] = sum(sol.delivered_m3.values()) if sol.status == "optimal" else math.nan
        out.timed += 1
        if t2 - start >= budget_s:
            break
    out.time_s = build_s + solve_s
    if out.timed:
        out.extra["build_ms"] = 1000.0 * build_s / out.timed
        out.extra["solve_ms"] = 1000.0 * solve_s / out.timed
    return out


@dataclass
class _Loop:
    """Counters of one pass of fast solves over a list of closures."""

    timed: list[str] = field(default_factory=list)
    skipped: int = 0
    resolved: int = 0
    changed: int = 0
    skip_s: float = 0.0
    resolve_s: float = 0.0
    worst_s: float = 0.0
    after_change_n: int = 0
    after_change_s: float = 0.0
    values: dict[str, float] = field(default_factory=dict)

    def summary(self, prefix: str) -> dict[str, float]:
        n = len(self.timed)
        return {
            f"{prefix}n": n,
            f"{prefix}ms_per_closure": 1000.0 * (self.skip_s + self.resolve_s) / n if n else math.nan,
            f"{prefix}ms_per_resolve": 1000.0 * self.resolve_s / self.resolved if self.resolved else math.nan,
            f"{prefix}worst_resolve_ms": 1000.0 * self.worst_s,
            f"{prefix}resolved": self.resolved,
        }


def _fast_loop(
    fast: FastSolver,
    segments: list[str],
    *,
    budget_s: float,
    restore: str = "never",
) -> _Loop:
    """``fast.solve`` per closure until done or over budget.

    ``restore``: ``never`` (the public default: the next re-solve starts from the last
    closure's basis), ``always`` (put the base basis back after every re-solve, as
    ``FastSolver(restore_basis=True)``) or ``on-change`` (only after a re-solve whose optimum
    differs from the base). The last two use private attributes (diagnostics only).
    """
    loop = _Loop()
    base = fast.base_value_m3_per_day
    highs = getattr(fast, "_highs", None)
    basis = getattr(fast, "_base_basis", None)
    if restore != "never":
        if highs is None or basis is None:
            return loop
        highs.setBasis(basis)
    previous_changed = False  # did the last re-solve (skips leave HiGHS alone) change the optimum?
    start = time.perf_counter()
    for s in segments:
        skipped_before = fast.stats.skipped
        t0 = time.perf_counter()
        value = fast.solve(closed_segments=(s,))
        changed = not abs(value - base) <= 1e-7 * max(1.0, abs(base))
        if fast.stats.skipped == skipped_before and (
            restore == "always" or (restore == "on-change" and changed)
        ):
            highs.setBasis(basis)  # type: ignore[union-attr]
        dt = time.perf_counter() - t0
        if fast.stats.skipped > skipped_before:
            loop.skipped += 1
            loop.skip_s += dt
        else:
            loop.resolved += 1
            loop.resolve_s += dt
            loop.worst_s = max(loop.worst_s, dt)
            loop.changed += int(changed)
            if previous_changed:
                loop.after_change_n += 1
                loop.after_change_s += dt
            previous_changed = changed
        loop.values[s] = value
        loop.timed.append(s)
        if time.perf_counter() - start >= budget_s:
            break
    return loop


def time_fast(
    graph: nx.MultiDiGraph,
    params: ModelParameters,
    segments: list[str],
    *,
    limit: int | None,
    budget_s: float,
    diagnose: bool = True,
    diagnose_budget_s: float | None = None,
) -> tuple[MethodTiming, float]:
    """One FastSolver, one ``solve`` per closure; returns the timing and the base optimum.

    ``extra`` holds ``skipped``, ``resolved``, ``changed`` (re-solves whose optimum differs
    from the base), ``failed``, ``ms_per_resolve`` (mean over the closures actually
    re-solved), ``ms_per_skip``, ``worst_resolve_ms``, and ``ms_per_resolve_after_change``
    (``after_change_n`` re-solves coming right after a re-solve that changed the optimum) and
    ``ms_per_resolve_other`` (the rest). With ``diagnose``, the closures timed
    are run again (each pass within ``diagnose_budget_s``, default ``budget_s``):

    - ``noskip_*``: every closure re-solved, skip rule bypassed (private API), i.e. what a
      closure would cost without the skip rule;
    - ``always_*``: base basis put back after every re-solve (``restore_basis=True``);
    - ``onchange_*``: base basis put back only after a re-solve that changed the optimum.
    """
    out = MethodTiming("fast", total=len(segments))
    t0 = time.perf_counter()
    fast = FastSolver(graph, params, mode="throughput")
    out.setup_s = time.perf_counter() - t0
    main = _fast_loop(fast, _prefix(segments, limit), budget_s=budget_s)
    out.timed = len(main.timed)
    out.time_s = main.skip_s + main.resolve_s
    out.values = main.values
    out.extra.update(
        skipped=main.skipped, resolved=main.resolved, changed=main.changed,
        failed=fast.stats.failed,
        ms_per_resolve=1000.0 * main.resolve_s / main.resolved if main.resolved else math.nan,
        ms_per_skip=1000.0 * main.skip_s / main.skipped if main.skipped else math.nan,
        worst_resolve_ms=1000.0 * main.worst_s,
        after_change_n=main.after_change_n,
        ms_per_resolve_after_change=(1000.0 * main.after_change_s / main.after_change_n
                                     if main.after_change_n else math.nan),
        ms_per_resolve_other=(1000.0 * (main.resolve_s - main.after_change_s)
                              / (main.resolved - main.after_change_n)
                              if main.resolved > main.after_change_n else math.nan),
    )  # fmt: skip
    if diagnose and main.timed:
        budget = budget_s if diagnose_budget_s is None else diagnose_budget_s
        out.extra.update(_noskip_resolves(fast, main.timed, budget))
        for policy, prefix in (("always", "always_"), ("on-change", "onchange_")):
            loop = _fast_loop(fast, main.timed, budget_s=budget, restore=policy)
            if loop.timed:
                out.extra.update(loop.summary(prefix))
    return out, fast.base_value_m3_per_day


def _noskip_resolves(fast: FastSolver, segments: list[str], budget_s: float) -> dict[str, float]:
    """Re-solve every closure with the skip rule bypassed (private API; empty if it changed).

    Starts from the base basis; between closures the basis is kept (the public default).
    """
    requested = getattr(fast, "_requested", None)
    resolve = getattr(fast, "_resolve", None)
    highs = getattr(fast, "_highs", None)
    basis = getattr(fast, "_base_basis", None)
    if requested is None or resolve is None or highs is None or basis is None:
        return {}
    highs.setBasis(basis)
    n = 0
    total = worst = 0.0
    start = time.perf_counter()
    for s in segments:
        t0 = time.perf_counter()
        resolve(requested((s,), (), None))
        dt = time.perf_counter() - t0
        total += dt
        worst = max(worst, dt)
        n += 1
        if time.perf_counter() - start >= budget_s:
            break
    return {"noskip_n": n, "noskip_ms_per_closure": 1000.0 * total / n,
            "noskip_worst_ms": 1000.0 * worst}  # fmt: skip


class MaxFlowN1:
    """Super-source/super-sink max flow with closures as in-place CSR capacity changes.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    tanker_m3 : float, optional
        Default ``graph.graph["tanker_volume_m3"]``.
    """

    def __init__(self, graph: nx.MultiDiGraph, tanker_m3: float | None = None) -> None:
        volume = float(tanker_m3 or graph.graph.get("tanker_volume_m3", 46.0))
        nodes = list(graph.nodes)
        split = {
            n for n, d in graph.nodes(data=True)
            if d.get("role") == "border" and d.get("capacity_trucks_per_day") is not None
        }  # fmt: skip
        # Number nodes: in-copy for every node, out-copy only for split nodes.
        index_in: dict[Hashable, int] = {}
        index_out: dict[Hashable, int] = {}
        counter = 0
        for n in nodes:
            index_in[n] = counter
            counter += 1
        for n in nodes:
            index_out[n] = counter if n in split else index_in[n]
            counter += 1 if n in split else 0
        source, sink = counter, counter + 1
        size = counter + 2
        rows: list[int] = []
        cols: list[int] = []
        caps: list[int] = []
        edge_entry: list[tuple[int, int, int, str]] = []
        total_supply = 0
        for u, v, d in graph.edges(data=True):
            if u == v:
                continue
            cap = round(float(d["capacity_trucks_per_day"]) * volume)
            rows.append(index_out[u])
            cols.append(index_in[v])
            caps.append(cap)
            edge_entry.append((index_out[u], index_in[v], cap, str(d["segment_id"])))
        for n, d in graph.nodes(data=True):
            if n in split:
                rows.append(index_in[n])
                cols.append(index_out[n])
                caps.append(round(float(d["capacity_trucks_per_day"]) * volume))
            supply = float(d.get("supply_m3_per_day") or 0.0)
            if supply > 0:
                if d.get("capacity_trucks_per_day") is not None:
                    supply = min(supply, float(d["capacity_trucks_per_day"]) * volume)
                rows.append(source)
                cols.append(index_in[n])
                caps.append(round(supply))
                total_supply += round(supply)
        for n, d in graph.nodes(data=True):
            if float(d.get("demand_m3_per_day") or 0.0) > 0:
                rows.append(index_out[n])
                cols.append(sink)
                caps.append(-1)  # uncapped: replaced by the total supply below
        data = np.array([c if c >= 0 else total_supply for c in caps], dtype=np.int64)
        if data.max(initial=0) >= 2**31:
            raise ValueError("capacities exceed int32; scale them down")
        matrix = csr_array((data.astype(np.int32), (np.array(rows), np.array(cols))),
                           shape=(size, size))  # fmt: skip
        matrix.sum_duplicates()
        matrix.sort_indices()
        self.matrix = matrix
        self.source = source
        self.sink = sink
        # Position of each segment's arcs in the CSR data (parallel arcs share an entry).
        self._positions: dict[str, list[tuple[int, int]]] = {}
        indptr, indices = matrix.indptr, matrix.indices
        for r, c, cap, seg in edge_entry:
            lo, hi = int(indptr[r]), int(indptr[r + 1])
            pos = lo + int(np.searchsorted(indices[lo:hi], c))
            self._positions.setdefault(seg, []).append((pos, cap))

    def value(self, closed_segment: str | None = None) -> float:
        """Max flow (m³/day) with one segment closed (``None``: the base network)."""
        data: npt.NDArray[Any] = self.matrix.data
        changes = self._positions.get(closed_segment, []) if closed_segment else []
        for pos, cap in changes:
            data[pos] -= cap
        try:
            return float(maximum_flow(self.matrix, self.source, self.sink).flow_value)
        finally:
            for pos, cap in changes:
                data[pos] += cap


def time_scipy(graph: nx.MultiDiGraph, segments: list[str], *, limit: int | None,
               budget_s: float) -> MethodTiming:  # fmt: skip
    """Max flow per closure (see module doc)."""
    out = MethodTiming("scipy", total=len(segments))
    t0 = time.perf_counter()
    mf = MaxFlowN1(graph)
    mf.value()
    out.setup_s = time.perf_counter() - t0
    start = time.perf_counter()
    for s in _prefix(segments, limit):
        out.values[s] = mf.value(s)
        out.timed += 1
        if time.perf_counter() - start >= budget_s:
            break
    out.time_s = time.perf_counter() - start
    return out


def _max_diff(a: dict[str, float], b: dict[str, float]) -> float:
    common = [k for k in a if k in b]
    if not common:
        return math.nan
    return max(abs(a[k] - b[k]) for k in common)


@dataclass(frozen=True)
class Plan:
    """How many closures each method may time on one network, and its time budget.

    Parameters
    ----------
    pulp_limit, fast_limit, scipy_limit : int or None
        Most closures each method times (``None``: all).
    pulp_budget_s, fast_budget_s, scipy_budget_s : float
        Time budget of each method (the closure in progress finishes).
    diagnose_budget_s : float
        Budget of each fast-path diagnostic pass (0: no diagnostics).
    """

    pulp_limit: int | None = None
    fast_limit: int | None = None
    scipy_limit: int | None = None
    pulp_budget_s: float = 60.0
    fast_budget_s: float = 60.0
    scipy_budget_s: float = 60.0
    diagnose_budget_s: float = 15.0


def time_network(
    name: str, graph: nx.MultiDiGraph, params: ModelParameters, plan: Plan, *, seed: int = 0
) -> NetworkTiming:
    """Time PuLP, the fast path and scipy max flow over the N-1 closures of one network.

    Parameters
    ----------
    name : str
        Label in the report.
    graph : networkx.MultiDiGraph
    params : ModelParameters
    plan : Plan
        Limits and budgets.
    seed : int
        Seed of the closure order.

    Returns
    -------
    NetworkTiming
    """
    segments = segment_order(graph, seed)
    result = NetworkTiming(name, graph.number_of_nodes(), graph.number_of_edges(), len(segments))
    fast, base = time_fast(graph, params, segments, limit=plan.fast_limit,
                           budget_s=plan.fast_budget_s, diagnose=plan.diagnose_budget_s > 0,
                           diagnose_budget_s=plan.diagnose_budget_s)  # fmt: skip
    result.base_throughput_m3 = base
    result.methods["fast"] = fast
    result.methods["scipy"] = time_scipy(graph, segments, limit=plan.scipy_limit,
                                         budget_s=plan.scipy_budget_s)  # fmt: skip
    result.methods["pulp"] = time_pulp(graph, params, segments, limit=plan.pulp_limit,
                                       budget_s=plan.pulp_budget_s)  # fmt: skip
    result.max_abs_diff_fast_pulp = _max_diff(fast.values, result.methods["pulp"].values)
    result.max_abs_diff_fast_scipy = _max_diff(fast.values, result.methods["scipy"].values)
    return result
