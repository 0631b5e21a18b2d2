"""Sweeps: N-1 against brute force, N-k, Monte Carlo reproducibility and statistics,
resume after an interrupted run, refusing foreign chunks, identical results on every executor."""

from __future__ import annotations

import json
import math
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supplychain.errors import ParameterError
from supplychain.models import Effect, Scenario, build_model, load_model_parameters, solve
from supplychain.scenarios.store import ChunkStore
from supplychain.scenarios.sweeps import (
    SweepContext,
    SweepResult,
    monte_carlo,
    n_minus_1,
    n_minus_k,
    quantile_ci,
    worst_case_sweep,
)

PROBS = {"RN1:Kayes-Sandaré": 0.5, "RN3:Kati-Bamako": 0.2, "RN7:Bougouni-Sikasso": 0.3,
         "A3:Bouaké-Katiola": 0.1, "N6:Kankan-Siguiri": 0.25}  # fmt: skip


@pytest.fixture(scope="module")
def ctx(embedded_network: nx.MultiDiGraph) -> SweepContext:
    return SweepContext.create(embedded_network, load_model_parameters(), attack_probability=PROBS, seed=7)


@pytest.fixture(scope="module")
def n1(ctx: SweepContext):
    return n_minus_1(ctx, progress=False)


def _pulp_total(ctx: SweepContext, mode: str, segments=(), nodes=()) -> float:
    sc = Scenario("x", segments={s: Effect(closed=True) for s in segments},
                  nodes={n: Effect(closed=True) for n in nodes})
    return sum(solve(build_model(ctx.graph, ctx.params, sc, mode=mode), lexicographic=False).delivered_m3.values())


def test_n_minus_1_matches_brute_force(ctx: SweepContext, n1) -> None:
    table = n1.table
    segs = {d["segment_id"] for _, _, d in ctx.graph.edges(data=True)}
    posts = {d["name"] for _, d in ctx.graph.nodes(data=True) if d["role"] == "border"}
    assert set(table["id"]) == segs | posts
    base = _pulp_total(ctx, "throughput")
    rng = np.random.default_rng(0)
    for i in rng.choice(len(table), size=12, replace=False):
        row = table.iloc[int(i)]
        s = tuple(filter(None, row["segments"].split(";")))
        n = tuple(filter(None, row["nodes"].split(";")))
        assert row["throughput_m3_per_day"] == pytest.approx(_pulp_total(ctx, "throughput", s, n), rel=1e-6)
        assert row["served_m3_per_day"] == pytest.approx(_pulp_total(ctx, "served_unweighted", s, n), rel=1e-6)
        assert row["throughput_lost_m3_per_day"] == pytest.approx(max(0.0, base - row["throughput_m3_per_day"]), abs=1e-6)
    # ranked by throughput lost, then served lost
    lost = table["throughput_lost_m3_per_day"].to_numpy()
    assert (np.diff(lost) <= 1e-9).all()
    assert list(table["rank"]) == list(range(1, len(table) + 1))


def test_closing_the_only_road_out_of_dakar_loses_its_supply(n1) -> None:
    row = n1.table.set_index("id").loc["N1:Dakar-Rufisque"]
    assert row["throughput_lost_m3_per_day"] == pytest.approx(4600.0)
    assert row["throughput_lost_tankers_per_day"] == pytest.approx(100.0)


def test_single_point_of_failure_flag(embedded_network: nx.MultiDiGraph) -> None:
    # With every road into Bamako but one closed, that last road is a single point of failure.
    into_bamako = sorted({d["segment_id"] for u, v, d in embedded_network.edges(data=True)
                          if embedded_network.nodes[v]["name"] == "Bamako"})
    keep = into_bamako[0]
    sc = Scenario("one road left", segments={s: Effect(closed=True) for s in into_bamako[1:]})
    ctx = SweepContext.create(embedded_network, load_model_parameters(), sc)
    table = n_minus_1(ctx, progress=False).table.set_index("id")
    assert bool(table.loc[keep, "single_point_of_failure"])
    assert table.loc[keep, "hub_flow_m3_per_day"] == pytest.approx(0.0)
    # Only flagged rows carry the cut that then limits Bamako; here it is made of closed roads
    # only (nothing with capacity is left on the cut), so it names no open element.
    assert (table.loc[~table["single_point_of_failure"], "hub_cut_after"] == "").all()
    assert "hub_cut_after" in table.columns


def test_n_minus_k_pairs(ctx: SweepContext, n1) -> None:
    r = n_minus_k(ctx, k=2, top=5, progress=False)
    assert len(r.table) == 10
    # The flag is on pairs: the definition said "a closure that alone ..." for them too.
    assert r.summary["single_point_of_failure"] == (
        "single point of failure = a combination of 2 closures that together leave Bamako less "
        "fuel than its demand")
    from supplychain.scenarios.chains import chain_ranking

    top = set(chain_ranking(n1.table).head(5)["id"])  # one element per chain
    for label in r.table["id"]:
        parts = label.split(" + ")
        assert len(parts) == 2 and set(parts) <= top
    row = r.table.iloc[0]
    s = tuple(filter(None, row["segments"].split(";")))
    n = tuple(filter(None, row["nodes"].split(";")))
    assert row["throughput_m3_per_day"] == pytest.approx(_pulp_total(ctx, "throughput", s, n), rel=1e-6)
    with pytest.raises(ParameterError, match="1 <= k <= top"):
        n_minus_k(ctx, k=3, top=2, progress=False)


def test_n_minus_k_says_its_size_and_warns_when_long(ctx: SweepContext, monkeypatch: pytest.MonkeyPatch,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    """A sweep of minutes printed nothing until done (`--k 5 --top 30`: 142,506 combinations;
    fuzz29): its size and time at the N-1 sweep's pace are logged before it starts, as a
    warning past LONG_SWEEP_S."""
    import logging

    import supplychain.scenarios.sweeps as sweeps

    with caplog.at_level(logging.INFO, logger="supplychain.scenarios.sweeps"):
        n_minus_k(ctx, k=2, top=5, progress=False)
    said = [r for r in caplog.records if r.getMessage().startswith("N-k: 10 combinations of k = 2 among the first 5")]
    assert len(said) == 1 and said[0].levelno == logging.INFO
    assert "at the N-1 sweep's pace (" in said[0].getMessage() and "ms a closure)" in said[0].getMessage()
    caplog.clear()
    monkeypatch.setattr(sweeps, "LONG_SWEEP_S", 0.0)
    with caplog.at_level(logging.WARNING, logger="supplychain.scenarios.sweeps"):
        n_minus_k(ctx, k=2, top=5, progress=False)
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warned) == 1 and warned[0].endswith("; a smaller --top or --k answers sooner"), warned
    # Workers' start-up is in N-1's time: no lower bound then (4x the N-k's on 2 workers).
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="supplychain.scenarios.sweeps"):
        n_minus_k(ctx, k=2, top=5, workers=2, progress=False)
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warned) == 1 and "at least" not in warned[0], warned
    assert "ms a closure, its workers' start-up included)" in warned[0], warned


