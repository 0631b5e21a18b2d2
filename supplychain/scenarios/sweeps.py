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
  it as they do to throughput (fuel reaching Bamako is part of the throughput; with no demand
  at Bamako the throughput leaves it out, and the cap is the throughput with Bamako a
  destination, whatever its demand); a closure
  is a *single point of failure for Bamako* when, alone, it causes a failure the situation
  it is applied on does not have: it leaves less fuel able to reach Bamako than Bamako's
  demand, or, when that situation is already short of the demand, it cuts Bamako off (when
  Bamako has no demand: it lowers the fuel able to reach Bamako at all).

The sweeps live in four modules, all importable from here: this one (N-1 and N-k, ranking
closures), :mod:`~supplychain.scenarios.montecarlo` (random attacks),
:mod:`~supplychain.scenarios.worstcase_sweep` (the interdiction MIP beside the greedy choice)
and :mod:`~supplychain.scenarios.sweep_common` (context, result, the worker's solvers and the
resumable chunk runner they share). Private helpers that moved are imported here ``as``
themselves, so code and tests that reach them through this module keep working.
"""

from __future__ import annotations

import itertools
import logging
import math
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from supplychain.errors import ParameterError
from supplychain.models.params import tanker_volume
from supplychain.models.paths.cuts import CutResult
from supplychain.networks.places import HUB
from supplychain.scenarios.chains import chain_ranking, segment_chains
from supplychain.scenarios.montecarlo import _draw_chunk as _draw_chunk
from supplychain.scenarios.montecarlo import _worst_share as _worst_share
from supplychain.scenarios.montecarlo import distribution_stats, monte_carlo, quantile_ci
from supplychain.scenarios.sweep_common import _HUB_CACHE as _HUB_CACHE
from supplychain.scenarios.sweep_common import _MAXFLOW_CACHE as _MAXFLOW_CACHE
from supplychain.scenarios.sweep_common import _SOLVER_CACHE as _SOLVER_CACHE
from supplychain.scenarios.sweep_common import (
    HUB_FLOW_DEFINITION,
    Closure,
    SweepContext,
    SweepResult,
    _base,
    _check_context,
    _check_whole,
    _chunks,
    _describe,
    _done,
    _elements,
    _evaluate_closures,
    _hub_cap_solver,
    _lost,
    _resumed_chunk_size,
    _run,
)
from supplychain.scenarios.sweep_common import (
    _fleet_consistent_hub_flow as _fleet_consistent_hub_flow,
)
from supplychain.scenarios.sweep_common import _hub_flow_data as _hub_flow_data
from supplychain.scenarios.sweep_common import _hub_maxflow as _hub_maxflow
from supplychain.scenarios.sweep_common import _solvers as _solvers
from supplychain.scenarios.worstcase_sweep import WORST_CASE_MEASURE as WORST_CASE_MEASURE
from supplychain.scenarios.worstcase_sweep import _worst_case_fleet_view as _worst_case_fleet_view
from supplychain.scenarios.worstcase_sweep import worst_case_sweep

__all__ = [
    "LONG_SWEEP_S",
    "MAX_COMBINATIONS",
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

#: Most combinations of one N-k sweep (assumption: as many closures as a large Monte Carlo run
#: has draws, a table of 10^6 rows; `--k 5 --top 100000` on the embedded network listed the
#: 122 million combinations of its 110 chains in memory, minutes without a word, before the
#: first solve).
MAX_COMBINATIONS = 1_000_000
#: An N-k sweep expected to take longer than this (s) says so, with its estimate, before it
#: starts, at warning level, which shows without ``-v`` (assumption: past a minute a command
#: that prints nothing looks hung; `--k 5 --top 30` on the embedded network, 142,506
#: combinations, ran for minutes without a word: fuzz29). Shorter ones log it at info level.
LONG_SWEEP_S = 60.0


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


def _chunk_workers(workers: int, scheduler: str | None) -> int:
    """Processes that share the chunks: local workers are split by measure in two groups that
    each see every chunk (see :mod:`~supplychain.scenarios.sweep_common`), Dask workers share
    them."""
    return workers if scheduler else max(1, workers // 2)


def _finish_closure_table(table: pd.DataFrame, ctx: SweepContext) -> tuple[pd.DataFrame, float]:
    """The ranked closure table and the base's fuel able to reach Bamako (m³/day; exact when
    the array max flow's rounding could move it across Bamako's demand, see
    :func:`_spof_flags`)."""
    table, (base_t, base_s, base_h) = _split_base_row(table, ctx)
    volume = tanker_volume(ctx.graph)
    t = table.copy()
    t["throughput_lost_m3_per_day"] = _lost(base_t, t["throughput_m3_per_day"])
    t["throughput_lost_tankers_per_day"] = t["throughput_lost_m3_per_day"] / volume
    t["throughput_lost_pct"] = _pct(t["throughput_lost_m3_per_day"], base_t)
    t["served_lost_m3_per_day"] = _lost(base_s, t["served_m3_per_day"])
    t["served_lost_tankers_per_day"] = t["served_lost_m3_per_day"] / volume
    t["served_lost_pct"] = _pct(t["served_lost_m3_per_day"], base_s)
    # One number for the loss and the flag: the hub flows (the base's and each row's) that
    # _spof_flags decided on the exact max flow are written exact, and the loss is taken
    # against that base. The loss was taken on the rounded figures: a closure losing 0.009
    # m3/day, below the array max flow's rounding, read "0 lost" and was flagged.
    base_h, flags, hub, hub_max, row_base = _spof_flags(t, ctx, base_h, base_t)
    t["hub_flow_m3_per_day"] = hub
    if hub_max is not None:
        t["hub_max_flow_m3_per_day"] = hub_max
    t["hub_flow_lost_m3_per_day"] = _lost(row_base, hub)
    t["single_point_of_failure"] = flags
    t["status"] = np.where(t["throughput_m3_per_day"].isna() | t["served_m3_per_day"].isna(), "failed", "optimal")
    # Rank on values rounded to 1e-6 m3/day: warm re-solves in another order (other chunking or
    # executor) may differ in the last bits, which must not reorder ties.
    keys = t[["throughput_lost_m3_per_day", "served_lost_m3_per_day", "hub_flow_lost_m3_per_day"]].round(6)
    order = pd.concat([keys, t["id"]], axis=1).sort_values(
        ["throughput_lost_m3_per_day", "served_lost_m3_per_day", "hub_flow_lost_m3_per_day", "id"],
        ascending=[False, False, False, True], kind="stable").index
    t = t.loc[order].reset_index(drop=True)
    t.insert(0, "rank", range(1, len(t) + 1))
    return t.drop(columns=["chunk"], errors="ignore"), base_h


def _pct(lost: pd.Series, base: float) -> pd.Series:
    """A loss in % of the base; 0 when the base is 0 (nothing to lose), NaN where it is NaN."""
    return 100 * lost / base if base > 0 else lost * 0.0


def _failed_ids(table: pd.DataFrame) -> list[str]:
    """Ids of the rows whose throughput or served re-solve failed (status ``failed``), sorted."""
    return sorted(str(i) for i in table.loc[table["status"] == "failed", "id"])


def _hub_demand(ctx: SweepContext) -> float:
    """Bamako's demand (m³/day; 0 when there is no Bamako or it has none)."""
    return 0.0 if ctx.hub is None else float(ctx.graph.nodes[ctx.hub].get("demand_m3_per_day") or 0.0)


