"""Monte Carlo over timelines: seeded draws, warm re-solves, hand-checked statistics, bad inputs."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from supplychain.cli import main
from supplychain.errors import ParameterError
from supplychain.models import ModelParameters
from supplychain.models.params import FleetParameters
from supplychain.models.scenario import Effect
from supplychain.models.timeexp import build_timeline_model, solve_timeline
from supplychain.models.timeline import (
    Attack,
    DatedEffects,
    EscortStretch,
    StorageParameters,
    Timeline,
)
from supplychain.models.timeline_result import read_result
from supplychain.scenarios import timeline_mc
from supplychain.scenarios.threats import load_threat
from supplychain.scenarios.timeline_mc import (
    AttackRisk,
    TimelineMCContext,
    attack_risks,
    draw_attacks,
    idle_days,
    timeline_monte_carlo,
)

DAYS = 12
DEMAND = 10.0
FLEET = 20.0
PER_ATTACK = 4.0
ROAD = frozenset({"R:P-C"})


def line() -> nx.MultiDiGraph:
    """Port P -> city C, one road of one day, tanker = 1 m3, demand 10 m3/day."""
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    g.add_node("P", name="P", role="port", x=0.0, y=0.0, country="MLI", supply_m3_per_day=100.0,
               capacity_trucks_per_day=100.0)  # fmt: skip
    g.add_node("C", name="C", role="city", x=1.0, y=0.0, country="MLI", demand_m3_per_day=DEMAND)
    for u, v in (("P", "C"), ("C", "P")):
        g.add_edge(u, v, segment_id="R:P-C", capacity_trucks_per_day=1000.0, length_km=50.0,
                   travel_time_h=24.0, corridors=["P-C"])  # fmt: skip
    return g


def params(tankers: float = FLEET) -> ModelParameters:
    # A tanker drives 24 h a day, no loading time: a 1-day trip ties a tanker 2 days per m3.
    return ModelParameters(1.0, {}, (), 1.0, 100.0, "X", FleetParameters(True, tankers, 24.0, 0.0, 0.0, 0.0))


def timeline(days: int = DAYS) -> Timeline:
    # 1.5 days of demand in stock (cap = initial = 15 m3), no floor.
    return Timeline("line", "", date(2026, 1, 1), days, storage=StorageParameters(1.5, 1.5, 0.0))


def context(p: float = 0.15, seed: int = 7, days: int = DAYS, tankers: float = FLEET,
            warm: bool = False) -> TimelineMCContext:  # fmt: skip
    risk = AttackRisk("road", p, ROAD, 0, days - 1)
    return TimelineMCContext.create(line(), params(tankers), timeline(days), [risk], seed=seed,
                                    tankers_per_attack=PER_ATTACK, warm=warm)  # fmt: skip


def oracle(hits: np.ndarray) -> dict[str, float]:
    """Hand computation of one draw on the line.

    Each day the fleet carries at most fleet / 2 m3 (out and back); an attack on day t destroys
    4 tankers (fleet - 4 from day t; at most the fleet left before it) and the 4 m3 they carry,
    which leave on day t beside the fleet's own (the destroyed tankers leave the road as they
    leave the fleet; before 2026-12-04 the 4 m3 were taken from the fleet's fleet / 2). Fuel
    leaving on day t arrives on t + 1; the city serves from arrivals and stock, as early as it
    can (the goal rewards early delivery), its stock capped at 15 m3.
    """
    attacks = np.nonzero(hits)[0]
    fleet = np.maximum(FLEET - PER_ATTACK * np.cumsum(hits), 0.0)
    before = np.maximum(FLEET - PER_ATTACK * (np.cumsum(hits) - hits), 0.0)
    lost = np.where(hits, np.minimum(PER_ATTACK, before), 0.0)
    arrivals = np.concatenate([[0.0], (fleet / 2.0)[:-1]])
    stock, cap = 15.0, 15.0
    delivered, unmet, dry, short = [], [], [], []
    for t in range(len(hits)):
        avail = stock + arrivals[t]
        d = min(DEMAND, avail)
        # Short: more than 0.1 % of the day's demand unmet; dry: short with an empty stock at
        # the start of the day (a day whose arrivals fall short of what the stock lacks is short
        # with stock).
        short.append(DEMAND - d > 1e-2)
        dry.append(DEMAND - d > 1e-2 and stock < 1e-2)
        delivered.append(d)
        unmet.append(DEMAND - d)
        stock = min(cap, avail - d)
    first, first_short = np.nonzero(dry)[0], np.nonzero(short)[0]
    return {"delivered_m3": sum(delivered), "unmet_m3": sum(unmet), "dry_days": int(sum(dry)),
            "first_dry_day": float(first[0]) if len(first) else np.nan, "attacks": len(attacks),
            "short_days": int(sum(short)), "first_short_day": float(first_short[0]) if len(first_short) else np.nan,
            "tankers_lost": PER_ATTACK * len(attacks), "cargo_lost_m3": float(lost.sum())}  # fmt: skip


@pytest.mark.parametrize("warm", [False, True])
def test_draws_match_the_hand_computation_and_so_do_the_statistics(warm: bool) -> None:
    ctx = context(warm=warm)
    result = timeline_monte_carlo(ctx, draws=30, chunk_size=7, progress=False)
    table = result.table
    assert len(table) == 30 and (table["status"] == "optimal").all()
    expected = pd.DataFrame([oracle(draw_attacks(ctx.risks, DAYS, ctx.seed, i)[0]) for i in range(30)])
    for column in ("delivered_m3", "unmet_m3", "cargo_lost_m3", "tankers_lost"):
        np.testing.assert_allclose(table[column], expected[column], atol=1e-6, err_msg=column)
    np.testing.assert_array_equal(table["dry_days"], expected["dry_days"])
    np.testing.assert_array_equal(table["first_dry_day"], expected["first_dry_day"])
    np.testing.assert_array_equal(table["short_days"], expected["short_days"])
    np.testing.assert_array_equal(table["first_short_day"], expected["first_short_day"])
    # Some draws go short on days the city still has stock (short, not dry): the two differ.
    assert (expected["short_days"] > expected["dry_days"]).any()
    np.testing.assert_array_equal(table["attacks"], expected["attacks"])
    assert expected["attacks"].nunique() > 2 and expected["unmet_m3"].nunique() > 2  # a real spread
    s = result.summary
    assert s["unmet_m3"]["mean"] == pytest.approx(expected["unmet_m3"].mean())
    assert s["unmet_m3"]["p50"] == pytest.approx(expected["unmet_m3"].median())
    assert s["tankers_lost"]["mean"] == pytest.approx(expected["tankers_lost"].mean())
    dry = expected["first_dry_day"].dropna()
    assert s["cities"]["C"]["p_dry"] == pytest.approx(len(dry) / 30)
    assert s["cities"]["C"]["first_dry_day_when_dry"]["p50"] == pytest.approx(dry.median())
    assert s["cities"]["C"]["p_short"] == pytest.approx((expected["short_days"] > 0).mean())
    assert s["cities"]["C"]["short_days"]["p50"] == pytest.approx(expected["short_days"].median())
    assert s["cities"]["C"]["base_short_days"] == oracle(np.zeros(DAYS, bool))["short_days"]
    assert s["base"]["unmet_m3"] == pytest.approx(oracle(np.zeros(DAYS, bool))["unmet_m3"])
    assert s["risks"][0]["expected_attacks"] == pytest.approx(0.15 * DAYS)


def _interrupt_at_draw(monkeypatch: pytest.MonkeyPatch, first_draw: int) -> Any:
    """Ctrl-C when the chunk starting at draw ``first_draw`` begins (an interrupted run);
    returns the real chunk function, to put back for the resume."""
    real = timeline_mc._draw_chunk

    def stop(task: tuple[int, int], ctx: TimelineMCContext) -> pd.DataFrame:
        if task[0] == first_draw:
            raise KeyboardInterrupt
        return real(task, ctx)

    monkeypatch.setattr(timeline_mc, "_draw_chunk", stop)
    return real


def test_the_draw_rule_is_a_daily_bernoulli_per_risk_in_its_window() -> None:
    risks = [AttackRisk("a", 0.3, ROAD, 2, 5), AttackRisk("b", 1.0, ROAD, 0, 0)]
    hits = draw_attacks(risks, 8, seed=3, draw=4)
    u = np.random.default_rng(np.random.SeedSequence(3, spawn_key=(4,))).random((2, 8))
    np.testing.assert_array_equal(hits[0], (u[0] < 0.3) & (np.arange(8) >= 2) & (np.arange(8) <= 5))
    assert hits[1].tolist() == [True] + [False] * 7
    many = np.array([draw_attacks(risks[:1], 8, seed=1, draw=i)[0] for i in range(4000)])
    assert many[:, 2:6].mean() == pytest.approx(0.3, abs=0.02) and not many[:, [0, 1, 6, 7]].any()


@pytest.mark.parametrize("warm", [False, True])
def test_draws_that_destroy_the_fleet_match_the_hand_computation(warm: bool,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # 5 attacks of 4 tankers leave none of the 20: the trips after that get no column (cold)
    # or are bounded at 0 in the template (warm), and the next draw's are put back.
    ctx = context(p=0.45, seed=2, warm=warm)
    zeroed: list[int] = []
    real = timeline_mc._DrawSolver._bound_fleetless

    def spy(self: Any, fleet: np.ndarray, destroyed: dict[int, float]) -> None:
        real(self, fleet, destroyed)
        zeroed.append(len(self.zeroed))

    monkeypatch.setattr(timeline_mc._DrawSolver, "_bound_fleetless", spy)
    timeline_mc._WORKER_CACHE.clear()
    table = timeline_monte_carlo(ctx, draws=12, chunk_size=12, progress=False).table
    hits = [draw_attacks(ctx.risks, DAYS, ctx.seed, i)[0] for i in range(12)]
    expected = pd.DataFrame([oracle(h) for h in hits])
    for column in ("delivered_m3", "unmet_m3", "cargo_lost_m3"):
        np.testing.assert_allclose(table[column], expected[column], atol=1e-6, err_msg=column)
    np.testing.assert_allclose(table["tankers_lost"], np.minimum(expected["tankers_lost"], FLEET))
    np.testing.assert_array_equal(table["first_dry_day"], expected["first_dry_day"])
    # The day the fleet is gone (DAYS: never).
    gone = [int(np.argmax(np.cumsum(h) * PER_ATTACK >= FLEET)) if h.sum() * PER_ATTACK >= FLEET else DAYS
            for h in hits]  # fmt: skip
    assert sum(g < DAYS - 1 for g in gone) >= 2 and DAYS in gone  # draws with and without a fleet left
    if warm:
        assert all(n > 0 for n, g in zip(zeroed, gone, strict=True) if g < DAYS - 1)
        assert all(n == 0 for n, g in zip(zeroed, gone, strict=True) if g == DAYS)


@pytest.mark.parametrize("warm", [False, True])
def test_same_seed_same_table_whatever_the_workers_or_chunks(warm: bool) -> None:
    one = timeline_monte_carlo(context(warm=warm), draws=12, chunk_size=5, progress=False).table
    timeline_mc._WORKER_CACHE.clear()  # a fresh worker state
    again = timeline_monte_carlo(context(warm=warm), draws=12, chunk_size=3, progress=False).table
    two = timeline_monte_carlo(context(warm=warm), draws=12, chunk_size=2, workers=2, progress=False).table
    pd.testing.assert_frame_equal(one, again)
    pd.testing.assert_frame_equal(one, two)
    other = timeline_monte_carlo(context(seed=8, warm=warm), draws=12, chunk_size=5, progress=False).table
    assert not other["attack_days"].equals(one["attack_days"])


def test_the_default_chunks_give_every_worker_draws(tmp_path: Path) -> None:
    # 10 draws by default in a chunk: 10 draws on 2 workers went to one chunk, one worker
    # solving them all. Fewer draws per chunk then (the draws do not depend on it).
    from supplychain.scenarios.store import recorded_run

    assert [timeline_mc._default_chunk_size(d, w, None) for d, w in ((10, 2), (11, 2), (200, 2), (10, 1), (1, 4))] \
        == [5, 6, 10, 10, 1]  # fmt: skip
    assert timeline_mc._default_chunk_size(10, 2, "tcp://127.0.0.1:8786") == 10  # Dask: workers unknown
    out = tmp_path / "mc.parquet"
    two = timeline_monte_carlo(context(), draws=4, workers=2, out=out, progress=False).table
    run = recorded_run(out)
    assert run is not None and run[1]["chunk_size"] == 2
    pd.testing.assert_frame_equal(two, timeline_monte_carlo(context(), draws=4, progress=False).table)


def test_a_dask_local_cluster_gives_the_local_table() -> None:
    from distributed import LocalCluster

    local = timeline_monte_carlo(context(), draws=8, chunk_size=3, progress=False).table
    with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=":0",
                      processes=True) as cluster:  # fmt: skip
        distributed = timeline_monte_carlo(context(), draws=8, chunk_size=3,
                                           scheduler=cluster.scheduler_address, progress=False).table  # fmt: skip
    pd.testing.assert_frame_equal(local, distributed, check_exact=True)  # README: identical
    assert (distributed["attacks"] > 0).any()  # the draws are not all the base run


def test_zero_probability_gives_the_base_run_in_every_draw() -> None:
    # Fleet of 14 (7 m3/day for a demand of 10): the city runs dry on day 3 without attacks
    # (stock 15: 10 + 10 - 7 + 9 - 7 = 0 left after day 2).
    ctx = context(p=0.0, tankers=14.0)
    table = timeline_monte_carlo(ctx, draws=5, progress=False).table
    base = solve_timeline(build_timeline_model(line(), params(14.0), timeline()), lexicographic=False)
    c = base.cities["C"]
    assert base.first_dry_day()["C"] == 3
    assert (table["attacks"] == 0).all()
    np.testing.assert_allclose(table["delivered_m3"], c["delivered"].sum(), atol=1e-9)
    np.testing.assert_allclose(table["unmet_m3"], c["unmet"].sum(), atol=1e-9)
    assert table["first_dry_day"].tolist() == [float(base.first_dry_day()["C"])] * 5


def test_warm_draws_equal_draws_built_and_solved_on_their_own() -> None:
    # Fleet of 14: the base plan is fleet-bound from day 0, attacks move it. One segment, so
    # both ways solve on the same arcs.
    warm = timeline_monte_carlo(context(p=0.3, seed=2, tankers=14.0, warm=True), draws=6, progress=False).table
    cold = timeline_monte_carlo(context(p=0.3, seed=2, tankers=14.0), draws=6, progress=False).table
    assert set(warm["method"]) == {"warm"} and set(cold["method"]) == {"cold"}
    assert (cold["attacks"] > 0).sum() >= 3
    for column in ("delivered_m3", "unmet_m3", "cargo_lost_m3", "tankers_lost", "dry_days"):
        np.testing.assert_allclose(warm[column], cold[column], atol=1e-6, err_msg=column)
    pd.testing.assert_series_equal(warm["attack_days"], cold["attack_days"])
    for i in range(6):  # and cold is the timeline itself, solved as `supplychain timeline` does
        hits = draw_attacks(context(p=0.3).risks, DAYS, 2, i)[0]
        attacks = tuple(Attack("road", int(t), PER_ATTACK, ROAD) for t in np.nonzero(hits)[0])
        alone = solve_timeline(build_timeline_model(line(), params(14.0), replace(timeline(), attacks=attacks)),
                               lexicographic=False)  # fmt: skip
        assert cold.loc[i, "unmet_m3"] == pytest.approx(alone.cities["C"]["unmet"].sum(), abs=1e-9)


def test_warm_draws_keep_the_fleet_rows_constant_for_the_initial_stock() -> None:
    # With unloading hours, day 0's fleet row carries a constant (timeexp.define_fleet: the
    # initial stock is not unloaded off tankers): a warm draw that set the row's bound to the
    # fleet alone allowed 7.5 tanker-days less on day 0 than the draw built on its own.
    unloading = replace(params(14.0), fleet=FleetParameters(True, 14.0, 24.0, 0.0, 12.0, 0.0))
    risk = AttackRisk("road", 0.3, ROAD, 0, DAYS - 1)
    tables = [timeline_monte_carlo(TimelineMCContext.create(line(), unloading, timeline(), [risk], seed=2,
                                                            tankers_per_attack=PER_ATTACK, warm=warm),
                                   draws=4, progress=False).table for warm in (True, False)]  # fmt: skip
    assert set(tables[0]["method"]) == {"warm"} and set(tables[1]["method"]) == {"cold"}
    for column in ("delivered_m3", "unmet_m3", "cargo_lost_m3", "tankers_lost"):
        np.testing.assert_allclose(tables[0][column], tables[1][column], atol=1e-6, err_msg=column)


def test_the_run_key_is_of_the_storage_values_not_their_file() -> None:
    # A timeline sweep's key held its storage file's path, as every sweep's held the model
    # parameters' until 2026-12-05: the same storage file elsewhere (a threat file's
    # `[timeline] storage` in a copied folder) recomputed every draw or closure, not resumed.
    from supplychain.scenarios.sweep_common import _timeline_hash

    g, p, tl = line(), params(FLEET), timeline(DAYS)
    risk = [AttackRisk("road", 0.15, ROAD, 0, DAYS - 1)]
    here, there, fuller = (replace(tl, storage=replace(tl.storage, **kw)) for kw in (
        {"source": "/a/storage.toml"}, {"source": "/b/copy.toml"},
        {"source": "/a/storage.toml", "initial_days": 1.0}))  # fmt: skip
    keys = [TimelineMCContext.create(g, p, t, risk, seed=7).key for t in (here, there, fuller)]
    assert keys[0] == keys[1] and keys[2] != keys[0]
    assert _timeline_hash(g, p, here).hexdigest() == _timeline_hash(g, p, there).hexdigest()


def test_an_interrupted_run_resumes_and_writes_the_summary(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    whole = timeline_monte_carlo(context(), draws=9, chunk_size=3, progress=False).table
    out = tmp_path / "mc.parquet"
    real = _interrupt_at_draw(monkeypatch, 6)
    with pytest.raises(KeyboardInterrupt):
        timeline_monte_carlo(context(), draws=9, chunk_size=3, out=out, progress=False)
    assert len(list(out.with_name("mc.parquet.parts").glob("chunk-*.parquet"))) == 2
    monkeypatch.setattr(timeline_mc, "_draw_chunk", real)
    again = timeline_monte_carlo(context(), draws=9, chunk_size=3, out=out, progress=False)
    assert again.summary["resumed_chunks"] == 2 and again.summary["draws_per_s"] is None
    pd.testing.assert_frame_equal(again.table, whole)
    pd.testing.assert_frame_equal(pd.read_parquet(out), whole)
    summary = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert summary["draws"] == 9 and "C" in summary["cities"]


def test_chunks_kept_without_short_days_are_computed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    # Chunks kept by a version before 2026-12-06 have no short_days: resumed, they would give
    # NaN short days beside this version's draws.
    whole = timeline_monte_carlo(context(), draws=9, chunk_size=3, progress=False).table
    out = tmp_path / "mc.parquet"
    real = timeline_mc._draw_chunk

    def old_then_stop(task: tuple[int, int], ctx: TimelineMCContext) -> pd.DataFrame:
        if task[0] == 6:
            raise KeyboardInterrupt
        return real(task, ctx).drop(columns=["short_days", "first_short_day"])  # as before 2026-12-06

    monkeypatch.setattr(timeline_mc, "_draw_chunk", old_then_stop)
    with pytest.raises(KeyboardInterrupt):
        timeline_monte_carlo(context(), draws=9, chunk_size=3, out=out, progress=False)
    assert len(list(out.with_name("mc.parquet.parts").glob("chunk-*.parquet"))) == 2
    monkeypatch.setattr(timeline_mc, "_draw_chunk", real)
    with caplog.at_level("WARNING", logger="supplychain.scenarios.sweep_common"):
        again = timeline_monte_carlo(context(), draws=9, chunk_size=3, out=out, progress=False)
    assert "2 kept chunk(s) lack short_days (kept by an older version): computed again" in caplog.text
    pd.testing.assert_frame_equal(again.table, whole)
    assert again.table["short_days"].notna().all()


@pytest.mark.parametrize(("other", "said"), [
    ({"tankers_per_attack": 5.0}, "settings differ: tankers_per_attack 5.0 here, 4.0 in the folder)"),
    ({"warm": True}, "settings differ: warm True here, False in the folder)"),
    ({"days": DAYS - 1}, f"settings differ: days {DAYS - 1} here, {DAYS} in the folder)"),
])
def test_another_run_on_the_folder_is_refused_naming_what_differs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, other: dict[str, Any], said: str) -> None:
    # Only the seed and the chunk size were recorded: a run with other tankers per attack (or
    # --warm, another horizon) was told "chunk_size 10 here, 3 in the folder", and given that
    # chunk size, "the network, parameters, scenario or horizon differ". The draws' chunk size
    # and count make no other run: never named.
    out = tmp_path / "mc.parquet"
    _interrupt_at_draw(monkeypatch, 6)
    with pytest.raises(KeyboardInterrupt):
        timeline_monte_carlo(context(), draws=9, chunk_size=3, out=out, progress=False)
    days = other.get("days", DAYS)
    ctx = TimelineMCContext.create(line(), params(), timeline(days), [AttackRisk("road", 0.15, ROAD, 0, days - 1)],
                                   seed=7, tankers_per_attack=other.get("tankers_per_attack", PER_ATTACK),
                                   warm=other.get("warm", False))  # fmt: skip
    for chunk_size in (None, 3):
        with pytest.raises(ParameterError) as err:
            timeline_monte_carlo(ctx, draws=12, chunk_size=chunk_size, out=out, progress=False)
        assert said in str(err.value) and "chunk_size" not in str(err.value) and "draws" not in str(err.value)


def test_a_run_resumed_with_the_other_drop_recorded_attacks_names_the_tankers_lost_before_day_0(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # fuzz24: with a --start after the file's attacks no recorded attack is kept either way,
    # only the tankers they destroyed before day 0 differ: the run was refused as one whose
    # "network, parameters, scenario or horizon differ".
    out = tmp_path / "mc.parquet"
    risk = [AttackRisk("road", 0.15, ROAD, 0, DAYS - 1)]
    earlier = replace(timeline(), fleet_lost_before_start=5.0)
    _interrupt_at_draw(monkeypatch, 6)
    with pytest.raises(KeyboardInterrupt):
        timeline_monte_carlo(TimelineMCContext.create(line(), params(), earlier, risk, seed=7),
                             draws=9, chunk_size=3, out=out, progress=False)  # fmt: skip
    dropped = TimelineMCContext.create(line(), params(), earlier, risk, seed=7, drop_recorded_attacks=True)
    with pytest.raises(ParameterError, match=r"settings differ: tankers_lost_before_start 0\.0 here, 5\.0 in the "
                                             r"folder\)"):  # fmt: skip
        timeline_monte_carlo(dropped, draws=9, chunk_size=3, out=out, progress=False)


def test_bad_inputs_are_collected_in_one_error() -> None:
    risk = AttackRisk("road", 1.5, ROAD, 0, 20)
    with pytest.raises(ParameterError) as err:
        TimelineMCContext.create(line(), params(), timeline(), [risk], seed=-1, tankers_per_attack=-2.0)
    text = str(err.value)
    assert "1.5" in text and "0-11" in text and "tankers per attack -2" in text and "seed -1" in text
    with pytest.raises(ParameterError, match="draws 0"):
        timeline_monte_carlo(context(), draws=0, progress=False)
    with pytest.raises(ParameterError, match="no attack risk"):
        timeline_monte_carlo(replace(context(), risks=()), draws=1, progress=False)


@pytest.mark.parametrize(("seed", "tankers", "named"), [(1.5, 4.0, "seed 1.5"), (True, 4.0, "seed True"),
                                                     ("7", 4.0, "seed '7'"), (7, "4", "tankers per attack '4'")])
def test_a_seed_or_tanker_count_of_the_wrong_type_is_refused_before_any_solve(seed: object, tankers: object,
                                                                              named: str) -> None:
    """``seed=1.5`` passed the check (``1.5 < 0`` is False) and failed in numpy at the first
    draw, after the base solve; ``seed=True`` ran as seed 1 under another fingerprint; ``"7"``
    failed with a bare TypeError ('<' between str and int). Refused with the other problems."""
    from supplychain.errors import ArgumentTypeError

    risk = AttackRisk("road", 0.1, ROAD, 0, DAYS - 1)
    with pytest.raises(ArgumentTypeError) as err:
        TimelineMCContext.create(line(), params(), timeline(), [risk], seed=seed,  # type: ignore[arg-type]
                                 tankers_per_attack=tankers)  # type: ignore[arg-type]
    assert named in str(err.value)


def test_rules_give_risks_with_their_dated_windows(tmp_path: Path) -> None:
    threat = tmp_path / "t.toml"
    threat.write_text('[timeline]\nstart = 2026-01-01\ndays = 12\n\n[[rule]]\nlabel = "road"\n'
                      'segments = ["R:P-C"]\nattack_probability = 0.2\nfrom = 2026-01-04\n'
                      'to = 2026-01-30\n\n[[rule]]\nsegments = ["R:P-C"]\ncapacity_factor = 0.5\n',
                      encoding="utf-8")  # fmt: skip
    (risk,) = attack_risks(load_threat(threat), line(), timeline())
    assert (risk.label, risk.probability_per_day, risk.first, risk.last) == ("road", 0.2, 3, DAYS - 1)
    assert risk.segments == ROAD


def test_risks_of_one_label_say_their_file_and_rule(tmp_path: Path) -> None:
    # fuzz24: a child file reusing its parent's label gave attacks no one could tell apart in
    # the table's attack_days.
    parent = tmp_path / "parent.toml"
    parent.write_text('[[rule]]\nlabel = "road"\nsegments = ["R:P-C"]\nattack_probability = 0.2\n', encoding="utf-8")
    child = tmp_path / "child.toml"
    child.write_text('inherits = "parent.toml"\n[[rule]]\nlabel = "road"\nsegments = ["R:P-C"]\n'
                     'attack_probability = 0.1\n[[rule]]\nlabel = "other"\nsegments = ["R:P-C"]\n'
                     'attack_probability = 0.1\n', encoding="utf-8")  # fmt: skip
    labels = [r.label for r in attack_risks(load_threat(child), line(), timeline())]
    assert labels == ["road (parent.toml rule[0])", "road (child.toml rule[0])", "other"]


@pytest.mark.parametrize(("args", "message"), [
    (["--draws", "2"], "--scenario is required"),
    (["--scenario", "models/threat-blockade-2025.toml", "--days", "0"], "--days 0"),
    (["--scenario", "models/threat-blockade-2025.toml", "--tankers-per-attack", "-3"], "-3"),
    (["--scenario", "models/timeline-blockade-2025-26.toml", "--days", "5"], "no attack probability"),
])  # fmt: skip
def test_cli_bad_inputs_are_one_line_errors(tmp_path: Path, args: list[str], message: str) -> None:
    repo = Path(__file__).resolve().parents[1]
    args = [a.replace("models/", f"{repo}/models/") for a in args]
    out = tmp_path / "mc.parquet"
    result = CliRunner().invoke(main, ["stress", "timeline-mc", *args, "--out", str(out)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0]
    assert not out.exists() and not out.with_suffix(".json").exists()


def test_cli_runs_and_prints_the_distribution(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[1]
    out = tmp_path / "mc.parquet"
    result = CliRunner().invoke(main, [
        "stress", "timeline-mc", "--scenario", str(repo / "models" / "threat-blockade-2025.toml"),
        "--draws", "3", "--seed", "1", "--days", "6", "--out", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "timeline-mc on" in result.output and "unmet m3: mean" in result.output
    # 3 draws bound no P5 or P95: the report said so, the text printed them as any others (user36).
    assert "  (only 3 draws: too few to bound the P5 and P95 with 95 % confidence; read them as rough)" \
        in result.output
    table = pd.read_parquet(out)
    assert sorted(table["draw"].unique()) == [0, 1, 2] and table["city"].nunique() > 5


def test_a_capped_warm_start_goes_on_with_the_interior_point(monkeypatch: pytest.MonkeyPatch) -> None:
    warm = timeline_monte_carlo(context(seed=11, warm=True), draws=6, progress=False).table
    assert set(warm["method"]) == {"warm"}
    timeline_mc._WORKER_CACHE.clear()
    monkeypatch.setattr(timeline_mc, "_CAP_PER_ROW", 0.0)  # one dual iteration allowed
    capped = timeline_monte_carlo(context(seed=11, warm=True), draws=6, progress=False).table
    timeline_mc._WORKER_CACHE.clear()
    moved = capped["attacks"] > 0
    assert moved.any() and set(capped.loc[moved, "method"]) == {"interior point"}
    for column in ("delivered_m3", "unmet_m3", "cargo_lost_m3", "dry_days"):
        np.testing.assert_allclose(capped[column], warm[column], atol=1e-6, err_msg=column)


def test_a_draw_near_the_base_is_allowed_more_dual_iterations(monkeypatch: pytest.MonkeyPatch) -> None:
    # At the observed attack rate a quarter of the draws (2-8 attacks) needed 0.33-0.61 dual
    # iterations per row: past the cap of 0.3 the interior point cost 12-18 s more each.
    timeline_mc._WORKER_CACHE.clear()
    monkeypatch.setattr(timeline_mc, "_CAP_PER_ROW", 1e-9)  # one dual iteration allowed
    monkeypatch.setattr(timeline_mc, "_NEAR_CAP_FACTOR", 1e15)  # ... or all it takes, if near
    monkeypatch.setattr(timeline_mc, "_NEAR_ATTACKS", 1)
    table = timeline_monte_carlo(context(seed=11, warm=True), draws=6, progress=False).table
    timeline_mc._WORKER_CACHE.clear()
    near, far = table[table["attacks"].between(1, 1)], table[table["attacks"] > 1]
    assert len(near) and len(far)
    assert set(near["method"]) == {"warm"} and set(far["method"]) == {"interior point"}


def test_workers_start_from_the_drivers_basis_without_solving_the_base(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The driver solves the base once (interior point + crossover); a draw solver (any worker)
    # hands the template to HiGHS and starts from that basis: no solve_timeline call, and the
    # dual simplex finds the basis optimal without a pivot.
    from supplychain.models import timeexp
    from supplychain.scenarios import timeline_mc as tmc

    ctx = context(warm=True)
    base = tmc._DrawSolver(ctx, base=True)
    assert base.base is not None and base.base.status == "optimal"
    codes = base.basis_codes()
    assert codes is not None

    def no_solve(*args: object, **kwargs: object) -> None:
        raise AssertionError("a draw solver solved the base again")

    monkeypatch.setattr(timeexp, "solve_timeline", no_solve)
    drawer = tmc._DrawSolver(replace(ctx, base_basis=codes))
    assert drawer.highs.getInfo().simplex_iteration_count == 0
    assert drawer.basis_codes() == codes
    hits = draw_attacks(ctx.risks, DAYS, ctx.seed, 3)
    status, _, cols = drawer.solve(hits)
    assert status == "optimal" and drawer.method == "warm"
    expected = oracle(hits[0])
    rows = drawer.rows(3, status, _, cols)
    assert rows[0]["unmet_m3"] == pytest.approx(expected["unmet_m3"], abs=1e-6)


def test_the_run_fingerprint_is_the_same_in_every_process(tmp_path: Path) -> None:
    # repr() of a frozenset of segment ids follows Python's per-process string hashing: the
    # shipped threat's run fingerprint changed between processes and an interrupted run could
    # never resume ("holds chunks of a different run"). Two processes, two hash seeds.
    import os
    import subprocess
    import sys

    code = (
        "from pathlib import Path\n"
        "from supplychain.networks import build_network\n"
        "from supplychain.models import load_model_parameters\n"
        "from supplychain.scenarios.threats import load_threat\n"
        "from supplychain.scenarios.timeline_stress import load_timeline\n"
        "from supplychain.scenarios.timeline_mc import TimelineMCContext, attack_risks\n"
        "path = Path('models/threat-blockade-2025.toml')\n"
        "g = build_network()\n"
        "tl = load_timeline(path, g, days=20)\n"
        "risks = attack_risks(load_threat(path), g, tl)\n"
        "print(TimelineMCContext.create(g, load_model_parameters(), tl, risks, seed=5).key)\n"
    )
    root = Path(__file__).resolve().parents[1]
    keys = {subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip()
            for seed in ("1", "2", "3")}  # fmt: skip
    assert len(keys) == 1 and len(next(iter(keys))) == 16


@pytest.mark.parametrize("warm", [False, True])
def test_tankers_lost_never_exceed_the_fleet(warm: bool) -> None:
    # A fleet of 10 and attacks of 4 tankers on half the days: each draw loses at most 10
    # (a draw of 68 attacks said 2,720 lost of a fleet of 2,500 before 2026-12-03).
    table = timeline_monte_carlo(context(p=0.5, tankers=10.0, warm=warm), draws=6, progress=False).table
    by_draw = table.groupby("draw").agg(attacks=("attacks", "first"), lost=("tankers_lost", "first"))
    assert (by_draw["attacks"] * PER_ATTACK > 10.0).all()
    np.testing.assert_allclose(by_draw["lost"], 10.0)


def test_dropping_recorded_attacks_drops_those_before_day_0_too() -> None:
    # A file's attacks before --start take their tankers off the starting fleet; drawing
    # attacks instead of the file's must not keep that part of them.
    risk = AttackRisk("road", 0.1, ROAD, 0, DAYS - 1)
    tl = replace(timeline(), attacks=(Attack("recorded", 3, PER_ATTACK, ROAD),), fleet_lost_before_start=5.0)
    kept = TimelineMCContext.create(line(), params(), tl, [risk], seed=1, tankers_per_attack=PER_ATTACK)
    dropped = TimelineMCContext.create(line(), params(), tl, [risk], seed=1, tankers_per_attack=PER_ATTACK,
                                       drop_recorded_attacks=True)  # fmt: skip
    assert kept.timeline.fleet_lost_before_start == 5.0 and kept.timeline.attacks
    assert dropped.timeline.fleet_lost_before_start == 0.0 and not dropped.timeline.attacks


def test_tankers_destroyed_before_day_0_are_said(tmp_path: Path) -> None:
    # The text said "0 recorded attacks kept" and the summary nothing of the 5 tankers the
    # file's earlier attacks took off the fleet of every draw (timeline's JSON has them).
    from supplychain.cli._timeline_mc import _text

    risk = AttackRisk("road", 0.1, ROAD, 0, DAYS - 1)
    tl = replace(timeline(), fleet_lost_before_start=5.0)
    ctx = TimelineMCContext.create(line(), params(), tl, [risk], seed=1, tankers_per_attack=PER_ATTACK)
    summary = timeline_monte_carlo(ctx, draws=2, progress=False).summary
    assert summary["tankers_lost_before_start"] == 5.0 and summary["recorded_attacks"] == 0
    assert ("0 recorded attacks kept (5 tankers destroyed before day 0 by the file's earlier "
            "attacks: off the fleet of every draw)") in _text(summary)
    plain = timeline_monte_carlo(context(), draws=2, progress=False).summary
    assert plain["tankers_lost_before_start"] == 0.0 and "before day 0" not in _text(plain)
    # One risk and one recorded attack in the singular ("1 attack risks ...; 1 recorded
    # attacks kept" before).
    one = {**summary, "recorded_attacks": 1}
    assert len(one["risks"]) == 1
    assert "  1 attack risk, " in _text(one) and "; 1 recorded attack kept (" in _text(one)
    # And one draw of one day ("1 draws of 1 days" before; fuzz24).
    assert ": 1 draw of 1 day from " in _text({**summary, "draws": 1, "days": 1})
    assert f": 2 draws of {DAYS} days from " in _text(summary)


def injected_context(*, warm: bool, backlog: float = 0.0) -> TimelineMCContext:
    """The line over 8 days with a fleet of 14, a full tank of 15 m3 and two stock injections
    (8 m3 on day 0, 30 m3 on day 1)."""
    tl = Timeline("injected", "", date(2026, 1, 1), 8, injections=((0, "C", 8.0), (1, "C", 30.0)),
                  storage=StorageParameters(1.5, 1.5, 0.0, backlog_share=backlog))  # fmt: skip
    return TimelineMCContext.create(line(), params(14.0), tl, [AttackRisk("road", 0.3, ROAD, 0, 7)], seed=21,
                                    tankers_per_attack=PER_ATTACK, warm=warm)  # fmt: skip


def test_warm_draws_read_stock_injections_as_read_result_does() -> None:
    # Taking an injection is worth a tie-break only: the warm vertex of these draws takes the
    # day-1 injection where the day-0 one had the room (5 m3 in stock at the end of day 0 where
    # 13 fit, the tank full at the end of day 1 either way). read_result takes the earlier one
    # first (timeline_result.fill_injections); before 2026-12-03 the warm rows read HiGHS's
    # stock columns as they were, and dry days from them.
    ctx = injected_context(warm=True)
    ctx = replace(ctx, base_basis=timeline_mc._DrawSolver(ctx, base=True).basis_codes())
    solver = timeline_mc._DrawSolver(ctx)
    model = solver.model
    stock_cols = [model.stock[("C", t)].index for t in range(1, 9)]
    moved = 0
    for draw in range(4):
        status, _, cols = solver.solve(draw_attacks(ctx.risks, 8, ctx.seed, draw))
        assert status == "optimal"
        for var in model.problem.variables():
            var.varValue = cols[var.index]
        read = read_result(model, "optimal", 0.0, None).cities["C"]["stock"][1:]
        moved += not np.allclose(cols[stock_cols], read, atol=1e-6)
        np.testing.assert_allclose(solver._stocks(cols)[0], read, atol=1e-9, err_msg=f"draw {draw}")
    assert moved >= 3  # the case still has plans the fill changes


@pytest.mark.parametrize("backlog", [0.0, 0.5])
def test_warm_and_cold_rows_agree_with_stock_injections_and_a_backlog(backlog: float) -> None:
    # With a backlog share a day's unmet is its queue, a share of which comes back: the cold
    # rows count each m3 once (TimelineResult.shortfall); before 2026-12-03 the warm rows
    # summed the queues (unmet 49.1 against 33.0 m3 in one draw of a random case).
    warm = timeline_monte_carlo(injected_context(warm=True, backlog=backlog), draws=6, progress=False).table
    cold = timeline_monte_carlo(injected_context(warm=False, backlog=backlog), draws=6, progress=False).table
    assert set(cold["method"]) == {"cold"} and "cold" not in set(warm["method"])
    assert (cold["dry_days"] > 0).sum() >= 3 and cold["unmet_m3"].min() > 1.0
    # Short days too (2026-12-06): both read a backlog's queue as the day's unmet, as
    # TimelineResult's own short days do (review24).
    assert (cold["short_days"] > cold["dry_days"]).any()
    for column in ("delivered_m3", "unmet_m3", "dry_days", "first_dry_day", "cargo_lost_m3", "tankers_lost",
                   "short_days", "first_short_day"):  # fmt: skip
        np.testing.assert_allclose(warm[column], cold[column], atol=1e-6, err_msg=column)


def test_short_days_read_a_backlogs_queue_warm_cold_and_as_timeline_does() -> None:
    # An empty tank and 12 m3/day for a demand of 10, half the unmet coming back: day 0 leaves
    # 10 m3 unmet, day 1 delivers 12 (more than its demand) and still queues 3 m3. Its queue
    # makes day 1 short, as `supplychain timeline` counts it (TimelineResult.to_dict); the
    # day's demand less its delivery would not (review24: the warm/cold test above had no day
    # telling the two apart).
    tl = Timeline("empty", "", date(2026, 1, 1), 8, storage=StorageParameters(1.5, 0.0, 0.0, backlog_share=0.5))
    base = solve_timeline(build_timeline_model(line(), params(24.0), tl))
    c = base.cities["C"]
    assert c["delivered"][1] > DEMAND and c["unmet"][1] == pytest.approx(3.0)
    assert base.to_dict()["cities"]["C"]["short_days"] == 2
    tables = []
    for warm in (False, True):
        ctx = TimelineMCContext.create(line(), params(24.0), tl, [AttackRisk("road", 0.2, ROAD, 0, 7)], seed=3,
                                       tankers_per_attack=PER_ATTACK, warm=warm)  # fmt: skip
        result = timeline_monte_carlo(ctx, draws=4, progress=False)
        assert result.summary["cities"]["C"]["base_short_days"] == 2
        tables.append(result.table)
    cold, warm_table = tables
    assert cold.loc[cold["attacks"] == 0, "short_days"].tolist() == [2]
    for column in ("short_days", "first_short_day", "dry_days", "unmet_m3"):
        np.testing.assert_allclose(warm_table[column], cold[column], atol=1e-6, err_msg=column)


@pytest.mark.parametrize("backlog", [0.0, 0.5])
def test_a_warm_draw_does_not_depend_on_the_draws_its_solver_solved_before(backlog: float) -> None:
    # A worker solves the draws of its chunks in turn, on one HiGHS instance. Before
    # 2026-12-03 restoring the base basis left the rest of the solver's state (its
    # factorisation, edge weights) from the draw before: the same draw took 15 dual iterations
    # on a fresh worker and more than the cap of 16 after 13 others (then "interior point"),
    # 406 against 600 on 30 days of the embedded network, and figures differed by 1e-11 m3, so
    # the table depended on --workers, --chunk-size and a resume.
    ctx = injected_context(warm=True, backlog=backlog)
    ctx = replace(ctx, base_basis=timeline_mc._DrawSolver(ctx, base=True).basis_codes())
    used = timeline_mc._DrawSolver(ctx)
    for draw in range(20):
        hits = draw_attacks(ctx.risks, 8, ctx.seed, draw)
        after_others = used.rows(draw, *used.solve(hits))
        iterations = used.highs.getInfo().simplex_iteration_count
        fresh = timeline_mc._DrawSolver(ctx)
        alone = fresh.rows(draw, *fresh.solve(hits))
        assert after_others == alone, f"draw {draw}"  # method and figures, bit for bit
        assert iterations == fresh.highs.getInfo().simplex_iteration_count, f"draw {draw}"


def test_a_draw_without_a_plan_has_the_same_rows_warm_and_cold() -> None:
    # No plan within the time limit: before 2026-12-03 a cold draw wrote one row with city ""
    # and tankers_lost NaN, a warm one a row per city with the tankers lost (12, 20, 16): the
    # table's shape and figures depended on --warm. Now a row per city, every figure NaN.
    tables = [timeline_monte_carlo(replace(context(warm=warm), time_limit_s=1e-9), draws=3, progress=False).table
              for warm in (False, True)]  # fmt: skip
    cold, warm = tables
    assert (cold["status"] == "time_limit").all() and (warm["status"] == "time_limit").all()
    assert cold["city"].tolist() == warm["city"].tolist() == ["C"] * 3
    figures = ["tankers_lost", "cargo_lost_m3", "delivered_m3", "unmet_m3", "first_dry_day", "dry_days",
               "first_short_day", "short_days"]  # fmt: skip
    assert cold[figures].isna().all().all() and warm[figures].isna().all().all()
    pd.testing.assert_frame_equal(cold.drop(columns=["method"]), warm.drop(columns=["method"]))


def test_the_text_prints_the_first_dry_day_percentiles_the_json_holds() -> None:
    # Percentiles interpolate between draws: first dry days 3, 3, 4, 5, 5, 7 have P50 4.5 and
    # P95 6.5. Before 2026-12-03 the text printed them to whole days, rounding half to even:
    # "P50 2" for 2.5 and, in another run, "P50 4" for 3.5. (These draws' days were 2, 2, 2,
    # 3, 4, 6 before 2026-12-04, when destroyed tankers still took fleet room on the road.)
    from supplychain.cli._timeline_mc import _text

    result = timeline_monte_carlo(context(p=0.3, seed=1), draws=6, progress=False)
    when = result.summary["cities"]["C"]["first_dry_day_when_dry"]
    assert sorted(result.table["first_dry_day"].dropna()) == [3.0, 3.0, 4.0, 5.0, 5.0, 7.0]
    assert (when["p5"], when["p50"], when["p95"]) == (3.0, 4.5, 6.5)
    assert "first dry day P5 3  P50 4.5  P95 6.5 " in _text(result.summary)


def test_the_text_gives_short_days_only_for_summaries_that_hold_them() -> None:
    # Since 2026-12-06 each city's line says how often it goes short; a summary written before
    # (no p_short, short_days, base_short_days) prints as it did, and an unknown base short
    # count prints "?" (review24: no test read the text's short part).
    from supplychain.cli._timeline_mc import _text

    s = timeline_monte_carlo(context(p=0.3, seed=1), draws=6, progress=False).summary
    c = s["cities"]["C"]
    assert c["p_short"] >= c["p_dry"] > 0  # a dry day is a short day
    text = _text(s)
    assert ("; chance of going short (demand unmet on some day, stock or not) and the P50 of short days "
            "over every draw with a plan") in text  # not only those where it goes short
    assert (f"; short of demand in {100 * c['p_short']:.0f} %, P50 {c['short_days']['p50']:g} days "
            f"(base run: {c['base_short_days']})") in text  # fmt: skip
    old = {**s, "cities": {"C": {k: v for k, v in c.items() if "short" not in k}}}
    assert "short" not in _text(old)
    unknown = {**s, "cities": {"C": {**c, "base_short_days": None}}}
    assert "days (base run: ?)" in _text(unknown)


def test_draws_with_plans_beside_a_base_without_one_leave_its_dry_day_unknown(tmp_path: Path) -> None:
    # review24: the base run's NaN figures read "base run: never" in the text and the report.
    from supplychain.cli._timeline_mc import _text
    from supplychain.reports.stress import load_stress, timeline_mc_stats
    from supplychain.reports.stress_section import _timeline_mc_block

    out = tmp_path / "mc.parquet"
    s = timeline_monte_carlo(context(), draws=3, out=out, progress=False).summary
    unplanned = {**s, "base": {**s["base"], "status": "time_limit", "unmet_m3": math.nan,
                                "note": "the base run (no drawn attack) has no plan (status time_limit)"},
                 "cities": {"C": {**s["cities"]["C"], "base_first_dry_day": None, "base_unmet_m3": math.nan,
                                  "base_short_days": None}}}  # fmt: skip
    line = next(x for x in _text(unplanned).splitlines() if x.startswith("    C: "))
    assert "(base run: unknown)" in line and "never" not in line.split("(base run:")[1]
    out.with_suffix(".json").write_text(json.dumps(unplanned), encoding="utf-8")
    data = load_stress(out)
    assert timeline_mc_stats(data)["cities"]["C"]["base_known"] is False
    cells = [c["text"] for c in _timeline_mc_block(data, 0)["cities"]["rows"][0]["cells"]]
    assert cells[5] == "unknown (base run without a plan)"


@pytest.mark.parametrize("warm", [False, True])
def test_a_base_run_without_a_plan_is_said_plainly(warm: bool) -> None:
    # A time limit of 1e-9 s: the base (and every draw) ends without a plan. The text printed
    # "base run: unmet nan m3 of 120" and the JSON only its status.
    from supplychain.cli._timeline_mc import _text

    s = timeline_monte_carlo(replace(context(warm=warm), time_limit_s=1e-9), draws=3, progress=False).summary
    assert s["base"]["status"] == "time_limit" and np.isnan(s["base"]["unmet_m3"])
    note = s["base"]["note"]
    assert note.startswith("the base run (no drawn attack) has no plan (status time_limit)")
    assert "no draw can be compared with it" in note
    assert ("each draw is built and solved on its own" in note) == warm  # no basis to start from
    text = _text(s)
    assert "nan" not in text
    assert f"  base run: {note.removeprefix('the base run (no drawn attack) has ')}" in text
    assert "  unmet m3: no draw has a plan (3 draws without a plan, status in the table)" in text
    # With a plan nothing changes: no note, the figures as before. (Warm, in this process: the
    # cached base solver of the run above, which had stopped at 1e-9 s, was reused.)
    ok = timeline_monte_carlo(context(warm=warm), draws=3, progress=False).summary
    assert "note" not in ok["base"]
    assert f"  base run: unmet {ok['base']['unmet_m3']:,.0f} m3 of 120" in _text(ok)


@pytest.mark.parametrize("warm", [False, True])
def test_the_summary_demand_is_the_models_after_rationing(warm: bool) -> None:
    # 10 m3/day for 12 days, a fifth rationed on days 3-5: 120 - 3 x 2 = 114 m3. The summary's
    # figure is the model's own (TimelineModel.demand_m3), not a second copy of its rule.
    share = tuple(0.2 if 3 <= t <= 5 else 0.0 for t in range(DAYS))
    ctx = context(p=0.3, seed=1, warm=warm)
    ctx = TimelineMCContext.create(ctx.graph, ctx.params, replace(ctx.timeline, rationing={"C": share}),
                                   ctx.risks, seed=1, tankers_per_attack=PER_ATTACK, warm=warm)  # fmt: skip
    s = timeline_monte_carlo(ctx, draws=4, progress=False).summary
    model = build_timeline_model(ctx.graph, ctx.params, ctx.timeline)
    assert s["demand_m3"] == 114.0 == sum(float(d.sum()) for d in model.demand_m3.values())
    assert s["unmet_pct"]["mean"] == pytest.approx(100.0 * s["unmet_m3"]["mean"] / 114.0)


def test_a_run_without_a_start_resumed_the_next_day_names_its_day_0(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """A threat file without a [timeline] start starts today, which is in the run's identity
    (dated rules and events move with day 0): resumed the next day, the run was refused as
    "a different run (the network, parameters, scenario or horizon differ)", none of which
    differed. The refusal now names both days and --start, which resumes the run; extending
    its finished output on another day says why every draw is computed again."""
    import logging

    from supplychain.scenarios import timeline_stress

    class Today(date):
        day = date(2026, 12, 4)

        @classmethod
        def today(cls) -> date:  # a plain date, as date.today() gives
            return cls.day

    monkeypatch.setattr(timeline_stress, "date", Today)
    repo = Path(__file__).resolve().parents[1]
    out = tmp_path / "mc.parquet"
    args = ["stress", "timeline-mc", "--scenario", str(repo / "models" / "threat-blockade-2025.toml"),
            "--draws", "2", "--chunk-size", "1", "--days", "3", "--out", str(out)]  # fmt: skip
    real = _interrupt_at_draw(monkeypatch, 1)
    assert CliRunner().invoke(main, args).exit_code != 0
    assert len(list(out.with_name("mc.parquet.parts").glob("chunk-*.parquet"))) == 1
    monkeypatch.setattr(timeline_mc, "_draw_chunk", real)
    Today.day = date(2026, 12, 5)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert (f"error: '{out}.parts' holds the chunks of an interrupted timeline-mc run from day 0 2026-12-04; "
            "this run's day 0 is 2026-12-05 (day 0 is --start, else the file's [timeline] start, else today): pass --start "
            "2026-12-04 to resume it") in result.output  # fmt: skip
    result = CliRunner().invoke(main, [*args, "--start", "2026-12-04"])
    assert result.exit_code == 0, result.output
    summary = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert summary["start"] == "2026-12-04" and summary["resumed_chunks"] == 1
    # The finished output, extended the next day without --start: computed again, and said.
    logger = logging.getLogger("supplychain")
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger.addHandler(handler)
    try:
        result = CliRunner().invoke(main, [*args, "--draws", "3"])  # the last --draws counts
    finally:
        logger.removeHandler(handler)
    assert result.exit_code == 0, result.output
    said = [r.getMessage() for r in records if "holds a timeline-mc run from day 0" in r.getMessage()]
    assert said == [f"'{out}' holds a timeline-mc run from day 0 2026-12-04; this run's day 0 is 2026-12-05 "
                    "(day 0 is --start, else the file's [timeline] start, else today), so its draws are all computed again: "
                    "pass --start 2026-12-04 to extend that run instead"]  # fmt: skip
    assert json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["start"] == "2026-12-05"


def test_another_chunk_size_keeps_the_finished_draws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """timeline-mc's draws do not depend on the chunk size (a generator per draw), but the
    chunk size was part of the run's identity: on the embedded network a finished 4-draw run
    (chunks of 2) run again with --draws 6 --chunk-size 3 resumed 0 chunks and solved all 6
    draws again, and an interrupted run given another --chunk-size was refused ("settings
    differ: chunk_size 3 here, 2 in the folder"). Its draws are now kept, in chunks of the new
    size, and the table is that of an uninterrupted run."""
    whole = timeline_monte_carlo(context(), draws=9, chunk_size=4, progress=False).table
    solved: list[int] = []
    real = timeline_mc._draw_chunk

    def counted(task: tuple[int, int], ctx: TimelineMCContext) -> pd.DataFrame:
        solved.extend(range(task[0], task[0] + task[1]))
        return real(task, ctx)

    monkeypatch.setattr(timeline_mc, "_draw_chunk", counted)
    # A finished output of 5 draws in chunks of 2, extended to 9 draws in chunks of 4: draws
    # 0-3 are taken back (chunk 0), draw 4 is in the output but not a whole chunk of 4 with it.
    out = tmp_path / "mc.parquet"
    timeline_monte_carlo(context(), draws=5, chunk_size=2, out=out, progress=False)
    solved.clear()
    again = timeline_monte_carlo(context(), draws=9, chunk_size=4, out=out, progress=False)
    assert solved == [4, 5, 6, 7, 8] and again.summary["resumed_chunks"] == 1
    pd.testing.assert_frame_equal(again.table, whole)
    pd.testing.assert_frame_equal(pd.read_parquet(out), whole)

    # An interrupted run (chunks of 3: draws 0-2 and 3-5 finished) resumed with chunks of 2.
    out = tmp_path / "cut.parquet"

    def stop_at_the_last_chunk(task: tuple[int, int], ctx: TimelineMCContext) -> pd.DataFrame:
        if task[0] == 6:
            raise KeyboardInterrupt
        return counted(task, ctx)

    monkeypatch.setattr(timeline_mc, "_draw_chunk", stop_at_the_last_chunk)
    with pytest.raises(KeyboardInterrupt):
        timeline_monte_carlo(context(), draws=9, chunk_size=3, out=out, progress=False)
    monkeypatch.setattr(timeline_mc, "_draw_chunk", counted)
    solved.clear()
    again = timeline_monte_carlo(context(), draws=9, chunk_size=2, out=out, progress=False)
    assert solved == [6, 7, 8] and again.summary["resumed_chunks"] == 3
    pd.testing.assert_frame_equal(again.table, whole)


def test_draws_cut_into_other_chunks_keep_the_dtypes_a_run_gives(tmp_path: Path) -> None:
    """A chunk's whole-number column is float only when one of its draws has no plan (NaN):
    draws 0-1, cut from a chunk of 3 whose draw 2 has none, into a chunk of 2 of their own,
    are int64 again, as a run with chunks of 2 gives them."""
    from supplychain.scenarios.store import ChunkStore
    from supplychain.scenarios.sweep_common import _rechunk

    store = ChunkStore(tmp_path / "mc.parquet", "run", {"kind": "timeline-mc", "chunk_size": 2})
    store.write(0, pd.DataFrame({"draw": [0, 1, 2], "dry_days": [1.0, 0.0, np.nan], "chunk": 0}))
    store.write(1, pd.DataFrame({"draw": [3, 4, 5], "dry_days": [2, 0, 4], "chunk": 1}))
    assert _rechunk(store, "timeline-mc")
    chunks = {i: store.read(i) for i in sorted(store.done())}
    assert {i: (f["draw"].tolist(), str(f["dry_days"].dtype), f["chunk"].unique().tolist())
            for i, f in chunks.items()} == {0: ([0, 1], "int64", [0]), 1: ([2, 3], "float64", [1]),
                                            2: ([4, 5], "int64", [2])}  # fmt: skip
    assert not _rechunk(store, "timeline-mc")  # every chunk now holds its own draws
    store.release()


def test_draws_above_the_limit_are_refused_before_any_work(tmp_path: Path) -> None:
    # 10^11 draws listed 10^10 tasks before the first draw: 12 GB of memory in a minute.
    from supplychain.scenarios.sweep_common import draws_problem

    with pytest.raises(ParameterError, match=r"draws 1,000,001 is more than the 1,000,000 draws"):
        timeline_monte_carlo(context(), draws=timeline_mc.MAX_DRAWS + 1, out=tmp_path / "o.parquet", progress=False)
    assert not list(tmp_path.iterdir())
    assert draws_problem(timeline_mc.MAX_DRAWS, timeline_mc.MAX_DRAWS, "x") is None


def test_a_feasible_draw_has_a_plan_and_counts_in_the_statistics() -> None:
    # "feasible" (a whole-convoy solve stopped at its limit, with a plan) is a plan everywhere
    # else in the timeline code (timeline_result, the closure sweeps, _result_rows here, which
    # writes its figures): draw_statistics counted it as a draw without a plan and dropped them.
    t = pd.DataFrame({"draw": [0, 1, 2], "city": ["Kayes"] * 3,
                      "status": ["optimal", "feasible", "time_limit"],
                      "unmet_m3": [0.0, 6.0, np.nan], "first_dry_day": [np.nan, 3.0, np.nan],
                      "tankers_lost": [0.0, 4.0, np.nan], "dry_days": [0.0, 2.0, np.nan]})  # fmt: skip
    s = timeline_mc.draw_statistics(t)
    assert s["failed_draws"] == 1
    assert s["per_draw_unmet_m3"] == [0.0, 6.0]
    assert s["cities"]["Kayes"]["p_dry"] == 0.5


def test_no_attack_is_drawn_where_no_fuel_can_be() -> None:
    # fuzz24: a risk on a closed road lost tankers (160-240 a draw) to empty roads, no cargo.
    # Closed on days 3-5, escorted on days 7-8 with no escort unit on day 8: those days carry
    # nothing; day 7 (one unit) does.
    shut = DatedEffects(3, 5, {"R:P-C": Effect(closed=True)}, {})
    escort = EscortStretch("road", ROAD, 7, 8, 10.0, 0.0)
    tl = replace(timeline(), effects=(shut,), escorts=(escort,), escort_units=(1.0,) * 8 + (0.0,) * 4)
    idle = idle_days(tl, ROAD, 0, DAYS - 1)
    assert idle == {3, 4, 5, 8}
    # Another road beside it carries fuel on every day: the pair is never idle.
    assert idle_days(tl, {*ROAD, "other"}, 0, DAYS - 1) == frozenset()
    risk = AttackRisk("road", 1.0, ROAD, 0, DAYS - 1, idle)
    assert risk.expected_attacks == DAYS - 4
    hits = draw_attacks([risk], DAYS, seed=1, draw=0)[0]
    assert np.nonzero(~hits)[0].tolist() == [3, 4, 5, 8]
    # Idle days change no other risk's draw: the uniforms are drawn for every risk and day.
    other = AttackRisk("other", 0.4, frozenset({"x"}), 0, DAYS - 1)
    both = draw_attacks([risk, other], DAYS, seed=5, draw=2)
    alone = draw_attacks([AttackRisk("road", 1.0, ROAD, 0, DAYS - 1), other], DAYS, seed=5, draw=2)
    np.testing.assert_array_equal(both[1], alone[1])
    np.testing.assert_array_equal(both[0], alone[0] & ~np.isin(np.arange(DAYS), sorted(idle)))


@pytest.mark.parametrize("warm", [False, True])
def test_a_risk_on_a_road_closed_throughout_destroys_nothing(warm: bool) -> None:
    shut = DatedEffects(0, DAYS - 1, {"R:P-C": Effect(closed=True)}, {})
    tl = replace(timeline(), effects=(shut,))
    risk = AttackRisk("road", 0.5, ROAD, 0, DAYS - 1, idle_days(tl, ROAD, 0, DAYS - 1))
    ctx = TimelineMCContext.create(line(), params(), tl, [risk], seed=3, tankers_per_attack=PER_ATTACK, warm=warm)
    table = timeline_monte_carlo(ctx, draws=4, progress=False).table
    assert (table["attacks"] == 0).all() and (table["tankers_lost"] == 0).all()
    assert risk.expected_attacks == 0