def test_n_minus_k_estimate_reads_as_a_bound_in_seconds_minutes_or_hours(caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from supplychain.scenarios.sweeps import _announce

    with caplog.at_level(logging.INFO, logger="supplychain.scenarios.sweeps"):
        for count, seconds in [(10, 0.001), (1_000, 0.05), (142_506, 0.0015), (1_000_000, 0.05)]:
            _announce(count, 5, 30, seconds, in_process=True)
    said = [r.getMessage().split("border posts: ", 1)[1] for r in caplog.records]
    assert [s.split(" at the N-1")[0] for s in said] == ["under 1 s", "at least about 50 s", "at least about 4 min",
                                                         "at least about 13.9 h"]  # fmt: skip
    assert [r.levelname for r in caplog.records] == ["INFO", "INFO", "WARNING", "WARNING"]


def test_n_minus_k_with_k_above_the_elements_is_an_error(ctx: SweepContext, n1) -> None:
    """k above the chains and border posts there are gave a table of 0 rows, silently."""
    from supplychain.scenarios.chains import chain_ranking

    n = len(chain_ranking(n1.table))
    with pytest.raises(ParameterError, match=f"k = {n + 1} is more closures than the {n} chains.*--k {n} or less"):
        n_minus_k(ctx, k=n + 1, top=n + 5, progress=False)


def test_monte_carlo_reproducible_and_sane(ctx: SweepContext) -> None:
    a = monte_carlo(ctx, draws=400, chunk_size=50, progress=False)
    b = monte_carlo(ctx, draws=400, chunk_size=50, progress=False)
    pd.testing.assert_frame_equal(a.table, b.table)
    other = monte_carlo(SweepContext.create(ctx.graph, ctx.params, attack_probability=PROBS, seed=8),
                        draws=400, chunk_size=50, progress=False)
    assert not a.table["closed"].equals(other.table["closed"])
    # each segment is closed in about p of the draws (binomial, 5 sigma)
    for seg, p in PROBS.items():
        freq = a.table["closed"].str.split(";").apply(lambda c, s=seg: s in c).mean()
        assert abs(freq - p) < 5 * np.sqrt(p * (1 - p) / 400)
    s = a.summary["served_m3_per_day"]
    assert s["p5"] <= s["p50"] <= s["p95"]
    assert s["mean_ci95"][0] <= s["mean"] <= s["mean_ci95"][1]
    assert (a.table["served_m3_per_day"] <= a.summary["base_served_m3_per_day"] + 1e-6).all()
    # None of these closures loses anything on the skeleton with its added roads: no draw is
    # worse than the median, so no segment is blamed.
    if a.table[["served_m3_per_day", "throughput_m3_per_day"]].nunique().max() == 1:
        assert a.summary["worst_5pct_share"] == []
    # N1 Dakar-Rufisque's closure costs 43 % of throughput: every worst draw has it closed.
    lossy = monte_carlo(SweepContext.create(ctx.graph, ctx.params, seed=7,
                                            attack_probability={**PROBS, "N1:Dakar-Rufisque": 0.3}),
                        draws=200, chunk_size=50, progress=False)  # fmt: skip
    top = lossy.summary["worst_5pct_share"][0]
    assert top["segment_id"] == "N1:Dakar-Rufisque" and top["share_of_worst_draws"] == 1.0


def test_library_calls_check_their_options(embedded_network: nx.MultiDiGraph) -> None:
    """The CLI refuses these options; library calls took workers=0 as one process, chunk_size=0
    as 'choose for me' and an unknown model mode as a model."""
    ctx = SweepContext.create(embedded_network, load_model_parameters(), attack_probability={"RN1:Kayes-Sandaré": 0.5})
    with pytest.raises(ParameterError, match="workers = 0: give a whole number, 1 or more"):
        n_minus_1(ctx, workers=0, progress=False)
    with pytest.raises(ParameterError, match="chunk_size = 0: give a whole number of closures"):
        n_minus_1(ctx, chunk_size=0, progress=False)
    with pytest.raises(ParameterError, match="chunk_size = -5: give a whole number of draws"):
        monte_carlo(ctx, draws=10, chunk_size=-5, progress=False)
    with pytest.raises(ParameterError, match="Model mode 'foo' is unknown"):
        build_model(embedded_network, load_model_parameters(), mode="foo")  # type: ignore[arg-type]


def test_monte_carlo_needs_probabilities(embedded_network: nx.MultiDiGraph) -> None:
    ctx = SweepContext.create(embedded_network, load_model_parameters())
    with pytest.raises(ParameterError, match="No segment has an attack probability"):
        monte_carlo(ctx, draws=10, progress=False)


def test_quantile_ci_covers_truth() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=4000)
    est, lo, hi = quantile_ci(x, 0.05)
    assert lo <= -1.6449 <= hi and lo <= est <= hi


def test_process_pool_gives_identical_tables(ctx: SweepContext, n1) -> None:
    pooled = n_minus_1(ctx, workers=2, chunk_size=20, progress=False)
    pd.testing.assert_frame_equal(pooled.table, n1.table, check_exact=False, rtol=1e-9)
    mc1 = monte_carlo(ctx, draws=200, chunk_size=50, progress=False)
    mc2 = monte_carlo(ctx, draws=200, chunk_size=50, workers=2, progress=False)
    pd.testing.assert_frame_equal(mc1.table, mc2.table, check_exact=False, rtol=1e-9)


def test_workers_split_by_measure_give_the_same_bits(ctx: SweepContext, n1, tmp_path: Path) -> None:
    """Two workers split by measure (one per measure) see the closures in one worker's order."""
    two = n_minus_1(ctx, workers=2, chunk_size=20, progress=False, out=tmp_path / "two.parquet")
    one = n_minus_1(ctx, workers=1, chunk_size=20, progress=False, out=tmp_path / "one.parquet")
    pd.testing.assert_frame_equal(two.table, one.table, check_exact=True)
    assert two.summary == one.summary
    three = n_minus_1(ctx, workers=3, chunk_size=20, progress=False)  # 2 throughput + 1 served
    pd.testing.assert_frame_equal(three.table, n1.table, check_exact=False, rtol=1e-9)
    four = n_minus_1(ctx, workers=4, chunk_size=20, progress=False)  # served on a pool of 2 too
    pd.testing.assert_frame_equal(four.table, n1.table, check_exact=False, rtol=1e-9)


def test_dask_local_cluster_gives_identical_tables(ctx: SweepContext) -> None:
    from distributed import LocalCluster

    local = monte_carlo(ctx, draws=120, chunk_size=40, progress=False)
    with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=":0",
                      processes=True) as cluster:  # fmt: skip
        distributed = monte_carlo(ctx, draws=120, chunk_size=40, scheduler=cluster.scheduler_address,
                                  progress=False)  # fmt: skip
    # README: "Monte Carlo is bit-identical whatever the executor" (it compared to 1e-9).
    pd.testing.assert_frame_equal(local.table, distributed.table, check_exact=True)


def test_dask_worker_with_two_threads_gives_the_one_thread_table(ctx: SweepContext,
                                                                 n1: SweepResult) -> None:  # fmt: skip
    # Two N-1 chunks at once on the worker's one fast solver (a HiGHS instance) crashed the
    # process with a segmentation fault (2026-12-06); each worker now runs one task at a time.
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=2, host="127.0.0.1", dashboard_address=":0",
                      processes=False, protocol="tcp://") as cluster:  # in this process  # fmt: skip
        threaded = n_minus_1(ctx, chunk_size=4, scheduler=cluster.scheduler_address, progress=False)
    pd.testing.assert_frame_equal(threaded.table, n1.table, check_exact=False, rtol=1e-9)


def test_store_refuses_chunks_of_another_run(tmp_path: Path) -> None:
    out = tmp_path / "x.parquet"
    ChunkStore(out, "run-a").write(0, pd.DataFrame({"v": [1]}))
    with pytest.raises(ParameterError, match="holds chunks of a different run"):
        ChunkStore(out, "run-b")


def test_sweep_resumes_after_kill_9(tmp_path: Path) -> None:
    """Kill a Monte Carlo sweep with SIGKILL mid-run; the re-run keeps finished chunks."""
    out = tmp_path / "mc.parquet"
    parts = out.with_name(out.name + ".parts")
    script = (
        "import sys\n"
        "from supplychain.networks import build_network\n"
        "from supplychain.models import load_model_parameters\n"
        "from supplychain.scenarios.sweeps import SweepContext, monte_carlo\n"
        f"probs = {PROBS!r}\n"
        "ctx = SweepContext.create(build_network(), load_model_parameters(), attack_probability=probs, seed=7)\n"
        f"monte_carlo(ctx, draws=int(sys.argv[1]), chunk_size=20, out={str(out)!r}, progress=False)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script, "4000"])
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(parts.glob("chunk-*.parquet"))) < 3:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    survivors = sorted(parts.glob("chunk-*.parquet"))
    assert len(survivors) >= 3, "the sweep did not write chunks before it was killed"
    # Mark one finished chunk: if the re-run reuses it (not recomputes it) the mark survives.
    # Its metadata (the run and index it was written for) is kept: without it the chunk is not
    # this run's and is computed again (tests/test_chunk_store.py).
    original = pq.read_table(survivors[0])
    marked = original.to_pandas()
    marked["n_closed"] = -1
    pq.write_table(pa.Table.from_pandas(marked, preserve_index=False)
                   .replace_schema_metadata(original.schema.metadata), survivors[0])
    subprocess.run([sys.executable, "-c", script, "4000"], check=True)
    table = pd.read_parquet(out)
    assert list(table["draw"]) == list(range(4000))
    assert (table["n_closed"] == -1).sum() == len(marked)
    assert not parts.exists()
    # apart from the mark, the resumed table equals an uninterrupted run
    fresh_out = tmp_path / "fresh.parquet"
    subprocess.run([sys.executable, "-c", script.replace(str(out), str(fresh_out)), "4000"], check=True)
    fresh = pd.read_parquet(fresh_out)
    keep = table["n_closed"] != -1
    pd.testing.assert_frame_equal(table[keep].reset_index(drop=True), fresh[keep].reset_index(drop=True))