def _spof_threshold(ctx: SweepContext, base_h: float) -> float:
    """Fuel able to reach Bamako below which a closure is a single point of failure (m³/day).

    A closure is one when, alone, it causes a failure the base situation does not have: when
    the base meets Bamako's demand (or Bamako has none), it leaves Bamako short of its demand
    (of the base flow); when the base is already short, it cuts Bamako off (nothing reaches
    it). Any loss at all flagged every row on a network already short for Bamako, where every
    element carries fuel there. The 1e-6 m³/day is the LP's tolerance.
    """
    demand = _hub_demand(ctx)
    if demand > 0 and base_h < demand - 1e-6:  # already short: a closure that cuts Bamako off
        return 1e-6 if base_h > 1e-6 else -1e-6  # (none when nothing reaches it anyway)
    return (demand if demand > 0 else base_h) - 1e-6


def _exact_hub_max_flow(ctx: SweepContext, segments: Sequence[str], nodes: Sequence[str]) -> float:
    """Max flow to Bamako (m³/day) on the float capacities of :func:`_hub_flow_data`, the
    closures applied as :class:`~supplychain.models.maxflow.ArrayMaxFlow` applies them (a
    closed node passes nothing and loads nothing), by networkx's preflow-push: no rounding."""
    from supplychain.models.paths import minimum_cut

    hub, edge_cap, node_cap, sources = _hub_flow_data(ctx)
    closed = set(segments)
    caps = {e: (0.0 if ctx.graph.edges[e]["segment_id"] in closed else c) for e, c in edge_cap.items()}
    ncap, src = dict(node_cap), dict(sources)
    by_name = {d: n for n, d in ctx.graph.nodes(data="name") if d}
    for name in nodes:
        n = by_name.get(name, name)
        ncap[n] = 0.0
        if n in src:
            src[n] = 0.0
    return float(minimum_cut(ctx.graph, sources=src, sink=hub, edge_capacity_m3=caps,
                             node_capacity_m3=ncap).value_m3_per_day)  # fmt: skip


