"""The exact worst case (interdiction MIP) next to the greedy choice, as a resumable sweep.

One checkpoint per number of closures ``k``; each attack found on the pure max flow to
Bamako is also evaluated on the fast path, so the throughput with the fleet limit and losses
sits on the same row (:mod:`supplychain.scenarios.interdiction` holds the MIP and greedy).
"""

from __future__ import annotations

import hashlib
import logging
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from supplychain.errors import ParameterError
from supplychain.models.params import tanker_volume
from supplychain.networks.places import HUB
from supplychain.scenarios.store import ChunkStore
from supplychain.scenarios.sweep_common import (
    SweepContext,
    SweepResult,
    _check_context,
    _check_whole,
    _describe,
    _done,
    _elements,
    _hub_flow_data,
    _solvers,
)

__all__ = ["WORST_CASE_MEASURE", "worst_case_sweep"]

logger = logging.getLogger(__name__)


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
    progress: bool = False,
    command: Mapping[str, Any] | None = None,
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
    out, csv, command
        As for :func:`n_minus_1` (no chunks: the MIPs are few).
    solver : {"highs", "cbc"}
    progress : bool, default False
        Show a progress bar, one step per number of closures (each MIP is larger than the
        last: whole Africa took 14 s up to k = 2 and 28 s up to k = 5, measured 2026-12-04).

    Returns
    -------
    SweepResult
        Rows ``method`` (exact / greedy) x ``k``: closed items, remaining and lost throughput to
        Bamako (m³/day, tankers/day, %), and the gap of greedy over exact. These are pure max
        flows (column ``measure`` says so): the fleet limit is not part of the interdiction;
        ``throughput_after_m3_per_day`` is the throughput (fleet limit and losses applied)
        with the same closures, beside ``throughput_base_m3_per_day``.

    Raises
    ------
    ParameterError
        If ``k`` is below 1 or above the number of items that can be closed, the network has
        no node named Bamako, the solver is unknown, or ``out`` holds chunks of another run
        or is being written by another process.
    ArgumentTypeError
        If ``k`` is not a whole number.

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

    _check_context(ctx, out=out, command=command)
    _check_whole("k", k)
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
    volume = tanker_volume(ctx.graph)
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
    from supplychain.scenarios.executors import _bar

    bar = _bar(sum(1 for kk in range(1, k + 1) if kk - 1 not in done), "worst-case", progress, unit="k")
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
            bar.update(1)
    except BaseException:
        if store is not None:
            store.abandon()  # chunks stay for a resume, an empty folder goes
        raise
    finally:
        bar.close()
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
    return _done("worst-case", table, summary, store, csv, command)