def test_monte_carlo_attack_groups_close_together(embedded_network: nx.MultiDiGraph) -> None:
    group = (0.5, ("RN1:Kayes-Sandaré", "RN1:Sandaré-Diéma"), ())
    post = (0.3, (), ("Kidira-Diboli border",))
    ctx = SweepContext.create(embedded_network, load_model_parameters(),
                              attack_groups=[group, post], seed=11)
    table = monte_carlo(ctx, draws=300, chunk_size=100, progress=False).table
    both = table["closed"] == "RN1:Kayes-Sandaré;RN1:Sandaré-Diéma"
    assert (both | (table["closed"] == "")).all()  # the axis closes whole or not at all
    assert abs(both.mean() - 0.5) < 5 * np.sqrt(0.25 / 300)
    posts = table["closed_nodes"] == "Kidira-Diboli border"
    assert abs(posts.mean() - 0.3) < 5 * np.sqrt(0.21 / 300)
    assert (table["attacks"] == both.astype(int) + posts.astype(int)).all()
    # a closed post is a real closure: the fast path sees it
    row = table[posts & ~both].iloc[0]
    assert row["served_m3_per_day"] == pytest.approx(_pulp_total(
        ctx, "served_unweighted", nodes=("Kidira-Diboli border",)), rel=1e-6)


def test_threat_file_rules_close_their_selection_together(embedded_network: nx.MultiDiGraph) -> None:
    from supplychain.cli import _stress_scenario

    from .conftest import REPO

    scenario, probs, _, _, groups = _stress_scenario(REPO / "models" / "threat-blockade-2025.toml",
                                                     embedded_network)
    ctx = SweepContext.create(embedded_network, load_model_parameters(), scenario,
                              attack_probability=probs, attack_groups=groups, seed=2)
    table = monte_carlo(ctx, draws=200, chunk_size=100, progress=False).table
    kayes = table["closed"].str.contains("RN1:Kayes-Sandaré", regex=False)
    sandare = table["closed"].str.contains("RN1:Sandaré-Diéma", regex=False)
    # the "Kayes axis" rule closes both segments at once (incidents add rare single closures)
    assert (kayes & sandare).sum() >= 0.8 * (kayes | sandare).sum()


def test_fleet_limit_applies_to_hub_flow_and_is_labelled(embedded_network: nx.MultiDiGraph) -> None:
    """Issue 9 item 6: with a small fleet, no row shows more fuel reaching Bamako than the
    throughput, the pure max flow is kept under its own name, and the worst case says what it
    measures and shows the fleet-limited throughput beside it."""
    import dataclasses

    base = load_model_parameters()
    params = dataclasses.replace(base, fleet=dataclasses.replace(base.fleet, enabled=True, tankers=1000))
    ctx = SweepContext.create(embedded_network, params)
    table = n_minus_1(ctx, progress=False).table
    assert (table["hub_flow_m3_per_day"] <= table["throughput_m3_per_day"] + 1e-6).all()
    assert (table["hub_max_flow_m3_per_day"] > table["throughput_m3_per_day"] + 1e-6).any()  # the fleet binds
    assert (table["hub_flow_m3_per_day"] <= table["hub_max_flow_m3_per_day"] + 1e-6).all()
    worst = worst_case_sweep(ctx, k=1)
    assert set(worst.table["measure"]) == {"pure max flow to Bamako (no fleet limit, no losses)"}
    assert (worst.table["throughput_after_m3_per_day"] <= worst.table["throughput_base_m3_per_day"] + 1e-6).all()
    assert "fleet limit" in worst.summary["measure"]


def test_hub_cut_after_only_on_flagged_rows_matches_networkx(embedded_network: nx.MultiDiGraph) -> None:
    from supplychain.models.paths import minimum_cut
    from supplychain.scenarios.sweeps import _hub_flow_data

    g = embedded_network
    into_bamako = sorted({d["segment_id"] for u, v, d in g.edges(data=True) if g.nodes[v]["name"] == "Bamako"})
    # Only the RN6 from Ségou left: since the roads of the redundancy comparison, two roads into
    # Bamako carry more than its demand whatever single closure, so no row would be flagged.
    sc = Scenario("one road left", segments={s: Effect(closed=True) for s in into_bamako
                                             if s != "RN6:Bamako-Fana"})  # fmt: skip
    ctx = SweepContext.create(g, load_model_parameters(), sc)
    table = n_minus_1(ctx, progress=False).table
    flagged = table[table["single_point_of_failure"]]
    assert len(flagged) > 0 and (flagged["hub_cut_after"] != "").any()
    assert (table.loc[~table["single_point_of_failure"], "hub_cut_after"] == "").all()
    hub, edge_cap, node_cap, sources = _hub_flow_data(ctx)
    names = {d: n for n, d in g.nodes(data="name") if d}
    for _, row in flagged.iterrows():
        segs = {x for x in row["segments"].split(";") if x}
        caps = {e: (0.0 if g.edges[e]["segment_id"] in segs else c) for e, c in edge_cap.items()}
        ncap, src = dict(node_cap), dict(sources)
        for name in filter(None, row["nodes"].split(";")):
            n = names[name]
            if n in src:
                src[n] = 0.0
            else:
                ncap[n] = 0.0
        cut = minimum_cut(g, sources=src, sink=hub, edge_capacity_m3=caps, node_capacity_m3=ncap)
        shut = set(filter(None, row["nodes"].split(";")))  # a closed post is not open capacity
        expected = [*cut.segments, *(n for n in cut.nodes if n not in shut), *cut.sources_cut] or [
            f"{s} (closed)" for s in [*cut.closed_segments, *(n for n in cut.nodes if n in shut)]]
        assert row["hub_cut_after"] == ";".join(expected)


def test_hub_cut_after_names_the_closed_segments_when_nothing_open_is_left(
        embedded_network: nx.MultiDiGraph) -> None:  # fmt: skip
    # Every road into Bamako closed but the RN5 from Kourémalé: a row closing a segment of that
    # way leaves Bamako cut off by closures alone; hub_cut_after was empty there.
    g = embedded_network
    into = sorted({d["segment_id"] for u, v, d in g.edges(data=True) if g.nodes[v]["name"] == "Bamako"})
    sc = Scenario("one way left", segments={s: Effect(closed=True) for s in into if s != "RN5:Siby-Bamako"})
    table = n_minus_1(SweepContext.create(g, load_model_parameters(), sc), progress=False).table
    flagged = table[table["single_point_of_failure"]]
    assert (flagged["hub_cut_after"] != "").all()
    cut_off = flagged[(flagged["hub_flow_m3_per_day"] <= 1e-6) & (flagged["kind"] == "segment")]
    assert len(cut_off) > 0 and cut_off["hub_cut_after"].str.contains(r"\(closed\)").all()
    row = table.set_index("id").loc["RN5:Naréna-Siby"]
    assert row["hub_cut_after"].split(";") == [f"{s} (closed)" for s in sorted({*sc.segments, "RN5:Naréna-Siby"})]


def _tiny(*, demand: float = 30.0, bypass: bool = True) -> nx.MultiDiGraph:
    """Port P (100) -> J -> border post X (10) -> M, a bypass P -> M (5), then M -> Bamako.

    Tanker 1 m3, so capacities are m3/day: the roads P-J 20, J-X 30, X-M 30, P-M 5 (the
    bypass, optional) and M-Bamako 100; Bamako's demand ``demand``. Fuel able to reach
    Bamako: 10 through X plus 5 by the bypass = 15.
    """
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    for n, role, attrs in (("P", "port", {"supply_m3_per_day": 100.0}), ("J", "junction", {}),
                           ("X", "border", {"capacity_trucks_per_day": 10.0}), ("M", "junction", {}),
                           ("Bamako", "city", {"demand_m3_per_day": demand})):  # fmt: skip
        g.add_node(n, name=n, role=role, x=0.0, y=0.0, **attrs)
    roads = [("P", "J", 20), ("J", "X", 30), ("X", "M", 30), ("M", "Bamako", 100)]
    for u, v, cap in roads + ([("P", "M", 5)] if bypass else []):
        for a, b in ((u, v), (v, u)):
            g.add_edge(a, b, segment_id=f"R:{u}-{v}", capacity_trucks_per_day=float(cap),
                       length_km=1.0, travel_time_h=0.02, corridors=[])  # fmt: skip
    return g