def _closed_rows(rows: pd.DataFrame) -> Iterator[tuple[Any, list[str], list[str], float]]:
    """Each row's index, closed segments and posts (the table's ``;``-joined cells split) and
    throughput, for the rows :func:`_spof_flags` decides on exact values."""
    for i, segments, nodes, throughput in zip(rows.index, rows["segments"], rows["nodes"],
                                              rows["throughput_m3_per_day"], strict=True):  # fmt: skip
        segs, posts = ([x for x in str(items).split(";") if x] for items in (segments, nodes))
        yield i, segs, posts, float(throughput)


def _spof_flags(
    t: pd.DataFrame, ctx: SweepContext, base_h: float, base_t: float,
) -> tuple[float, pd.Series, pd.Series, pd.Series | None, pd.Series]:
    """The base's fuel able to reach Bamako that decided which rule applies
    (:func:`_spof_threshold`), ``single_point_of_failure`` of each row, each row's fuel
    able to reach Bamako that decided its flag (exact where recomputed, as below) and its
    pure max flow to Bamako, exact on the same rows (None: the table has no such column), so
    that a row's hub flow, the max flow capped by the throughput, is never above its max flow
    (an exact 3,000.0004 hub flow stood beside a rounded 2,999.982 max flow), and the base
    each row's loss is taken against (``base_h``; the base's exact value where a row without
    a demand at Bamako was decided on exact values, below).

    The hub max flows are in 1/1000 truck per day (:class:`ArrayMaxFlow`), off the exact value
    by up to its ``rounding_m3_per_day``. Against Bamako's demand that slack decided flags: a
    port loading exactly the demand (3,000 m³/day with 46 m³ tankers, 2,999.98 in units) made
    the base "already short" and no closure leaving 1,840 of 3,000 was flagged. So the base,
    and each row, whose value lies within that rounding of the threshold is decided on the
    exact max flow (networkx on floats; capped by the throughput as the column is); with
    capacities in whole units (the rounding is 0) nothing is recomputed.

    Without a demand at Bamako the threshold is the base's own (rounded) value, compared like
    with like; but the cap (the throughput with Bamako a destination, an LP value, never
    rounded) may bind on a row and not on the base: Bamako loading 0.9999 m³/day of its own
    (1.0 in units) showed 0.9999 after closing a road to another city had lowered that cap to
    0.9999, "lost 0.0001", flagged (found by differential testing, 2026-12-05). So a row
    flagged by less than the rounding is decided on exact values, its own and the base's:
    each exact max flow capped by its own cap.
    """
    demand = _hub_demand(ctx)
    maxflow = _hub_maxflow(ctx)
    band = maxflow.rounding_m3_per_day + 1e-6 if maxflow is not None and maxflow.rounding_m3_per_day > 0 else 0.0

    if band and demand > 0 and abs(base_h - demand) <= band:
        base_h = _fleet_consistent_hub_flow(_exact_hub_max_flow(ctx, (), ()), base_t)
    threshold = _spof_threshold(ctx, base_h)
    hub = t["hub_flow_m3_per_day"].astype(float).copy()
    hub_max = t["hub_max_flow_m3_per_day"].astype(float).copy() if "hub_max_flow_m3_per_day" in t else None
    row_base = pd.Series(base_h, index=t.index, dtype=float)
    if band and demand <= 0:
        flags = hub < threshold
        near = t[flags & (hub >= threshold - band)]
        if len(near):
            cap_solver = _hub_cap_solver(ctx)
            cap_base = base_t if cap_solver is None else cap_solver.base_value_m3_per_day
            exact_base = _fleet_consistent_hub_flow(_exact_hub_max_flow(ctx, (), ()), cap_base)
            for i, segs, posts, throughput in _closed_rows(near):
                pure = _exact_hub_max_flow(ctx, segs, posts)
                cap = throughput if cap_solver is None else cap_solver.solve(
                    closed_segments=segs, closed_nodes=posts)  # fmt: skip
                exact = _fleet_consistent_hub_flow(pure, cap)
                hub.at[i] = exact
                row_base.at[i] = exact_base
                flags.at[i] = exact < exact_base - 1e-6
                if hub_max is not None:
                    hub_max.at[i] = pure
        return base_h, flags, hub, hub_max, row_base
    if band:
        near = t[(hub - threshold).abs() <= band]
        for i, segs, posts, throughput in _closed_rows(near):
            pure = _exact_hub_max_flow(ctx, segs, posts)
            hub.at[i] = _fleet_consistent_hub_flow(pure, throughput)
            if hub_max is not None:
                hub_max.at[i] = pure
    return base_h, hub < threshold, hub, hub_max, row_base


