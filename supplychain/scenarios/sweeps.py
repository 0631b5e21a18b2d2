"""Stress-test sweeps: N-1, N-k, exact worst case and Monte Carlo, resumable and parallel.

Every sweep turns closures into LP solves on the fast path (:class:`FastSolver`: HiGHS built
once, bounds changed, re-solved warm, restored), runs them in chunks on an executor (this
process, a process pool or Dask) and writes each finished chunk at once
(:class:`~supplychain.scenarios.store.ChunkStore`), so a killed sweep resumes where it stopped.

Measures, for each closure set, against the scenario it is applied on:

- ``throughput``: the most fuel the network carries from all loading points to the demand
  cities, demand caps dropped (m³/day);
- ``served``: the most demand it can serve, every m³ worth 1 (m³/day);
- ``hub_max_flow`` (N-1, N-k): the maximum flow that can reach Bamako (a pure max flow, from
  :class:`~supplychain.models.maxflow.ArrayMaxFlow`: scipy, built once per sweep and worker,
  capacities changed in place per closure, closures that cannot change it skipped), and
  ``hub_flow``, the same capped by ``throughput`` so that the fleet limit and losses apply to
  it as they do to throughput (fuel reaching Bamako is part of the throughput); a closure
  is a *single point of failure for Bamako* when, alone, it leaves less fuel able to reach
  Bamako than Bamako's demand (or than before, when the situation was already short).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from supplychain.errors import ParameterError
from supplychain.models.fast import FastSolver
from supplychain.models.lp import build_model
from supplychain.models.maxflow import ArrayMaxFlow
from supplychain.models.params import ModelParameters
from supplychain.models.results import _fingerprint
from supplychain.models.scenario import Scenario
from supplychain.networks.places import HUB
from supplychain.scenarios.chains import chain_ranking, segment_chains
from supplychain.scenarios.executors import run_chunks
from supplychain.scenarios.store import ChunkStore

__all__ = [
    "SweepContext",
    "SweepResult",
    "distribution_stats",
    "monte_carlo",
    "n_minus_1",
    "n_minus_k",
    "quantile_ci",
    "worst_case_sweep",
]

logger = logging.getLogger(__name__)

#: A closure: (label, closed segment ids, closed node names).
Closure = tuple[str, tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True)
class SweepContext:
    """What every worker needs, sent once per worker.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    params : ModelParameters
    scenario : Scenario
        The situation the closures are applied on (baseline or a threat scenario).
    attack_probability : dict of str to float
        Per-segment probability of being closed in one Monte Carlo draw (marginal).
    attack_groups : tuple of (float, tuple of str, tuple of str)
        Independent attacks ``(probability, segment ids, border posts)`` each closing all its
        items together (a threat file's rules; incidents give one group per segment). Empty:
        every segment of ``attack_probability`` is attacked independently.
    seed : int
        Monte Carlo seed.
    key : str
        Fingerprint of the network, parameters and scenario (also the worker cache key).

    Examples
    --------
    >>> SweepContext.__name__
    'SweepContext'
    """

    graph: nx.MultiDiGraph
    params: ModelParameters
    scenario: Scenario
    attack_probability: dict[str, float] = field(default_factory=dict)
    attack_groups: tuple[tuple[float, tuple[str, ...], tuple[str, ...]], ...] = ()
    seed: int = 0
    key: str = ""

    @classmethod
    def create(
        cls,
        graph: nx.MultiDiGraph,
        params: ModelParameters,
        scenario: Scenario | None = None,
        *,
        attack_probability: dict[str, float] | None = None,
        attack_groups: Sequence[tuple[float, Sequence[str], Sequence[str]]] = (),
        seed: int = 0,
    ) -> SweepContext:
        """Build a context and its fingerprint."""
        scenario = scenario or Scenario.baseline()
        scenario.check_against(graph)
        probs = dict(sorted((attack_probability or {}).items()))
        groups = tuple((float(p), tuple(sorted(segs)), tuple(sorted(nodes)))
                       for p, segs, nodes in attack_groups)  # fmt: skip
        h = hashlib.sha256(_fingerprint(graph, params, "highs").encode())
        h.update(repr((sorted(scenario.segments.items()), sorted(scenario.nodes.items()))).encode())
        h.update(json.dumps(probs).encode())
        h.update(repr(groups).encode())
        h.update(str(seed).encode())
        return cls(graph, params, scenario, probs, groups, seed, h.hexdigest()[:16])

    def groups(self) -> tuple[tuple[float, tuple[str, ...], tuple[str, ...]], ...]:
        """The independent attacks a Monte Carlo draw samples."""
        if self.attack_groups:
            return self.attack_groups
        return tuple((p, (s,), ()) for s, p in self.attack_probability.items())


@dataclass
class SweepResult:
    """A finished sweep: one row per closure (or draw) and a JSON-ready summary.

    Parameters
    ----------
    kind : str
        ``n-1``, ``n-k``, ``worst-case`` or ``monte-carlo``.
    table : pandas.DataFrame
    summary : dict
    path : Path or None
        Where the table was written.

    Examples
    --------
    >>> SweepResult("n-1", pd.DataFrame(), {}).kind
    'n-1'
    """

    kind: str
    table: pd.DataFrame
    summary: dict[str, Any]
    path: Path | None = None


# --- worker side -----------------------------------------------------------------------------

_WORKER_CACHE: dict[tuple[str, bool], tuple[FastSolver, FastSolver]] = {}


def _solvers(ctx: SweepContext, *, fresh: bool = False) -> tuple[FastSolver, FastSolver]:
    """The worker's two fast solvers; ``fresh``: every re-solve starts from the base basis.

    Monte Carlo uses ``fresh`` solvers: a warm start from the previous draw's basis can end
    on the same optimum with other last bits (measured: up to 2e-12 m3/day), so results would
    depend on which draws a worker solved before; from the base basis each draw's figures are
    bit-identical whatever the executor, the worker count or a resume.
    """
    if (ctx.key, fresh) not in _WORKER_CACHE:
        if not any(key == ctx.key for key, _ in _WORKER_CACHE):
            _WORKER_CACHE.clear()
        _WORKER_CACHE[(ctx.key, fresh)] = (
            FastSolver(ctx.graph, ctx.params, ctx.scenario, mode="throughput", restore_basis=fresh),
            FastSolver(ctx.graph, ctx.params, ctx.scenario, mode="served_unweighted",
                       restore_basis=fresh),
        )  # fmt: skip
    return _WORKER_CACHE[(ctx.key, fresh)]


_HUB_CACHE: dict[str, tuple[Hashable | None, dict[Any, float], dict[Any, float], dict[Any, float]]] = {}


def _hub_flow_data(
    ctx: SweepContext,
) -> tuple[Hashable | None, dict[Any, float], dict[Any, float], dict[Any, float]]:
    """Hub node and the scenario's capacities (m3/day) for max flows to Bamako.

    Read off the LP itself (:func:`build_model`), so max flows and LP solves see the same
    edge capacities, border-post capacities and loading limits.
    """
    if ctx.key not in _HUB_CACHE:
        _HUB_CACHE.clear()
        model = build_model(ctx.graph, ctx.params, ctx.scenario, mode="throughput")
        hub = next((n for n, d in ctx.graph.nodes(data=True) if d.get("name") == HUB), None)
        node_cap = {n: c for n, c in model.node_capacity_m3.items() if n not in model.load}
        _HUB_CACHE[ctx.key] = (hub, dict(model.edge_capacity_m3), node_cap,
                               dict(model.supply_limit_m3))  # fmt: skip
    return _HUB_CACHE[ctx.key]


_MAXFLOW_CACHE: dict[str, ArrayMaxFlow | None] = {}

#: What ``hub_flow_m3_per_day`` is, written into every N-1 / N-k summary and text output.
HUB_FLOW_DEFINITION = (
    "hub flow = max flow to Bamako capped by the throughput, so the fleet limit and losses "
    "apply as they do to throughput; hub_max_flow_m3_per_day is the pure max flow (road, "
    "border-post and loading capacities only)"
)


def _fleet_consistent_hub_flow(max_flow_m3: float, throughput_m3: float) -> float:
    """Fuel able to reach Bamako, consistent with the throughput's limits (m³/day).

    The pure max flow ignores the tanker fleet and losses, which bind the throughput; fuel
    reaching Bamako is part of the throughput, so it can be no more than either.
    """
    if math.isnan(max_flow_m3) or math.isnan(throughput_m3):
        return max_flow_m3
    return min(max_flow_m3, throughput_m3)


def _hub_maxflow(ctx: SweepContext) -> ArrayMaxFlow | None:
    """The max flow to Bamako as arrays, built once per sweep and worker (None: no Bamako).

    Capacities are the LP's (:func:`_hub_flow_data`); closures change them in place.
    """
    if ctx.key not in _MAXFLOW_CACHE:
        _MAXFLOW_CACHE.clear()
        hub, edge_cap, node_cap, sources = _hub_flow_data(ctx)
        named = [n for n, d in ctx.graph.nodes(data=True) if d.get("name")]
        _MAXFLOW_CACHE[ctx.key] = None if hub is None else ArrayMaxFlow(
            ctx.graph, sources=sources, sink=hub, edge_capacity_m3=edge_cap,
            node_capacity_m3=node_cap, closable_nodes=named)  # fmt: skip
    return _MAXFLOW_CACHE[ctx.key]


def _evaluate_closures(task: list[Closure], ctx: SweepContext) -> pd.DataFrame:
    through, served = _solvers(ctx)
    maxflow = _hub_maxflow(ctx)
    rows = []
    for label, segs, nodes in task:
        t = through.solve(closed_segments=segs, closed_nodes=nodes)
        s = served.solve(closed_segments=segs, closed_nodes=nodes)
        hub_max_flow = float("nan")
        if maxflow is not None:
            hub_max_flow = maxflow.value(closed_segments=segs, closed_nodes=nodes)
        rows.append({"id": label, "segments": ";".join(segs), "nodes": ";".join(nodes),
                     "throughput_m3_per_day": t, "served_m3_per_day": s,
                     "hub_flow_m3_per_day": _fleet_consistent_hub_flow(hub_max_flow, t),
                     "hub_max_flow_m3_per_day": hub_max_flow})  # fmt: skip
    return pd.DataFrame(rows)


def _draw_chunk(task: tuple[int, int, int], ctx: SweepContext) -> pd.DataFrame:
    """Monte Carlo draws ``start .. start+count`` of chunk ``index`` (own seeded generator)."""
    index, start, count = task
    through, served = _solvers(ctx, fresh=True)
    groups = ctx.groups()
    probs = np.array([g[0] for g in groups], dtype=float)
    rng = np.random.default_rng([ctx.seed, index])
    hits = rng.random((count, len(groups))) < probs
    rows = []
    for i in range(count):
        happened = [g for g, hit in zip(groups, hits[i], strict=True) if hit]
        segs = tuple(sorted({s for g in happened for s in g[1]}))
        nodes = tuple(sorted({n for g in happened for n in g[2]}))
        rows.append({"draw": start + i, "closed": ";".join(segs), "closed_nodes": ";".join(nodes),
                     "n_closed": len(segs) + len(nodes), "attacks": len(happened),
                     "throughput_m3_per_day": through.solve(closed_segments=segs, closed_nodes=nodes),
                     "served_m3_per_day": served.solve(closed_segments=segs, closed_nodes=nodes)})  # fmt: skip
    return pd.DataFrame(rows)


# --- driver side -----------------------------------------------------------------------------


def _chunks(items: Sequence[Any], size: int) -> list[tuple[int, list[Any]]]:
    return [(i, list(items[j:j + size])) for i, j in enumerate(range(0, len(items), size))]


def _run(
    ctx: SweepContext,
    kind: str,
    func: Any,
    tasks: list[tuple[int, Any]],
    *,
    out: str | Path | None,
    settings: dict[str, Any],
    workers: int,
    scheduler: str | None,
    progress: bool,
) -> tuple[pd.DataFrame, ChunkStore | None]:
    store = None
    done: set[int] = set()
    results: dict[int, pd.DataFrame] = {}
    if out is not None:
        fingerprint = hashlib.sha256(f"{ctx.key}|{kind}|{json.dumps(settings, sort_keys=True)}".encode()).hexdigest()
        store = ChunkStore(out, fingerprint, {"kind": kind, "scenario": ctx.scenario.name, **settings})
        done = store.done()
        if done:
            logger.info("Resuming %s: %d of %d chunks already done", kind, len(done), len(tasks))

    def keep(index: int, frame: pd.DataFrame) -> None:
        frame = frame.assign(chunk=index)
        if store is not None:
            store.write(index, frame)
        results[index] = frame

    todo = [(i, t) for i, t in tasks if i not in done]
    try:
        run_chunks(func, todo, keep, context=ctx, workers=workers, scheduler=scheduler,
                   progress=progress, description=kind)  # fmt: skip
    except BaseException:
        if store is not None:
            store.release()  # finished chunks stay for a resume; another run may take over
        raise
    frames = [store.read_all()] if store is not None else [results[i] for i in sorted(results)]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if len(table):
        table = table.sort_values("chunk", kind="stable").reset_index(drop=True)
    return table, store


def _done(kind: str, table: pd.DataFrame, summary: dict[str, Any], store: ChunkStore | None,
          csv: bool) -> SweepResult:  # fmt: skip
    path = store.finish(table, csv=csv, summary=summary) if store is not None else None
    return SweepResult(kind, table, summary, path)


def _base(ctx: SweepContext) -> tuple[float, float, float]:
    through, served = _solvers(ctx)
    frame = _evaluate_closures([("none", (), ())], ctx)
    return through.base_value_m3_per_day, served.base_value_m3_per_day, float(frame["hub_flow_m3_per_day"].iloc[0])


#: Label of the closure of nothing, evaluated with the others so the driver needs no solvers.
_BASE_ROW = ""


def _with_base_row(items: list[Closure]) -> list[Closure]:
    return [(_BASE_ROW, (), ()), *items]


def _split_base_row(table: pd.DataFrame, ctx: SweepContext) -> tuple[pd.DataFrame, tuple[float, float, float]]:
    """The sweep's own row with nothing closed (its base values) and the other rows."""
    is_base = (table["id"] == _BASE_ROW) if "id" in table else pd.Series(False, index=table.index)
    if not is_base.any():
        return table, _base(ctx)
    row = table[is_base].iloc[0]
    base = (float(row["throughput_m3_per_day"]), float(row["served_m3_per_day"]), float(row["hub_flow_m3_per_day"]))
    return table[~is_base].reset_index(drop=True), base


def _auto_chunk_size(n_items: int, workers: int) -> int:
    """Closures per chunk: at least 16, and at most about 16 chunks per worker.

    Each chunk is one Parquet file in ``<out>.parts/`` (about 20 ms to write and read back on
    the benchmark machine), so a 2,344-segment network in chunks of 16 spends more time on its
    147 files than on its max flows.
    """
    return max(16, math.ceil(n_items / (16 * max(1, workers))))


def _finish_closure_table(table: pd.DataFrame, ctx: SweepContext) -> pd.DataFrame:
    table, (base_t, base_s, base_h) = _split_base_row(table, ctx)
    volume = float(ctx.graph.graph.get("tanker_volume_m3", 46.0))
    t = table.copy()
    t["throughput_lost_m3_per_day"] = (base_t - t["throughput_m3_per_day"]).clip(lower=0).where(lambda x: x > 1e-6, 0.0)
    t["throughput_lost_tankers_per_day"] = t["throughput_lost_m3_per_day"] / volume
    t["throughput_lost_pct"] = 100 * t["throughput_lost_m3_per_day"] / base_t if base_t > 0 else 0.0
    t["served_lost_m3_per_day"] = (base_s - t["served_m3_per_day"]).clip(lower=0).where(lambda x: x > 1e-6, 0.0)
    t["served_lost_tankers_per_day"] = t["served_lost_m3_per_day"] / volume
    t["served_lost_pct"] = 100 * t["served_lost_m3_per_day"] / base_s if base_s > 0 else 0.0
    t["hub_flow_lost_m3_per_day"] = (base_h - t["hub_flow_m3_per_day"]).clip(lower=0).where(lambda x: x > 1e-6, 0.0)
    # A single point of failure for Bamako: the closure leaves less fuel able to reach Bamako
    # than its demand (or than before, if the situation was already short).
    hub_demand = next((float(d.get("demand_m3_per_day") or 0.0) for _, d in ctx.graph.nodes(data=True)
                       if d.get("name") == HUB), 0.0)  # fmt: skip
    threshold = min(base_h, hub_demand) if hub_demand > 0 else base_h
    t["single_point_of_failure"] = t["hub_flow_m3_per_day"] < threshold - 1e-6
    t["status"] = np.where(t["throughput_m3_per_day"].isna() | t["served_m3_per_day"].isna(), "failed", "optimal")
    # Rank on values rounded to 1e-6 m3/day: warm re-solves in another order (other chunking or
    # executor) may differ in the last bits, which must not reorder ties.
    keys = t[["throughput_lost_m3_per_day", "served_lost_m3_per_day", "hub_flow_lost_m3_per_day"]].round(6)
    order = pd.concat([keys, t["id"]], axis=1).sort_values(
        ["throughput_lost_m3_per_day", "served_lost_m3_per_day", "hub_flow_lost_m3_per_day", "id"],
        ascending=[False, False, False, True], kind="stable").index
    t = t.loc[order].reset_index(drop=True)
    t.insert(0, "rank", range(1, len(t) + 1))
    return t.drop(columns=["chunk"], errors="ignore")


def _with_hub_cuts(table: pd.DataFrame, ctx: SweepContext) -> pd.DataFrame:
    """``hub_cut_after``: for the rows flagged single points of failure only, what then limits
    the max flow to Bamako (segments, border posts and loading points of the minimum cut).

    Cuts cost a max flow with its residual network each, so only the rows that show one get
    it; the others are empty.
    """
    cuts = [""] * len(table)
    flagged = [i for i, f in enumerate(table["single_point_of_failure"]) if bool(f)]
    maxflow = _hub_maxflow(ctx) if flagged else None
    if maxflow is not None:
        for i in flagged:
            segs = [x for x in str(table["segments"].iloc[i]).split(";") if x]
            nodes = [x for x in str(table["nodes"].iloc[i]).split(";") if x]
            cut = maxflow.minimum_cut(closed_segments=segs, closed_nodes=nodes)
            cuts[i] = ";".join([*cut.segments, *cut.nodes, *cut.sources_cut])
    return table.assign(hub_cut_after=cuts)


def _with_chains(table: pd.DataFrame, ctx: SweepContext) -> pd.DataFrame:
    """Chain columns on every row: a segment's chain (itself when alone); a border post is its
    own element (no segments, no km).

    Closing any member of a chain closes the chain (see :mod:`supplychain.scenarios.chains`),
    so the chain's effect is its members' (equal) rows.
    """
    chains = segment_chains(ctx.graph)
    ids, members, km, count = [], [], [], []
    for rid, segs in zip(table["id"], table["segments"], strict=True):
        parts = [p for p in str(segs).split(";") if p]
        chain = chains.get(parts[0]) if len(parts) == 1 else None
        if chain is None:
            ids.append(str(rid))
            members.append(";".join(parts))
            km.append(0.0)
            count.append(len(parts))
        else:
            ids.append(chain.chain_id)
            members.append(";".join(chain.members))
            km.append(chain.length_km)
            count.append(len(chain))
    return table.assign(chain_id=ids, chain_segments=members, chain_length_km=km, chain_members=count)


def _describe(ctx: SweepContext, label: str) -> dict[str, Any]:
    return {"scenario": ctx.scenario.name, "network": ctx.graph.graph.get("source", ""), "sweep": label}


def _elements(ctx: SweepContext, include_nodes: bool) -> list[Closure]:
    segs = sorted({d["segment_id"] for _, _, d in ctx.graph.edges(data=True)})
    items: list[Closure] = [(s, (s,), ()) for s in segs]
    if include_nodes:
        posts = sorted(d["name"] for _, d in ctx.graph.nodes(data=True) if d.get("role") == "border")
        items += [(p, (), (p,)) for p in posts]
    return items


def n_minus_1(
    ctx: SweepContext,
    *,
    include_nodes: bool = True,
    out: str | Path | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    chunk_size: int | None = None,
    progress: bool = True,
    csv: bool = False,
) -> SweepResult:
    """Close every segment, and every border post, in turn; rank by capacity lost.

    Parameters
    ----------
    ctx : SweepContext
    include_nodes : bool, default True
        Also close each border post.
    out : str or Path, optional
        Parquet output; chunks are written as they finish and a re-run resumes.
    workers : int, default 1
    scheduler : str, optional
        Dask scheduler address.
    chunk_size : int, optional
        Closures per task; default at least 16 and about 16 chunks per worker.
    progress : bool, default True
    csv : bool, default False
        With ``out``: also write ``<out>.csv``. A JSON summary is written next to ``out``.

    Returns
    -------
    SweepResult
        One row per closure: rank, id, throughput and served (m³/day, lost in m³/day,
        tankers/day and % of the base), Bamako max flow lost, ``single_point_of_failure``,
        ``hub_cut_after`` (single points of failure only: the minimum cut that then limits
        Bamako), and the segment's chain (``chain_id``, ``chain_segments``, ``chain_length_km``,
        ``chain_members``: serial segments with no junction between them, which fail
        together). The summary's ``top_chains`` ranks chains (:func:`chain_ranking`).

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> from supplychain.models import load_model_parameters
    >>> ctx = SweepContext.create(build_network(), load_model_parameters())
    >>> r = n_minus_1(ctx, progress=False)
    >>> bool((r.table["throughput_lost_m3_per_day"] >= 0).all())
    True
    """
    items = _with_base_row(_elements(ctx, include_nodes))
    chunk_size = chunk_size or _auto_chunk_size(len(items), workers)
    settings = {"include_nodes": include_nodes, "chunk_size": chunk_size, "base_row": True}
    table, store = _run(ctx, "n-1", _evaluate_closures, _chunks(items, chunk_size), out=out,
                 settings=settings, workers=workers, scheduler=scheduler, progress=progress)  # fmt: skip
    table = _finish_closure_table(table, ctx)
    table.insert(1, "kind", np.where(table["nodes"] != "", "border", "segment"))
    table = _with_chains(table, ctx)
    table = _with_hub_cuts(table, ctx)
    chains = chain_ranking(table)
    summary = {
        **_describe(ctx, "n-1"),
        "closures": len(table),
        "single_points_of_failure": table.loc[table["single_point_of_failure"], "id"].tolist(),
        "hub_flow": HUB_FLOW_DEFINITION,
        "top": table.head(10)[["rank", "id", "throughput_lost_m3_per_day", "served_lost_m3_per_day"]].to_dict("records"),
        "chains": len(chains),
        "top_chains": [
            {"rank": int(r["rank"]), "chain_id": r["chain_id"], "kind": r["kind"],
             "first": str(r["chain_segments"]).split(";")[0] if r["chain_segments"] else r["id"],
             "last": str(r["chain_segments"]).split(";")[-1] if r["chain_segments"] else r["id"],
             "length_km": float(r["chain_length_km"]), "members": str(r["chain_segments"]).split(";"),
             "throughput_lost_m3_per_day": float(r["throughput_lost_m3_per_day"]),
             "served_lost_m3_per_day": float(r["served_lost_m3_per_day"]),
             "single_point_of_failure": bool(r["single_point_of_failure"])}
            for r in chains.head(10).to_dict("records")
        ],
    }  # fmt: skip
    logger.info("N-1: %d closures in %d chains, %d single points of failure for %s", len(table),
                len(chains), len(summary["single_points_of_failure"]), HUB)  # fmt: skip
    return _done("n-1", table, summary, store, csv)


def n_minus_k(
    ctx: SweepContext,
    *,
    k: int = 2,
    top: int = 10,
    include_nodes: bool = True,
    out: str | Path | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    chunk_size: int | None = None,
    progress: bool = True,
    csv: bool = False,
) -> SweepResult:
    """Close every combination of ``k`` among the ``top`` elements of the N-1 chain ranking.

    Elements are chains of serial segments (closing one piece closes the chain) and border
    posts, so no combination closes two pieces of the same road.

    Parameters
    ----------
    ctx : SweepContext
    k : int, default 2
    top : int, default 10
        How many of the N-1 ranking's first elements are combined.
    include_nodes, out, workers, scheduler, chunk_size, progress, csv
        As for :func:`n_minus_1`.

    Returns
    -------
    SweepResult

    Raises
    ------
    ParameterError
        If ``k`` < 1 or ``top`` < ``k``.

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> from supplychain.models import load_model_parameters
    >>> ctx = SweepContext.create(build_network(), load_model_parameters())
    >>> len(n_minus_k(ctx, k=2, top=4, progress=False).table)
    6
    """
    if k < 1 or top < k:
        raise ParameterError(f"N-k needs 1 <= k <= top; got k={k}, top={top}.")
    ranking = n_minus_1(ctx, include_nodes=include_nodes, workers=workers, scheduler=scheduler,
                        chunk_size=chunk_size, progress=progress).table  # fmt: skip
    chained = chain_ranking(ranking)
    chosen = chained.head(top)  # one closure per chain: a chain fails as one
    elements: list[Closure] = [
        (str(i), tuple(filter(None, str(segs).split(";"))), tuple(filter(None, str(nodes).split(";"))))
        for i, segs, nodes in zip(chosen["id"], chosen["segments"], chosen["nodes"], strict=True)
    ]
    combos: list[Closure] = []
    for combo in itertools.combinations(elements, k):
        combos.append((
            " + ".join(c[0] for c in combo),
            tuple(s for c in combo for s in c[1]),
            tuple(n for c in combo for n in c[2]),
        ))
    combos = _with_base_row(combos)
    chunk_size = chunk_size or _auto_chunk_size(len(combos), workers)
    settings = {"k": k, "top": top, "include_nodes": include_nodes, "chunk_size": chunk_size,
                "base_row": True}  # fmt: skip
    table, store = _run(ctx, "n-k", _evaluate_closures, _chunks(combos, chunk_size), out=out,
                 settings=settings, workers=workers, scheduler=scheduler, progress=progress)  # fmt: skip
    table = _finish_closure_table(table, ctx)
    singles = dict(zip(chained["id"], chained["throughput_lost_m3_per_day"], strict=True))
    table["sum_of_single_losses_m3_per_day"] = [
        sum(singles.get(part, 0.0) for part in label.split(" + ")) for label in table["id"]
    ]
    summary = {**_describe(ctx, f"n-{k}"), "k": k, "top": top, "combinations": len(table),
               "hub_flow": HUB_FLOW_DEFINITION,
               "worst": table.head(5)[["id", "throughput_lost_m3_per_day", "served_lost_m3_per_day"]].to_dict("records")}  # fmt: skip
    return _done("n-k", table, summary, store, csv)


def quantile_ci(values: np.ndarray, q: float, *, z: float = 1.959964) -> tuple[float, float, float]:
    """A quantile and its distribution-free confidence interval (order statistics).

    The ranks ``n q ± z sqrt(n q (1 - q))`` bound the quantile with about 95 % confidence
    (normal approximation of the binomial), without assuming a distribution.

    Parameters
    ----------
    values : numpy.ndarray
    q : float
        Quantile in (0, 1).
    z : float
        Normal quantile of the confidence level.

    Returns
    -------
    tuple of float
        (estimate, lower, upper).

    Examples
    --------
    >>> est, lo, hi = quantile_ci(np.arange(1000.0), 0.5)
    >>> lo < est < hi
    True
    """
    x = np.sort(np.asarray(values, dtype=float))
    n = len(x)
    if n == 0:
        return (math.nan, math.nan, math.nan)
    half = z * math.sqrt(n * q * (1 - q))
    lo = int(max(0, math.floor(n * q - half)))
    hi = int(min(n - 1, math.ceil(n * q + half)))
    return (float(np.quantile(x, q)), float(x[lo]), float(x[hi]))


def distribution_stats(values: np.ndarray) -> dict[str, Any]:
    """Mean with its 95 % interval, and P5, P50, P95 with distribution-free 95 % intervals.

    Parameters
    ----------
    values : numpy.ndarray

    Returns
    -------
    dict
        ``mean``, ``mean_ci95``, ``p5``, ``p5_ci95``, ``p50``, ``p50_ci95``, ``p95``, ``p95_ci95``.

    Examples
    --------
    >>> distribution_stats(np.array([1.0, 2.0, 3.0]))["p50"]
    2.0
    """
    v = np.asarray(values, dtype=float)
    n = len(v)
    mean = float(v.mean()) if n else math.nan
    half = 1.959964 * float(v.std(ddof=1)) / math.sqrt(n) if n > 1 else math.nan
    out: dict[str, Any] = {"mean": mean, "mean_ci95": [mean - half, mean + half]}
    for q, label in ((0.05, "p5"), (0.5, "p50"), (0.95, "p95")):
        est, lo, hi = quantile_ci(v, q)
        out[label] = est
        out[f"{label}_ci95"] = [lo, hi]
    return out


def monte_carlo(
    ctx: SweepContext,
    *,
    draws: int = 10_000,
    out: str | Path | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    chunk_size: int = 250,
    progress: bool = True,
    csv: bool = False,
) -> SweepResult:
    """Random attacks: independent attacks, each closing its segments (and posts) together.

    Without attack groups each segment is attacked independently with its probability; a
    threat file's rule with ``attack_probability`` closes all it selects at once. Draws are
    generated per chunk from ``numpy.random.default_rng([seed, chunk])``, so a
    seed gives the same draws whatever the executor, the number of workers or a resume; each
    draw is solved from the base basis, so its figures are bit-identical too.

    Parameters
    ----------
    ctx : SweepContext
        Must carry ``attack_probability`` (from a threat scenario or incidents).
    draws : int, default 10000
    out, workers, scheduler, progress, csv
        As for :func:`n_minus_1`.
    chunk_size : int, default 250
        Draws per task (part of the run's identity: changing it changes the draws).

    Returns
    -------
    SweepResult
        One row per draw; the summary holds mean, P5, P50, P95 of throughput and served demand
        with 95 % confidence intervals, and each segment's share of the worst 5 % of draws.

    Raises
    ------
    ParameterError
        If no segment has an attack probability or ``draws`` < 1.

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> from supplychain.models import load_model_parameters
    >>> ctx = SweepContext.create(build_network(), load_model_parameters(),
    ...                           attack_probability={"RN1:Kayes-Sandaré": 0.5}, seed=1)
    >>> r = monte_carlo(ctx, draws=20, chunk_size=10, progress=False)
    >>> len(r.table), r.summary["draws"]
    (20, 20)
    """
    if draws < 1:
        raise ParameterError(f"Monte Carlo needs at least one draw; got {draws}.")
    if not any(g[0] > 0 for g in ctx.groups()):
        raise ParameterError(
            "No segment has an attack probability: give a threat scenario with "
            "attack_probability rules or an [incidents] table (see models/threat-*.toml)."
        )
    tasks = [(i, (i, start, min(chunk_size, draws - start)))
             for i, start in enumerate(range(0, draws, chunk_size))]  # fmt: skip
    settings = {"draws": draws, "chunk_size": chunk_size, "seed": ctx.seed}
    table, store = _run(ctx, "monte-carlo", _draw_chunk, tasks, out=out, settings=settings,
                 workers=workers, scheduler=scheduler, progress=progress)  # fmt: skip
    table = table.sort_values("draw").reset_index(drop=True).drop(columns=["chunk"], errors="ignore")
    base_t, base_s, _ = _base(ctx)
    volume = float(ctx.graph.graph.get("tanker_volume_m3", 46.0))
    table["throughput_lost_m3_per_day"] = (base_t - table["throughput_m3_per_day"]).clip(lower=0)
    table["served_lost_m3_per_day"] = (base_s - table["served_m3_per_day"]).clip(lower=0)
    summary: dict[str, Any] = {
        **_describe(ctx, "monte-carlo"),
        "draws": len(table),
        "seed": ctx.seed,
        "tanker_m3": volume,
        "base_throughput_m3_per_day": base_t,
        "base_served_m3_per_day": base_s,
        "throughput_m3_per_day": distribution_stats(table["throughput_m3_per_day"].to_numpy()),
        "served_m3_per_day": distribution_stats(table["served_m3_per_day"].to_numpy()),
        "mean_segments_closed": float(table["n_closed"].mean()) if len(table) else 0.0,
        "failed_draws": int(table["served_m3_per_day"].isna().sum()),
        "worst_5pct_share": _worst_share(table, ctx.attack_probability),
    }
    logger.info("Monte Carlo: %d draws, served P5 %.0f / mean %.0f m3/day", len(table),
                summary["served_m3_per_day"]["p5"], summary["served_m3_per_day"]["mean"])  # fmt: skip
    return _done("monte-carlo", table, summary, store, csv)


def _worst_share(table: pd.DataFrame, probs: dict[str, float]) -> list[dict[str, Any]]:
    """Each segment's share of the worst 5 % of draws (by served demand, then throughput)."""
    if table.empty:
        return []
    n_worst = max(1, math.ceil(0.05 * len(table)))
    worst = table.sort_values(["served_m3_per_day", "throughput_m3_per_day", "draw"]).head(n_worst)
    counts: dict[str, int] = {}
    closed_nodes = worst["closed_nodes"] if "closed_nodes" in worst else [""] * len(worst)
    for closed, nodes in zip(worst["closed"], closed_nodes, strict=True):
        for item in [*filter(None, closed.split(";")), *filter(None, str(nodes).split(";"))]:
            counts[item] = counts.get(item, 0) + 1
    rows = [
        {"segment_id": seg, "share_of_worst_draws": c / n_worst,
         "attack_probability": probs.get(seg, 0.0),
         "lift": (c / n_worst) / probs[seg] if probs.get(seg) else math.nan}
        for seg, c in counts.items()
    ]  # fmt: skip
    return sorted(rows, key=lambda r: (-r["share_of_worst_draws"], r["segment_id"]))


#: What the worst case's baseline, remaining and lost values measure (also a table column).
WORST_CASE_MEASURE = "pure max flow to Bamako (no fleet limit, no losses)"


def _worst_case_fleet_view(table: pd.DataFrame, ctx: SweepContext) -> pd.DataFrame:
    """Label the pure max flows and add the throughput with the same closures, fleet included.

    The interdiction MIP is a max-flow problem: it cannot see the tanker fleet. Each attack
    it finds is therefore also evaluated on the fast path (``throughput``, fleet limit and
    losses applied), so both views sit on the same row.
    """
    through, _ = _solvers(ctx)
    t = table.copy()
    t["measure"] = WORST_CASE_MEASURE
    t["throughput_after_m3_per_day"] = [
        through.solve(closed_segments=[x for x in str(segs).split(";") if x],
                      closed_nodes=[x for x in str(nodes).split(";") if x])
        for segs, nodes in zip(t["segments"], t["nodes"], strict=True)
    ]  # fmt: skip
    t["throughput_base_m3_per_day"] = through.base_value_m3_per_day
    return t


def worst_case_sweep(
    ctx: SweepContext,
    *,
    k: int = 2,
    interdict_nodes: bool = True,
    out: str | Path | None = None,
    csv: bool = False,
    solver: str = "highs",
) -> SweepResult:
    """The exact worst case (interdiction MIP) next to the greedy choice, for 1..k closures.

    Parameters
    ----------
    ctx : SweepContext
        The scenario's capacities (closures and capacity factors) are what the attacker faces.
    k : int, default 2
        Largest number of closures.
    interdict_nodes : bool, default True
        The attacker may also close border posts.
    out, csv
        As for :func:`n_minus_1` (no chunks: the MIPs are few).
    solver : {"highs", "cbc"}

    Returns
    -------
    SweepResult
        Rows ``method`` (exact / greedy) x ``k``: closed items, remaining and lost throughput to
        Bamako (m³/day, tankers/day, %), and the gap of greedy over exact. These are pure max
        flows (column ``measure`` says so): the fleet limit is not part of the interdiction;
        ``throughput_after_m3_per_day`` is the throughput (fleet limit and losses applied)
        with the same closures, beside ``throughput_base_m3_per_day``.

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> from supplychain.models import load_model_parameters
    >>> ctx = SweepContext.create(build_network(), load_model_parameters())
    >>> r = worst_case_sweep(ctx, k=1)
    >>> list(r.table["method"])
    ['exact', 'greedy']
    """
    from supplychain.scenarios.interdiction import greedy_worst_case, worst_case

    if k < 1:
        raise ParameterError(f"The worst case needs k >= 1; got {k}.")
    n_elements = len(_elements(ctx, interdict_nodes))
    if k > n_elements:
        raise ParameterError(
            f"--k {k} is more closures than the network has elements to close ({n_elements} "
            f"segments{' and border posts' if interdict_nodes else ''}); give --k {n_elements} or less."
        )
    hub, edge_cap, node_cap, sources = _hub_flow_data(ctx)
    if hub is None:
        raise ParameterError(f"The network has no node named {HUB!r}; the worst case is about it.")
    volume = float(ctx.graph.graph.get("tanker_volume_m3", 46.0))
    caps: dict[str, Any] = {"edge_capacity_m3": edge_cap, "node_capacity_m3": {n: c for n, c in node_cap.items() if not math.isinf(c)},
            "supply_limit_m3": sources}  # fmt: skip
    # One checkpoint per k (chunk k - 1): a killed sweep keeps every finished k. The run's
    # identity leaves out the largest k, so a larger --k resumes a smaller one.
    store = None
    done: set[int] = set()
    if out is not None:
        fingerprint = hashlib.sha256(f"{ctx.key}|worst|{interdict_nodes}|{solver}".encode()).hexdigest()
        store = ChunkStore(out, fingerprint, {"kind": "worst-case", "scenario": ctx.scenario.name,
                                              "interdict_nodes": interdict_nodes, "solver": solver})  # fmt: skip
        done = store.done()
    frames: dict[int, pd.DataFrame] = {}
    try:
        for kk in range(1, k + 1):
            if kk - 1 in done:
                continue
            exact = worst_case(ctx.graph, k=kk, interdict_nodes=interdict_nodes, solver=solver, **caps)
            greedy = greedy_worst_case(ctx.graph, k=kk, interdict_nodes=interdict_nodes, **caps)
            rows = []
            for method, res in (("exact", exact), ("greedy", greedy)):
                base = res.baseline_m3_per_day
                rows.append({
                    "method": method, "k": kk, "segments": ";".join(res.segments),
                    "nodes": ";".join(res.nodes), "baseline_m3_per_day": base,
                    "remaining_m3_per_day": res.remaining_m3_per_day,
                    "lost_m3_per_day": res.lost_m3_per_day,
                    "lost_tankers_per_day": res.lost_m3_per_day / volume,
                    "lost_pct": 100 * res.lost_m3_per_day / base if base > 0 else 0.0,
                    "status": res.status,
                    "greedy_gap_m3_per_day": greedy.remaining_m3_per_day - exact.remaining_m3_per_day,
                })  # fmt: skip
            frames[kk - 1] = pd.DataFrame(rows)
            if store is not None:
                store.write(kk - 1, frames[kk - 1])
    except BaseException:
        if store is not None:
            store.release()
        raise
    if store is not None:
        parts = store.read_all()
        table = parts[parts["k"] <= k].reset_index(drop=True) if len(parts) else parts
    else:
        table = pd.concat([frames[i] for i in sorted(frames)], ignore_index=True)
    table = _worst_case_fleet_view(table, ctx)
    summary = {**_describe(ctx, "worst-case"), "k": k, "measure": WORST_CASE_MEASURE,
               "rows": table.to_dict("records")}  # fmt: skip
    last = table[table["k"] == k].set_index("method")["remaining_m3_per_day"]
    logger.info("Worst case up to k=%d: exact leaves %.0f m3/day, greedy %.0f", k,
                last["exact"], last["greedy"])  # fmt: skip
    return _done("worst-case", table, summary, store, csv)