def _tiny_params():
    """The model file's parameters without the fleet limit and the priority blocks."""
    import dataclasses

    from supplychain.models.params import FleetParameters

    base = load_model_parameters()
    return dataclasses.replace(base, blocks=(), fleet=FleetParameters(False, 0.0, 24.0, 0.0, 0.0, 0.0))


def test_monte_carlo_border_posts_have_their_probability_and_count() -> None:
    # Post X attacked by two groups (p 0.5 alone, p 0.1 with the bypass): marginal
    # 1 - 0.5 x 0.9 = 0.55; the bypass alone p 0.2, so 1 - 0.8 x 0.9 = 0.28. Served: 15 with
    # nothing closed, 5 with X closed, 10 with the bypass closed, 0 with both. Both closed:
    # p 0.1 + 0.9 x 0.5 x 0.2 = 0.19 > 5 %, so every one of the worst 5 % closes both.
    groups = [(0.5, (), ("X",)), (0.2, ("R:P-M",), ()), (0.1, ("R:P-M",), ("X",))]
    ctx = SweepContext.create(_tiny(), _tiny_params(), attack_probability={"R:P-M": 0.28},
                              attack_groups=groups, seed=5)  # fmt: skip
    r = monte_carlo(ctx, draws=400, chunk_size=100, progress=False)
    t, s = r.table, r.summary
    assert s["base_served_m3_per_day"] == pytest.approx(15.0)
    assert set(t["served_m3_per_day"].round(6)) <= {0.0, 5.0, 10.0, 15.0}
    rows = {row["segment_id"]: row for row in s["worst_5pct_share"]}
    assert set(rows) == {"X", "R:P-M"}
    post, bypass = rows["X"], rows["R:P-M"]
    assert (post["kind"], post["share_of_worst_draws"], post["worst_draws"]) == ("border", 1.0, 20)
    assert post["attack_probability"] == pytest.approx(0.55)
    assert post["lift"] == pytest.approx(1 / 0.55)
    assert (bypass["kind"], bypass["attack_probability"]) == ("segment", pytest.approx(0.28))
    assert bypass["lift"] == pytest.approx(1 / 0.28)
    # Segments and posts are counted apart (the one closed-items count mixed them).
    segs = (t["closed"] != "").mean()
    posts = (t["closed_nodes"] != "").mean()
    assert (s["mean_segments_closed"], s["mean_border_posts_closed"]) == (pytest.approx(segs), pytest.approx(posts))
    assert abs(posts - 0.55) < 5 * np.sqrt(0.55 * 0.45 / 400) and abs(segs - 0.28) < 5 * np.sqrt(0.28 * 0.72 / 400)


def test_single_point_of_failure_when_the_base_is_already_short() -> None:
    # Bamako wants 30, 15 can reach it: every closure lowers that (all were flagged), only
    # closing M-Bamako cuts it off.
    r = n_minus_1(SweepContext.create(_tiny(demand=30.0), _tiny_params()), progress=False)
    t = r.table.set_index("id")
    expected = {"R:P-J": 5.0, "R:J-X": 5.0, "X": 5.0, "R:X-M": 5.0, "R:P-M": 10.0, "R:M-Bamako": 0.0}
    assert t["hub_flow_m3_per_day"].to_dict() == pytest.approx(expected)
    assert r.summary["single_points_of_failure"] == ["R:M-Bamako"]
    assert t["single_point_of_failure"].to_dict() == {i: i == "R:M-Bamako" for i in expected}
    assert t.loc["R:M-Bamako", "hub_cut_after"] == "R:M-Bamako (closed)"
    assert "cuts Bamako off" in r.summary["single_point_of_failure"]
    assert "15 of 30 m3/day" in r.summary["single_point_of_failure"]
    # Bamako wants 8 of the 15: closures leaving less than 8 are flagged (the bypass leaves 10).
    r = n_minus_1(SweepContext.create(_tiny(demand=8.0), _tiny_params()), progress=False)
    t = r.table.set_index("id")
    assert sorted(r.summary["single_points_of_failure"]) == sorted(set(expected) - {"R:P-M"})
    assert "less fuel than its demand" in r.summary["single_point_of_failure"]


def test_n_minus_1_ranks_equal_losses_by_id() -> None:
    # Bamako wants 30, 15 can reach it: the four closures on the way through X lose 10 of
    # throughput, served demand and hub flow each; equal losses rank by id, ascending, so the
    # ranking is the same however the chunks came back (mutation testing, mut34: the id's
    # order was unguarded).
    r = n_minus_1(SweepContext.create(_tiny(demand=30.0), _tiny_params()), progress=False)
    assert r.table["id"].tolist() == ["R:M-Bamako", "R:J-X", "R:P-J", "R:X-M", "X", "R:P-M"]
    assert r.table["rank"].tolist() == [1, 2, 3, 4, 5, 6]
    assert r.table["throughput_lost_m3_per_day"].tolist()[1:5] == pytest.approx([10.0] * 4)


def test_n_minus_k_sums_the_single_losses_of_each_pair() -> None:
    # Single losses (N-1, throughput): M-Bamako 15, the way through X 10 (each of its chain, X
    # and X-M), the bypass P-M 5. A pair's sum is theirs added: M-Bamako + bypass 20, X + X-M
    # 20 (both on one way: together they lose 10), X + bypass 15 (mutation testing, mut34: the
    # larger of the two passed the tests).
    r = n_minus_k(SweepContext.create(_tiny(demand=30.0), _tiny_params()), k=2, top=10, progress=False)
    t = r.table.set_index("id")
    assert t.loc["R:M-Bamako + R:P-M", "sum_of_single_losses_m3_per_day"] == pytest.approx(20.0)
    assert t.loc["R:X-M + X", "sum_of_single_losses_m3_per_day"] == pytest.approx(20.0)
    assert t.loc["R:X-M + X", "throughput_lost_m3_per_day"] == pytest.approx(10.0)
    assert t.loc["X + R:P-M", "sum_of_single_losses_m3_per_day"] == pytest.approx(15.0)


def test_n_minus_k_summary_lists_its_single_points_of_failure(tmp_path: Path) -> None:
    # N-1's JSON listed its single points of failure, N-k's did not. Bamako wants 30, 15 can
    # reach it: a pair is one when it cuts Bamako off, i.e. it closes M-Bamako (4 pairs), or
    # the bypass with any of the way through X (3); the 3 pairs of the way through X leave
    # the bypass's 5.
    ctx = SweepContext.create(_tiny(demand=30.0), _tiny_params())
    r = n_minus_k(ctx, k=2, top=10, progress=False, out=tmp_path / "nk.parquet")
    written = json.loads((tmp_path / "nk.json").read_text(encoding="utf-8"))
    listed = written["single_points_of_failure"]
    assert listed == r.summary["single_points_of_failure"]
    assert {frozenset(c.split(" + ")) for c in listed} == {frozenset(c) for c in (
        ("R:M-Bamako", "R:J-X..R:P-J"), ("R:M-Bamako", "X"), ("R:M-Bamako", "R:X-M"), ("R:M-Bamako", "R:P-M"),
        ("R:P-M", "R:J-X..R:P-J"), ("R:P-M", "X"), ("R:P-M", "R:X-M"))}  # fmt: skip
    assert len(listed) == 7
    # Named as the table's rows, in its rank order.
    t = r.table
    assert listed == t.loc[t["single_point_of_failure"], "id"].tolist()
    assert "together cut Bamako off" in written["single_point_of_failure"]
    # Bamako wants 4: every pair leaves 5 or more but those above, which leave nothing.
    r = n_minus_k(SweepContext.create(_tiny(demand=4.0), _tiny_params()), k=2, top=10, progress=False)
    assert sorted(r.summary["single_points_of_failure"]) == sorted(listed)