def _spof_definition(ctx: SweepContext, base_h: float, k: int = 1) -> str:
    """What ``single_point_of_failure`` means on this run, in words (summary and text).

    ``k`` > 1 (N-k): the flag is on combinations of ``k`` closures, not on one closure alone.
    One of the rules of :func:`_spof_threshold`: Bamako short of its demand, Bamako cut off
    (the base already short), or, when Bamako has no demand, any loss of the base's flow;
    without a Bamako nothing is flagged (its flows are NaN).
    """
    demand = _hub_demand(ctx)
    what = "a closure that alone" if k == 1 else f"a combination of {k} closures that together"
    if ctx.hub is None:
        return f"single point of failure = none flagged: the network has no {HUB}"
    if demand <= 0:  # the threshold is the base's own flow (_spof_threshold)
        return (f"single point of failure = {what} lower{'s' if k == 1 else ''} the fuel able to "
                f"reach {HUB} ({HUB} has no demand: any loss of the base's {base_h:,.0f} m3/day "
                "counts)")
    if base_h < demand - 1e-6:
        return (f"single point of failure = {what} cut{'s' if k == 1 else ''} {HUB} off (the base "
                f"situation is already short: {base_h:,.0f} of {demand:,.0f} m3/day can reach it)")
    return f"single point of failure = {what} leave{'s' if k == 1 else ''} {HUB} less fuel than its demand"