def test_hub_cut_after_marks_a_closed_border_post() -> None:
    # With X closed only the bypass (5) is left: the cut is the bypass, not the closed post.
    r = n_minus_1(SweepContext.create(_tiny(demand=8.0), _tiny_params()), progress=False)
    t = r.table.set_index("id")
    assert (t.loc["X", "kind"], t.loc["X", "hub_flow_m3_per_day"]) == ("border", pytest.approx(5.0))
    assert t.loc["X", "hub_cut_after"] == "R:P-M"
    # In the JSON's chain ranking a border post is its own only member, as a lone segment is.
    chains = {c["chain_id"]: c for c in r.summary["top_chains"]}
    assert (chains["X"]["first"], chains["X"]["last"], chains["X"]["members"]) == ("X", "X", ["X"])
    assert chains["R:J-X..R:P-J"]["members"] == ["R:J-X", "R:P-J"]  # a chain: its segments
    # Without the bypass, closing X cuts Bamako off by itself: the cut is the closed post.
    t = n_minus_1(SweepContext.create(_tiny(demand=8.0, bypass=False), _tiny_params()),
                  progress=False).table.set_index("id")  # fmt: skip
    assert t.loc["X", "hub_flow_m3_per_day"] == pytest.approx(0.0)
    assert t.loc["X", "hub_cut_after"] == "X (closed)"


def test_worst_draws_tied_with_the_median_blame_no_segment() -> None:
    from supplychain.scenarios.montecarlo import _worst_share

    def table(served: list[float]) -> pd.DataFrame:
        n = len(served)
        return pd.DataFrame({"draw": range(n), "served_m3_per_day": served,
                             "throughput_m3_per_day": [100.0] * n,
                             "closed": [f"s{i}" for i in range(n)]})  # fmt: skip

    # Every draw equal: the "worst 5 %" would be draw 0 by number alone.
    assert _worst_share(table([50.0] * 40), {}) == []
    # Two of 40 draws lose (the worst 5 % exactly): both count, each segment in half of them.
    rows = _worst_share(table([50.0] * 38 + [40.0, 45.0]), {"s38": 0.1})
    assert [r["segment_id"] for r in rows] == ["s38", "s39"]
    assert [r["share_of_worst_draws"] for r in rows] == [0.5, 0.5]
    assert rows[0]["lift"] == pytest.approx(5.0)
    # One loses, the other "worst" draw is a tie with the median: only the loser counts.
    rows = _worst_share(table([50.0] * 39 + [40.0]), {})
    assert [(r["segment_id"], r["share_of_worst_draws"], r["worst_draws"]) for r in rows] == [("s39", 1.0, 1)]
    # The text says how many draws that share is of, not "the worst 5 %".
    from supplychain.cli.stress import _stress_text
    from supplychain.scenarios.sweeps import SweepResult

    stats = {"mean": 50.0, "p5": 50.0, "p50": 50.0, "p95": 50.0}
    summary = {"draws": 40, "throughput_m3_per_day": stats, "served_m3_per_day": stats,
               "worst_5pct_share": rows}  # fmt: skip
    text = _stress_text(SweepResult("monte-carlo", pd.DataFrame(), summary))
    assert "in 100 % of the 1 draw of 40 worse than the median: s39" in text
    rows = _worst_share(table([50.0] * 38 + [40.0, 45.0]), {})
    text = _stress_text(SweepResult("monte-carlo", pd.DataFrame(), {**summary, "worst_5pct_share": rows}))
    assert "in 50 % of the worst 5 % of draws: s38" in text


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=120),
       q=st.sampled_from([0.05, 0.5, 0.95]))
def test_a_quantile_lies_in_its_own_interval(values: list[float], q: float) -> None:
    # With 2 draws the P95 (interpolated) fell below its interval [x2, x2]. A NaN side is
    # unbounded (too few draws for a 95 % bound there, tests/test_mc_quantile_ci.py).
    est, lo, hi = quantile_ci(np.array(values), q)
    assert (math.isnan(lo) or lo <= est) and (math.isnan(hi) or est <= hi)
    if len(values) >= 80:  # 0.95^80 = 1.6 % and 0.5^80: every side is bounded
        assert not math.isnan(lo) and not math.isnan(hi)


def test_sweeps_on_a_closed_depot_let_nothing_through_it() -> None:
    # The base scenario closes the depot every PortA tanker drives through: the fast solvers,
    # the hub max flow and the worst case all find nothing reaching Bamako.
    from .test_lp import depot_chain, params

    sc = Scenario("Depot closed", nodes={"Depot": Effect(closed=True)})
    ctx = SweepContext.create(depot_chain(), params(), sc)
    table = n_minus_1(ctx, progress=False).table
    measures = ["throughput_m3_per_day", "served_m3_per_day", "hub_max_flow_m3_per_day",
                "throughput_lost_m3_per_day", "served_lost_m3_per_day", "hub_flow_lost_m3_per_day"]
    assert len(table) and (table[measures] == 0.0).all().all()  # nothing to lose: none came
    worst = worst_case_sweep(ctx, k=1, interdict_nodes=False).table
    assert (worst["baseline_m3_per_day"] == 0.0).all()


def test_monte_carlo_does_not_count_what_the_scenario_closes_itself() -> None:
    # The scenario closes the bypass; a group attacking it (p 0.3) closes nothing more: the
    # closed columns left it out of no draw before (a re-audit: 25 % of draws listed it), the
    # figures are the same either way.
    from supplychain.models import Scenario
    from supplychain.models.scenario import Effect

    groups = [(0.3, ("R:P-M",), ()), (0.5, (), ("X",))]
    base = Scenario("bypass shut", {"R:P-M": Effect(closed=True)}, {})
    ctx = SweepContext.create(_tiny(), _tiny_params(), scenario=base, attack_probability={"R:P-M": 0.3},
                              attack_groups=groups, seed=3)  # fmt: skip
    t = monte_carlo(ctx, draws=200, chunk_size=50, progress=False).table
    assert (t["closed"] == "").all()
    assert ((t["closed_nodes"] == "X") == (t["n_closed"] == 1)).all() and t["n_closed"].max() == 1
    assert (t["attacks"] >= t["n_closed"]).all() and (t["attacks"] > t["n_closed"]).any()