def _with_hub_cuts(table: pd.DataFrame, ctx: SweepContext) -> pd.DataFrame:
    """``hub_cut_after``: for the rows flagged single points of failure only, what then limits
    the max flow to Bamako (:func:`_cut_text`).

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
            cuts[i] = _cut_text(maxflow.minimum_cut(closed_segments=segs, closed_nodes=nodes))
    return table.assign(hub_cut_after=cuts)


def _cut_text(cut: CutResult) -> str:
    """A minimum cut as ``hub_cut_after`` lists it: its open segments, the places whose own
    capacity is in it (``nodes``: border posts, transit depots and ports; a town a scenario
    degrades limits its roads in, listed as segments; any node with a through capacity, see
    :func:`~supplychain.models.lp_arrays.effective_capacities`) and its loading points; when
    nothing open is in it (the closures alone cut the hub off), the closed segments and
    places that form it, each marked ``(closed)`` (an audit found those rows empty). A closed
    place is not open capacity: the cut lists it apart (``closed_nodes``), as a closed segment
    (a closed post was listed as an open one)."""
    open_part = [*cut.segments, *cut.nodes, *cut.sources_cut]
    return ";".join(open_part or [f"{s} (closed)" for s in [*cut.closed_segments, *cut.closed_nodes]])


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



def n_minus_1(
    ctx: SweepContext,
    *,
    include_nodes: bool = True,
    out: str | Path | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    chunk_size: int | None = None,
    progress: bool | None = None,
    csv: bool = False,
    command: Mapping[str, Any] | None = None,
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
        Local processes. Two or more are split by measure: half answer throughput for every
        closure, the others served volume and the hub max flow, so each builds one fast
        solver; with two, the results are the same to the bit as with one.
    scheduler : str, optional
        Dask scheduler address (its workers share the chunks, each building every solver).
    chunk_size : int, optional
        Closures per task; default at least 16 and about 16 chunks per process of a measure.
    progress : bool, optional
        A progress bar (tqdm's). Default: when standard error is a terminal or in a Jupyter
        notebook (not into a file or a pipe).
    csv : bool, default False
        With ``out``: also write ``<out>.csv``. A JSON summary is written next to ``out``.
    command : mapping, optional
        How the caller ran the sweep and the files it read
        (:func:`~supplychain.reports.command_record`): the summary's ``command``, for the
        report's provenance. Not part of the run: a resume or an extension ignores it.

    Returns
    -------
    SweepResult
        One row per closure: rank, id, throughput and served (m³/day, lost in m³/day,
        tankers/day and % of the base), Bamako max flow lost, ``single_point_of_failure``,
        ``hub_cut_after`` (single points of failure only: the minimum cut that then limits
        Bamako), and the segment's chain (``chain_id``, ``chain_segments``, ``chain_length_km``,
        ``chain_members``: serial segments with no junction between them, which fail
        together). The summary's ``top_chains`` ranks chains (:func:`chain_ranking`).

    Raises
    ------
    ParameterError
        If ``workers`` or ``chunk_size`` is below 1, or ``out`` holds chunks of another run
        or is being written by another process.

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> from supplychain.models import load_model_parameters
    >>> ctx = SweepContext.create(build_network(), load_model_parameters())
    >>> r = n_minus_1(ctx, progress=False)
    >>> bool((r.table["throughput_lost_m3_per_day"] >= 0).all())
    True
    """
    _check_context(ctx, workers=workers, out=out, command=command)
    items = _with_base_row(_elements(ctx, include_nodes))
    if chunk_size is None:  # the default; a resume keeps the folder's
        chunk_size = _resumed_chunk_size(out, "n-1") or _auto_chunk_size(len(items), _chunk_workers(workers, scheduler))
    settings = {"include_nodes": include_nodes, "chunk_size": chunk_size, "base_row": True}
    table, store = _run(ctx, "n-1", _evaluate_closures, _chunks(items, chunk_size), out=out,
                 settings=settings, workers=workers, scheduler=scheduler, progress=progress,
                 split_by_measure=True)  # fmt: skip
    table, base_h = _finish_closure_table(table, ctx)
    table.insert(1, "kind", np.where(table["nodes"] != "", "border", "segment"))
    table = _with_chains(table, ctx)
    table = _with_hub_cuts(table, ctx)
    chains = chain_ranking(table)
    summary = {
        **_describe(ctx, "n-1"),
        "closures": len(table),
        "single_points_of_failure": table.loc[table["single_point_of_failure"], "id"].tolist(),
        "failed_closures": _failed_ids(table),
        "single_point_of_failure": _spof_definition(ctx, base_h),
        "hub_flow": HUB_FLOW_DEFINITION,
        "top": table.head(10)[["rank", "id", "throughput_lost_m3_per_day", "served_lost_m3_per_day"]].to_dict("records"),
        "chains": len(chains),
        "top_chains": [
            {"rank": int(r["rank"]), "chain_id": r["chain_id"], "kind": r["kind"],
             "first": str(r["chain_segments"]).split(";")[0] if r["chain_segments"] else r["id"],
             "last": str(r["chain_segments"]).split(";")[-1] if r["chain_segments"] else r["id"],
             "length_km": float(r["chain_length_km"]),
             "members": str(r["chain_segments"]).split(";") if r["chain_segments"] else [r["id"]],
             "throughput_lost_m3_per_day": float(r["throughput_lost_m3_per_day"]),
             "served_lost_m3_per_day": float(r["served_lost_m3_per_day"]),
             "single_point_of_failure": bool(r["single_point_of_failure"])}
            for r in chains.head(10).to_dict("records")
        ],
    }  # fmt: skip
    logger.info("N-1: %d closures in %d chains, %d single points of failure for %s", len(table),
                len(chains), len(summary["single_points_of_failure"]), HUB)  # fmt: skip
    return _done("n-1", table, summary, store, csv, command)


def _announce(count: int, k: int, elements: int, closure_s: float, *, in_process: bool) -> None:
    """Log the N-k sweep's size and its time at the N-1 sweep's pace (``closure_s`` a closure,
    the same workers), as a warning past :data:`LONG_SWEEP_S`.

    With worker processes the N-1 sweep's time holds their start-up, which the N-k sweep may
    not pay again: the pace is then no lower bound, and is said to include it.
    """
    expected_s = count * closure_s
    if expected_s < 1:
        about = "under 1 s"
    elif expected_s < 120:
        about = f"about {expected_s:.0f} s"
    elif expected_s < 7200:
        about = f"about {expected_s / 60:.0f} min"
    else:
        about = f"about {expected_s / 3600:.1f} h"
    # "At least": closing k chains at once takes longer than one (27,405 combinations of 4
    # on the embedded network took 70 s where N-1's pace said 36 s).
    bound = "at least " if expected_s >= 1 else ""
    pace = (f"{bound}{about} at the N-1 sweep's pace ({1000 * closure_s:.1f} ms a closure)" if in_process
            else f"{about} at the N-1 sweep's pace ({1000 * closure_s:.1f} ms a closure, its workers' "
                 "start-up included)")  # fmt: skip
    long = expected_s > LONG_SWEEP_S
    (logger.warning if long else logger.info)(
        "N-k: %s combinations of k = %d among the first %d chains and border posts: %s%s", f"{count:,}", k,
        elements, pace, "; a smaller --top or --k answers sooner" if long else "")  # fmt: skip


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
    progress: bool | None = None,
    csv: bool = False,
    command: Mapping[str, Any] | None = None,
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
    include_nodes, out, workers, scheduler, chunk_size, progress, csv, command
        As for :func:`n_minus_1`.

    Returns
    -------
    SweepResult

    Raises
    ------
    ParameterError
        If ``k`` < 1, ``top`` < ``k`` or ``k`` is more than the chains and border posts the
        N-1 ranking has (no combination of ``k`` distinct elements exists), or the
        combinations are more than :data:`MAX_COMBINATIONS`.
    ArgumentTypeError
        If ``k`` or ``top`` is not a whole number.

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> from supplychain.models import load_model_parameters
    >>> ctx = SweepContext.create(build_network(), load_model_parameters())
    >>> len(n_minus_k(ctx, k=2, top=4, progress=False).table)
    6
    """
    _check_context(ctx, workers=workers, out=out, command=command)
    _check_whole("k", k)
    _check_whole("top", top)
    if k < 1 or top < k:
        fix = "give --k 1 or more" if k < 1 else f"give --top {k} or more, or a smaller --k"
        raise ParameterError(f"N-k needs 1 <= k <= top (combinations of k of the top N-1 closures); "
                             f"got k={k}, top={top}: {fix}.")
    started = time.perf_counter()
    ranking = n_minus_1(ctx, include_nodes=include_nodes, workers=workers, scheduler=scheduler,
                        chunk_size=chunk_size, progress=progress).table  # fmt: skip
    closure_s = (time.perf_counter() - started) / max(len(ranking), 1)
    chained = chain_ranking(ranking)
    chosen = chained.head(top)  # one closure per chain: a chain fails as one
    if k > len(chosen):
        # Not a table of 0 rows: no combination of k distinct elements exists.
        raise ParameterError(
            f"N-k: k = {k} is more closures than the {len(chosen)} chains and border posts "
            f"of the N-1 ranking (top = {top}); give --k {len(chosen)} or less."
        )
    if (count := math.comb(len(chosen), k)) > MAX_COMBINATIONS:
        fewer = next(n for n in range(len(chosen), k - 1, -1) if math.comb(n, k) <= MAX_COMBINATIONS)
        raise ParameterError(
            f"N-k: {count:,} combinations of k = {k} among the first {len(chosen)} chains and border "
            f"posts of the N-1 ranking (top = {top}) is more than the {MAX_COMBINATIONS:,} one sweep "
            f"takes; give --top {fewer} or less, or a smaller --k."
        )
    _announce(count, k, len(chosen), closure_s, in_process=workers == 1 and scheduler is None)
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
    if chunk_size is None:  # the default; a resume keeps the folder's
        chunk_size = _resumed_chunk_size(out, "n-k") or _auto_chunk_size(len(combos), _chunk_workers(workers, scheduler))
    settings = {"k": k, "top": top, "include_nodes": include_nodes, "chunk_size": chunk_size,
                "base_row": True}  # fmt: skip
    table, store = _run(ctx, "n-k", _evaluate_closures, _chunks(combos, chunk_size), out=out,
                 settings=settings, workers=workers, scheduler=scheduler, progress=progress,
                 split_by_measure=True)  # fmt: skip
    table, base_h = _finish_closure_table(table, ctx)
    singles = dict(zip(chained["id"], chained["throughput_lost_m3_per_day"], strict=True))
    table["sum_of_single_losses_m3_per_day"] = [
        sum(singles.get(part, 0.0) for part in label.split(" + ")) for label in table["id"]
    ]
    summary = {**_describe(ctx, f"n-{k}"), "k": k, "top": top, "combinations": len(table),
               # As N-1's: the rows flagged (here combinations, "A + B"), in rank order.
               "single_points_of_failure": table.loc[table["single_point_of_failure"], "id"].tolist(),
               "failed_closures": _failed_ids(table),
               "single_point_of_failure": _spof_definition(ctx, base_h, k), "hub_flow": HUB_FLOW_DEFINITION,
               "worst": table.head(5)[["id", "throughput_lost_m3_per_day", "served_lost_m3_per_day"]].to_dict("records")}  # fmt: skip
    logger.info("N-%d: %d combinations, %d single points of failure for %s", k, len(table),
                len(summary["single_points_of_failure"]), HUB)  # fmt: skip
    return _done("n-k", table, summary, store, csv, command)