def test_an_abandoned_store_says_where_its_chunks_are_kept(tmp_path: Path,
                                                          caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    # After Ctrl-C the command's error line says only "interrupted": the kept chunks are said here.

    out = tmp_path / "n1.parquet"
    store = ChunkStore(out, "abc")
    store.write(0, pd.DataFrame({"x": [1]}))
    with caplog.at_level("WARNING", logger="supplychain.scenarios.store"):
        store.abandon()
    assert f"1 finished chunk(s) are kept in '{out}.parts'" in caplog.text
    assert "with the same --out to resume" in caplog.text


def test_a_failed_re_solve_is_not_reported_as_losing_nothing() -> None:
    # A closure whose re-solve does not end optimal has an unknown throughput (NaN, status
    # "failed"). Its loss was written 0.0 (NaN > 1e-6 is False), ranked and printed as
    # "throughput 0 m3/day (0.0 %)" and counted among the closures that "lose nothing": closing
    # R:M-Bamako, the only road into Bamako, read as losing no throughput.
    from supplychain.cli.stress import _stress_text
    from supplychain.scenarios.sweep_common import _solver

    ctx = SweepContext.create(_tiny(demand=8.0), _tiny_params())
    through = _solver(ctx, "throughput")  # the sweep's own (cached) throughput solver
    through.highs.setOptionValue("simplex_iteration_limit", 0)  # its re-solves stop at once
    try:
        r = n_minus_1(ctx, progress=False)
    finally:
        through.highs.setOptionValue("simplex_iteration_limit", 2**31 - 1)
    t = r.table.set_index("id")
    failed = t[t["status"] == "failed"]
    assert "R:M-Bamako" in failed.index
    assert failed["throughput_m3_per_day"].isna().all()
    for col in ("throughput_lost_m3_per_day", "throughput_lost_tankers_per_day", "throughput_lost_pct"):
        assert failed[col].isna().all(), col  # unknown, not 0
    assert (failed["served_lost_m3_per_day"] > 0).all()  # the served solver did not fail
    assert list(r.table["status"].iloc[-len(failed):]) == ["failed"] * len(failed)  # ranked last
    assert r.summary["failed_closures"] == sorted(failed.index)
    text = _stress_text(r)
    assert "throughput lost 0 m3/day" not in text and "throughput unknown (failed)" in text
    # 4 segments, 3 chains (R:P-J and R:J-X fail together): the ranking's rows are counted
    assert "3 closures failed to solve (4 segments and border posts in all" in text
    assert "lose nothing" not in text
    ok = n_minus_1(ctx, progress=False)  # the solver restored: nothing fails, nothing listed
    assert (ok.table["status"] == "optimal").all() and ok.summary["failed_closures"] == []


def test_failed_closures_are_counted_alike_in_the_text_and_the_report() -> None:
    # The text ranks chains, as the report does, but counted the failed segments: R:P-J and
    # R:J-X are one chain (J joins nothing else), so 4 failed segments are 3 failed chains,
    # and the text said "4 closures failed to solve" under 3 failed lines where the report's
    # caption said "3 failed to solve" (cons34). Both now count the chains they rank, and name
    # the segments and border posts when that is another number (the JSON lists those).
    from supplychain.cli.stress import _stress_text
    from supplychain.reports import StressData, load_stress
    from supplychain.reports.stress_section import stress_data
    from supplychain.scenarios.sweep_common import _solver

    ctx = SweepContext.create(_tiny(demand=8.0), _tiny_params())
    through = _solver(ctx, "throughput")
    through.highs.setOptionValue("simplex_iteration_limit", 0)  # its re-solves stop at once
    try:
        r = n_minus_1(ctx, progress=False)
    finally:
        through.highs.setOptionValue("simplex_iteration_limit", 2**31 - 1)
    assert len(r.summary["failed_closures"]) == 4
    text = _stress_text(r)
    assert len(re.findall(r"^ +\d+\. .*unknown \(failed\)", text, flags=re.M)) == 3
    said = "3 closures failed to solve (4 segments and border posts in all;"
    assert said in text
    block = stress_data([load_stress(StressData("n-1", "n1.parquet", r.table, r.summary))])["blocks"][0]
    assert "3 failed to solve (4 segments and border posts in all; loss unknown)" in block["table"]["caption"]


def test_monte_carlo_text_counts_the_draws_that_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    # A draw whose re-solve fails is NaN and left out of the statistics; the JSON counts it
    # (failed_draws) and the report says "N failed draws", but the text printed the figures of
    # the draws that solved without a word: 4 of 40 draws failed (the worst, both ways in
    # closed) and it read "lowest 5", as if no draw lost everything (cons34).
    from supplychain.cli.stress import _stress_text
    from supplychain.reports import StressData, load_stress
    from supplychain.reports.stress_section import stress_data
    from supplychain.scenarios.sweep_common import _solver

    groups = [(0.5, (), ("X",)), (0.3, ("R:P-M",), ())]
    ctx = SweepContext.create(_tiny(), _tiny_params(), attack_probability={"R:P-M": 0.3},
                              attack_groups=groups, seed=5)  # fmt: skip
    for mode in ("throughput", "served_unweighted"):
        solver = _solver(ctx, mode, fresh=True)

        def fails_both_closed(*args: object, _solve=solver.solve, **kwargs: object) -> float:
            value = _solve(*args, **kwargs)
            both = "X" in (kwargs.get("closed_nodes") or ()) and "R:P-M" in (kwargs.get("closed_segments") or ())
            return math.nan if both else value

        monkeypatch.setattr(solver, "solve", fails_both_closed)
    r = monte_carlo(ctx, draws=40, chunk_size=20, progress=False)
    failed = int(r.table["served_m3_per_day"].isna().sum())
    assert failed == r.summary["failed_draws"] > 0
    assert f"  {failed} draws failed to solve" in _stress_text(r)
    block = stress_data([load_stress(StressData("monte-carlo", "mc.parquet", r.table, r.summary))])["blocks"][0]
    assert f"{failed} draws failed to solve" in block["facts"]

    # Every draw failing: no figure, where the text printed "mean nan ... lowest nan" and "no
    # draw is worse than the median draw" beside the report's "-" (cons34).
    for mode in ("throughput", "served_unweighted"):
        monkeypatch.setattr(_solver(ctx, mode, fresh=True), "solve", lambda *a, **k: math.nan)
    none = _stress_text(monte_carlo(ctx, draws=10, chunk_size=20, progress=False))
    assert "nan" not in none and "median" not in none
    assert "no draw has a figure: all 10 failed to solve" in none


def test_single_point_of_failure_is_not_moved_by_the_max_flow_rounding() -> None:
    # A port loading exactly Bamako's demand (3,000 m3/day, 46 m3 tankers) over two roads of
    # 40 trucks/day (1,840 m3/day) each. Closing either leaves 1,840 of the 3,000 Bamako needs:
    # a single point of failure. The array max flow counts 1/1000 truck/day (0.046 m3): the
    # supply arc became 65,217 units, 2,999.98 m3/day, so the base read "already short: 3,000
    # of 3,000 m3/day" and no closure was flagged (only one cutting Bamako off would be).
    g = nx.MultiDiGraph(tanker_volume_m3=46.0)
    for n, role, attrs in (("P", "port", {"supply_m3_per_day": 3000.0}), ("M", "junction", {}),
                           ("Bamako", "city", {"demand_m3_per_day": 3000.0})):  # fmt: skip
        g.add_node(n, name=n, role=role, x=0.0, y=0.0, **attrs)
    for u, v, cap in (("P", "M", 40.0), ("M", "Bamako", 40.0), ("P", "Bamako", 40.0)):
        for a, b in ((u, v), (v, u)):
            g.add_edge(a, b, segment_id=f"R:{u}-{v}", capacity_trucks_per_day=cap, length_km=1.0,
                       travel_time_h=0.02, corridors=[])  # fmt: skip
    r = n_minus_1(SweepContext.create(g, _tiny_params()), progress=False)
    t = r.table.set_index("id")
    assert t["throughput_m3_per_day"].to_dict() == pytest.approx({"R:P-M": 1840.0, "R:M-Bamako": 1840.0,
                                                                  "R:P-Bamako": 1840.0})
    assert t["single_point_of_failure"].all()
    assert r.summary["single_point_of_failure"].endswith("leaves Bamako less fuel than its demand")
    # Just short of the demand (2,999.99 m3/day of supply, which rounds to the same units): the
    # base is short, and a closure that does not cut Bamako off is not flagged.
    g.nodes["P"]["supply_m3_per_day"] = 2999.99
    r = n_minus_1(SweepContext.create(g, _tiny_params()), progress=False)
    assert not r.table["single_point_of_failure"].any()
    assert "already short: 3,000 of 3,000 m3/day" in r.summary["single_point_of_failure"]


def test_hub_flow_lost_and_the_flag_read_one_number() -> None:
    # Bamako wants 3,000 m3/day; a road of 65.2172 trucks/day (2,999.9912 m3) and one of
    # 0.0002 (0.0092 m3) bring 3,000.0004: the base meets the demand, and closing the tiny road
    # leaves 2,999.9912, short of it (a single point of failure). The array max flow counts
    # 1/1000 truck/day: both read 2,999.982, so the row showed 0 m3/day of hub flow lost and
    # was flagged (the flag decided on the exact max flow, the loss on the rounded one).
    g = nx.MultiDiGraph(tanker_volume_m3=46.0)
    g.add_node("P", name="P", role="port", x=0.0, y=0.0, supply_m3_per_day=5000.0)
    g.add_node("Bamako", name="Bamako", role="city", x=0.0, y=0.0, demand_m3_per_day=3000.0)
    for sid, cap in (("R:big", 65.2172), ("R:tiny", 0.0002)):
        for a, b in (("P", "Bamako"), ("Bamako", "P")):
            g.add_edge(a, b, segment_id=sid, capacity_trucks_per_day=cap, length_km=1.0,
                       travel_time_h=0.02, corridors=[])  # fmt: skip
    t = n_minus_1(SweepContext.create(g, _tiny_params()), progress=False).table.set_index("id")
    assert t["single_point_of_failure"].all()
    assert t.loc["R:tiny", "hub_flow_m3_per_day"] == pytest.approx(65.2172 * 46.0, abs=1e-6)
    assert t.loc["R:tiny", "hub_flow_lost_m3_per_day"] == pytest.approx(0.0092, abs=1e-6)
    assert t.loc["R:big", "hub_flow_lost_m3_per_day"] == pytest.approx(3000.0004, abs=1e-6)
    assert (t["hub_flow_lost_m3_per_day"] > 0).all()


def test_a_hub_flow_made_exact_is_never_above_its_max_flow() -> None:
    # As above, with a third road of 1 truck/day (46 m3): closing it leaves 3,000.0004, within
    # the array max flow's rounding of Bamako's demand, so its hub flow is recomputed exact;
    # its pure max flow stayed rounded (2,999.982) and stood below the hub flow, the max flow
    # capped by the throughput. Both are the exact 3,000.0004 now.
    g = nx.MultiDiGraph(tanker_volume_m3=46.0)
    g.add_node("P", name="P", role="port", x=0.0, y=0.0, supply_m3_per_day=5000.0)
    g.add_node("Bamako", name="Bamako", role="city", x=0.0, y=0.0, demand_m3_per_day=3000.0)
    for sid, cap in (("R:big", 65.2172), ("R:tiny", 0.0002), ("R:other", 1.0)):
        for a, b in (("P", "Bamako"), ("Bamako", "P")):
            g.add_edge(a, b, segment_id=sid, capacity_trucks_per_day=cap, length_km=1.0,
                       travel_time_h=0.02, corridors=[])  # fmt: skip
    t = n_minus_1(SweepContext.create(g, _tiny_params()), progress=False).table.set_index("id")
    assert t.loc["R:other", "hub_flow_m3_per_day"] == pytest.approx(3000.0004, abs=1e-6)
    assert t.loc["R:other", "hub_max_flow_m3_per_day"] == pytest.approx(3000.0004, abs=1e-6)
    assert (t["hub_flow_m3_per_day"] <= t["hub_max_flow_m3_per_day"] + 1e-9).all()


def test_no_demand_at_bamako_a_rounded_base_does_not_flag_a_closure_elsewhere() -> None:
    # Bamako has no demand and loads 0.9999 m3/day of its own (the array max flow reads 1.000:
    # 1/1000 truck of 1 m3); a port feeds another city by road P-C. The fuel able to reach
    # Bamako is 0.9999 whatever P-C does, but closing it lowered the cap (the throughput with
    # Bamako a destination) from 1.9999 to 0.9999, exact, under the base's rounded 1.000: the
    # row read "lost 0.0001" and was flagged (found by differential testing, 2026-12-05).
    from supplychain.models.params import FleetParameters, ModelParameters

    params = ModelParameters(1.0, {}, (), 1.0, 100.0, "XOF", FleetParameters(False, 1.0, 12.0, 0.0, 0.0, 0.0))
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    g.add_node("P", name="P", role="port", x=0.0, y=0.0, supply_m3_per_day=10.0)
    g.add_node("C", name="C", role="city", x=0.0, y=0.0, demand_m3_per_day=8.0)
    g.add_node("Bamako", name="Bamako", role="city", x=0.0, y=0.0, supply_m3_per_day=0.9999)
    g.add_edge("P", "C", segment_id="P-C", capacity_trucks_per_day=1.0, length_km=1.0,
               travel_time_h=0.02, corridors=[])  # fmt: skip
    row = n_minus_1(SweepContext.create(g, params), progress=False).table.set_index("id").loc["P-C"]
    assert row["throughput_lost_m3_per_day"] == pytest.approx(1.0)
    assert row["hub_flow_m3_per_day"] == pytest.approx(0.9999, abs=1e-12)
    assert row["hub_max_flow_m3_per_day"] == pytest.approx(0.9999, abs=1e-12)
    assert row["hub_flow_lost_m3_per_day"] == 0.0
    assert not row["single_point_of_failure"]
    # A closure that does lower it is still flagged: a second road brings Bamako 0.5 more.
    g.add_edge("P", "Bamako", segment_id="P-B", capacity_trucks_per_day=0.5, length_km=1.0,
               travel_time_h=0.02, corridors=[])  # fmt: skip
    t = n_minus_1(SweepContext.create(g, params), progress=False).table.set_index("id")
    assert t["single_point_of_failure"].to_dict() == {"P-B": True, "P-C": False}
    assert t.loc["P-B", "hub_flow_lost_m3_per_day"] == pytest.approx(0.5, abs=1e-6)


def test_monte_carlo_losses_below_the_lp_tolerance_are_none(monkeypatch: pytest.MonkeyPatch) -> None:
    # N-1 writes a loss below 1e-6 m3/day (the LP's tolerance) as 0; Monte Carlo wrote the
    # round-off (2.0e-11 m3/day of throughput lost in 51 of 400 draws on the embedded network,
    # every segment attacked at p 0.1, seed 3). Here the base is made to read 1e-9 m3/day above
    # the draws' figures: draws that close nothing, or nothing that matters, lose nothing.
    from supplychain.scenarios import montecarlo

    groups = [(0.5, (), ("X",))]
    ctx = SweepContext.create(_tiny(), _tiny_params(), attack_probability={}, attack_groups=groups, seed=4)
    real_base = montecarlo._base_values

    def base_with_round_off(c: SweepContext) -> tuple[float, float]:
        t, s = real_base(c)
        return t + 1e-9, s + 1e-9

    monkeypatch.setattr(montecarlo, "_base_values", base_with_round_off)
    t = monte_carlo(ctx, draws=40, chunk_size=20, progress=False).table
    open_x = t["closed_nodes"] == ""
    assert open_x.any() and (~open_x).any()
    assert (t.loc[open_x, ["throughput_lost_m3_per_day", "served_lost_m3_per_day"]] == 0.0).all().all()
    # Closing X loses 10 of the 15 m3/day served: real losses are kept as they are.
    assert t.loc[~open_x, "served_lost_m3_per_day"].to_numpy() == pytest.approx(10.0 + 1e-9)
    # A draw whose re-solve failed has an unknown loss (NaN), not 0.
    from supplychain.scenarios.sweep_common import _lost

    lost = _lost(15.0, pd.Series([15.0 - 1e-9, float("nan"), 5.0, 16.0]))
    assert lost.iloc[0] == 0.0 and np.isnan(lost.iloc[1]) and lost.iloc[2] == 10.0 and lost.iloc[3] == 0.0


def _depot_and_town() -> nx.MultiDiGraph:
    """Port P (100) -> transit depot D (10 trucks/day, loads nothing) -> M -> Bamako (demand
    12), and P -> town T -> M; roads 100, tanker 1 m3."""
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    for n, role, attrs in (("P", "port", {"supply_m3_per_day": 100.0, "capacity_trucks_per_day": 100.0}),
                           ("D", "depot", {"capacity_trucks_per_day": 10.0}), ("T", "city", {}),
                           ("M", "junction", {}), ("Bamako", "city", {"demand_m3_per_day": 12.0})):  # fmt: skip
        g.add_node(n, name=n, role=role, x=0.0, y=0.0, **attrs)
    for u, v in (("P", "D"), ("D", "M"), ("P", "T"), ("T", "M"), ("M", "Bamako")):
        for a, b in ((u, v), (v, u)):
            g.add_edge(a, b, segment_id=f"R:{u}-{v}", capacity_trucks_per_day=100.0, length_km=1.0,
                       travel_time_h=0.02, corridors=[])  # fmt: skip
    return g


def test_hub_cut_after_lists_transit_depots_and_degraded_towns() -> None:
    # A reviewer saw a transit depot and a degraded town in hub_cut_after, which the README said
    # lists "open segments, border posts and loading points": any place whose own capacity
    # limits the traffic through it can be the cut. Town T degraded to 10 % of each road into
    # it: 10 m3/day on the road from P, as the depot. Base 20 >= 12; closing either way leaves
    # 10, limited by the other way's place. Since 2026-12-05 a degraded town's limit is per
    # road in (not on the sum of its roads in), so the cut names that road, R:P-T.
    g = _depot_and_town()
    sc = Scenario("T degraded", nodes={"T": Effect(capacity_factor=0.1)})
    t = n_minus_1(SweepContext.create(g, _tiny_params(), sc), progress=False).table.set_index("id")
    assert t["single_point_of_failure"].all()
    assert t["hub_cut_after"].to_dict() == {"R:P-D": "R:P-T", "R:D-M": "R:P-T", "R:P-T": "D", "R:T-M": "D",
                                            "R:M-Bamako": "R:M-Bamako (closed)"}  # fmt: skip
    # A closed town on the cut line is named as closed, as a closed border post is.
    sc = Scenario("T closed", nodes={"T": Effect(closed=True)})
    t = n_minus_1(SweepContext.create(g, _tiny_params(), sc), progress=False).table.set_index("id")
    assert t.loc["R:P-D", "hub_cut_after"] == "R:P-D (closed);T (closed)"


def test_single_point_of_failure_without_a_demand_at_bamako_says_its_rule() -> None:
    # Bamako wants nothing (the demand is at Kati, behind M): the flag falls back to any loss
    # of the fuel able to reach Bamako (15 m3/day in the base); the summary said "leaves
    # Bamako less fuel than its demand", a demand of 0.
    g = _tiny(demand=0.0)
    g.add_node("K", name="Kati", role="city", x=0.0, y=0.0, demand_m3_per_day=30.0)
    for a, b in (("M", "K"), ("K", "M")):
        g.add_edge(a, b, segment_id="R:M-K", capacity_trucks_per_day=100.0, length_km=1.0,
                   travel_time_h=0.02, corridors=[])  # fmt: skip
    # No [priority] weight for Bamako either: a weight for a city with no demand is an error,
    # as a priority block for one is.
    import dataclasses

    ctx = SweepContext.create(g, dataclasses.replace(_tiny_params(), city_weights={}))
    r = n_minus_1(ctx, progress=False)
    t = r.table.set_index("id")
    assert t.loc["R:P-M", "hub_flow_m3_per_day"] == pytest.approx(10.0)
    assert bool(t.loc["R:P-M", "single_point_of_failure"])  # 10 < 15: a loss, flagged
    assert r.summary["single_point_of_failure"] == (
        "single point of failure = a closure that alone lowers the fuel able to reach Bamako "
        "(Bamako has no demand: any loss of the base's 15 m3/day counts)")
    from supplychain.scenarios.sweeps import _spof_definition

    assert _spof_definition(ctx, 15.0, k=2).startswith(
        "single point of failure = a combination of 2 closures that together lower the fuel")
    # No Bamako at all: nothing can be flagged, and the summary says why.
    g = nx.relabel_nodes(_tiny(demand=30.0), {"Bamako": "Kati"})
    g.nodes["Kati"]["name"] = "Kati"
    r = n_minus_1(SweepContext.create(g, dataclasses.replace(_tiny_params(), city_weights={})),
                  progress=False)  # fmt: skip
    assert not r.table["single_point_of_failure"].any()
    assert r.summary["single_point_of_failure"] == (
        "single point of failure = none flagged: the network has no Bamako")


def _bamako_and_kita(bamako_demand: float) -> nx.MultiDiGraph:
    """P (1,000 m3/day, tanker 1 m3) - Bamako by a road of 100 trucks/day (240 km), P - Kita
    (demand 10) by one of 5 (24 km)."""
    from .test_lp import node, road

    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    node(g, "P", "port", supply_m3_per_day=1000.0)
    node(g, "Bamako", "city", demand_m3_per_day=bamako_demand)
    node(g, "Kita", "city", demand_m3_per_day=10.0)
    road(g, "P", "Bamako", 100, km=240)
    road(g, "P", "Kita", 5, km=24)
    return g


def _max_flow_to_bamako(g: nx.MultiDiGraph, closed: str | None = None) -> float:
    """networkx's max flow from the supplies to Bamako, a segment closed."""
    flow = nx.DiGraph()
    flow.add_nodes_from(g)
    for u, v, d in g.edges(data=True):
        if d["segment_id"] != closed:
            flow.add_edge(u, v, capacity=d["capacity_trucks_per_day"] * g.graph["tanker_volume_m3"])
    for n, d in g.nodes(data=True):
        if (d.get("supply_m3_per_day") or 0) > 0:
            flow.add_edge("source", n, capacity=d["supply_m3_per_day"])
    return float(nx.maximum_flow_value(flow, "source", "Bamako"))


@pytest.mark.parametrize("workers", [1, 2])
def test_the_hub_flow_does_not_depend_on_bamakos_demand(workers: int) -> None:
    """The hub flow (the max flow to Bamako capped by the throughput) was capped, with no demand
    at Bamako, by a throughput that left Bamako out: 5 m3/day (Kita's road) where networkx
    lets 100 reach Bamako, and 0 with R:P-Kita closed, flagged a single point of failure of
    Bamako though nothing changed there. The cap is now the throughput with Bamako a
    destination, whatever its demand."""
    from .test_lp import params

    g = _bamako_and_kita(0.0)
    r = n_minus_1(SweepContext.create(g, params()), workers=workers, chunk_size=1, progress=False)
    t = r.table.set_index("id")
    assert _max_flow_to_bamako(g) == pytest.approx(100.0)
    for closed in ("R:P-Kita", "R:P-Bamako"):
        assert t.loc[closed, "hub_flow_m3_per_day"] == pytest.approx(_max_flow_to_bamako(g, closed))
    assert t["single_point_of_failure"].to_dict() == {"R:P-Kita": False, "R:P-Bamako": True}
    assert "any loss of the base's 100 m3/day counts" in r.summary["single_point_of_failure"]
    # With a fleet of 10 tankers (a 240 km road: 2.5 m3/day each; Kita's 5 m3/day take 0.2)
    # the throughput with Bamako a destination is 5 + 9.8 x 2.5 = 29.5: the same hub flow with
    # no demand at Bamako as with 50 m3/day.
    from supplychain.models.params import FleetParameters

    fleet = params(fleet=FleetParameters(True, 10.0, 24.0, 0.0, 0.0, 0.0))
    hub = {d: n_minus_1(SweepContext.create(_bamako_and_kita(d), fleet), workers=workers, chunk_size=1,
                        progress=False).table.set_index("id")["hub_flow_m3_per_day"] for d in (0.0, 50.0)}  # fmt: skip
    assert hub[0.0].to_dict() == pytest.approx({"R:P-Kita": 25.0, "R:P-Bamako": 0.0})
    assert hub[0.0].to_dict() == pytest.approx(hub[50.0].to_dict())


def test_worst_case_shows_a_bar_per_k_only_when_asked(ctx: SweepContext, capsys: pytest.CaptureFixture[str]) -> None:
    quiet = worst_case_sweep(ctx, k=2)
    assert capsys.readouterr().err == ""
    loud = worst_case_sweep(ctx, k=2, progress=True)
    err = capsys.readouterr().err
    assert "worst-case" in err and "2/2" in err and ("k/s" in err or "s/k" in err)
    pd.testing.assert_frame_equal(quiet.table, loud.table)


def test_monte_carlo_chunks_draw_their_own_attacks(embedded_network: nx.MultiDiGraph) -> None:
    # Each chunk has its own generator (default_rng([seed, chunk])): with one generator seeded
    # alike in every chunk, 40 draws in chunks of 8 were the same 8 draws five times over.
    ctx = SweepContext.create(embedded_network, load_model_parameters(),
                              attack_probability={"RN1:Kayes-Sandaré": 0.5}, seed=1)
    table = monte_carlo(ctx, draws=40, chunk_size=8, progress=False).table.sort_values("draw")
    closed = (table["closed"] == "RN1:Kayes-Sandaré").tolist()
    chunks = {tuple(closed[i: i + 8]) for i in range(0, 40, 8)}
    assert len(chunks) > 1


def test_n1_ties_on_throughput_are_ranked_by_served_lost_before_hub_flow_lost() -> None:
    """Roads R:a (P to Bamako) and R:b (P to X) carry 1,000 m3/day each: closing either loses
    1,000 of the 2,000 m3/day of throughput, a tie. Bamako wants 200 and X 800, so closing R:a
    loses 200 of served demand and all 1,000 m3/day able to reach Bamako; closing R:b loses 800
    served and none of Bamako's. By throughput, then served lost (the README's rule), R:b
    ranks first; by hub flow before served, or by id, R:a would: swapping the two keys
    (mutation S04) went unnoticed by every test."""
    g = nx.MultiDiGraph(tanker_volume_m3=40.0)
    g.add_node("P", name="P", role="port", x=0.0, y=0.0, supply_m3_per_day=5000.0)
    g.add_node("Bamako", name="Bamako", role="city", x=0.0, y=0.0, demand_m3_per_day=200.0)
    g.add_node("X", name="X", role="city", x=0.0, y=0.0, demand_m3_per_day=800.0)
    for sid, city in (("R:a", "Bamako"), ("R:b", "X")):
        for a, b in (("P", city), (city, "P")):
            g.add_edge(a, b, segment_id=sid, capacity_trucks_per_day=25.0, length_km=1.0,
                       travel_time_h=0.02, corridors=[])  # fmt: skip
    t = n_minus_1(SweepContext.create(g, _tiny_params()), progress=False).table
    lost = t.set_index("id")[["throughput_lost_m3_per_day", "served_lost_m3_per_day",
                              "hub_flow_lost_m3_per_day"]].round(6)  # fmt: skip
    assert lost.loc["R:a"].tolist() == pytest.approx([1000.0, 200.0, 1000.0])
    assert lost.loc["R:b"].tolist() == pytest.approx([1000.0, 800.0, 0.0])
    assert t["id"].tolist()[:2] == ["R:b", "R:a"]
    assert t["rank"].tolist()[:2] == [1, 2]
