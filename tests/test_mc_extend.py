"""Monte Carlo runs extended or cut: a run of N draws re-run with M on the same ``--out``.

Draws are independent and seeded by draw index (``stress timeline-mc``) or by chunk with a
recorded chunk size (``stress monte-carlo``), so the first N draws of an M-draw run are the
N-draw run's. A changed ``--draws`` was refused ("settings differ: draws 60 here, 40 in the
folder", found by hand 2026-12-04): now the finished chunks are kept, only the missing draws
are computed (the partial last chunk of the shorter run again), and the result is the same
to the bit as an uninterrupted run of M draws; fewer draws take the first M without a solve.
A finished run (its folder removed) is extended from its Parquet output, which records the
run it belongs to; an output of another run is ignored and every draw computed.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from supplychain.cli import main
from supplychain.models import load_model_parameters
from supplychain.scenarios import montecarlo, timeline_mc
from supplychain.scenarios.store import ChunkStore, recorded_meta
from supplychain.scenarios.sweeps import SweepContext, monte_carlo
from supplychain.scenarios.timeline_mc import TimelineMCContext, timeline_monte_carlo

from .conftest import REPO
from .test_timeline_mc import context

THREAT = REPO / "models" / "threat-blockade-2025.toml"


def _spy(monkeypatch: pytest.MonkeyPatch, module: object) -> list[tuple[int, ...]]:
    """Record the tasks (chunks of draws) ``module._draw_chunk`` computes."""
    real = module._draw_chunk  # type: ignore[attr-defined]
    seen: list[tuple[int, ...]] = []

    def spy(task: tuple[int, ...], ctx: object) -> pd.DataFrame:
        seen.append(tuple(task))
        return real(task, ctx)

    monkeypatch.setattr(module, "_draw_chunk", spy)
    return seen


def _interrupted(monkeypatch: pytest.MonkeyPatch, run: object, after: int) -> None:
    """Run ``run()`` and kill it once ``after`` chunks are written (as ``kill -9`` would)."""
    real = ChunkStore.write

    def dying(self: ChunkStore, index: int, frame: pd.DataFrame) -> None:
        if len(list(self.parts.glob("chunk-*.parquet"))) >= after:
            raise RuntimeError("killed")
        real(self, index, frame)

    with monkeypatch.context() as m:
        m.setattr(ChunkStore, "write", dying)
        with pytest.raises(RuntimeError, match="killed"):
            run()  # type: ignore[operator]


def _tl(ctx: TimelineMCContext, draws: int, out: Path | None = None, **kw: object) -> pd.DataFrame:
    return timeline_monte_carlo(ctx, draws=draws, out=out, progress=False, **kw).table  # type: ignore[arg-type]


# --- timeline-mc --------------------------------------------------------------------------------


@pytest.mark.parametrize("warm", [False, True])
def test_an_interrupted_timeline_mc_extended_to_more_draws_equals_an_uninterrupted_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warm: bool) -> None:  # fmt: skip
    ctx = context(warm=warm)
    whole = _tl(ctx, 9, chunk_size=2)
    out = tmp_path / "mc.parquet"
    _interrupted(monkeypatch, lambda: _tl(ctx, 5, out, chunk_size=2), after=2)
    seen = _spy(monkeypatch, timeline_mc)
    extended = timeline_monte_carlo(ctx, draws=9, out=out, chunk_size=2, progress=False)
    assert sorted(seen) == [(4, 2), (6, 2), (8, 1)]  # chunks 0 and 1 kept
    assert extended.summary["draws"] == 9 and extended.summary["resumed_chunks"] == 2
    pd.testing.assert_frame_equal(extended.table, whole, check_exact=True)
    pd.testing.assert_frame_equal(pd.read_parquet(out), whole, check_exact=True)
    assert json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["draws"] == 9
    assert not out.with_name("mc.parquet.parts").exists()


def test_a_finished_timeline_mc_is_extended_from_its_output_on_other_workers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The folder is gone after a finished run: the output holds the draws and names its run.
    The shorter run's partial last chunk (draw 4 of chunk 4-5) is computed again."""
    ctx = context()
    whole = _tl(ctx, 9, chunk_size=2)
    out = tmp_path / "mc.parquet"
    _tl(ctx, 5, out, chunk_size=2)
    assert recorded_meta(out) == {"kind": "timeline-mc", "scenario": "line", "chunk_size": 2,
                                  "draws": 5, "seed": 7, "start": "2026-01-01", "days": 12,
                                  "tankers_per_attack": 4.0, "warm": False, "recorded_attacks": 0,
                                  "tankers_lost_before_start": 0.0, "foresight": "perfect",
                                  "arc_pricing": False}  # fmt: skip
    extended = timeline_monte_carlo(ctx, draws=9, out=out, progress=False, workers=2)  # chunk size: the run's
    assert extended.summary["resumed_chunks"] == 2 and extended.summary["draws"] == 9
    pd.testing.assert_frame_equal(extended.table, whole, check_exact=True)
    pd.testing.assert_frame_equal(pd.read_parquet(out), whole, check_exact=True)
    assert recorded_meta(out)["draws"] == 9  # type: ignore[index]


def test_fewer_draws_take_the_first_ones_without_a_solve(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    ctx = context()
    five = _tl(ctx, 5, chunk_size=2)
    out = tmp_path / "mc.parquet"
    _tl(ctx, 9, out, chunk_size=2)
    seen = _spy(monkeypatch, timeline_mc)
    cut = timeline_monte_carlo(ctx, draws=5, out=out, chunk_size=2, progress=False)
    assert seen == []
    assert cut.summary["draws"] == 5
    pd.testing.assert_frame_equal(cut.table, five, check_exact=True)
    pd.testing.assert_frame_equal(pd.read_parquet(out), five, check_exact=True)


def test_the_output_of_another_run_is_not_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "mc.parquet"
    _tl(context(seed=8), 4, out, chunk_size=2)
    seen = _spy(monkeypatch, timeline_mc)
    again = timeline_monte_carlo(context(), draws=4, out=out, chunk_size=2, progress=False)
    assert sorted(seen) == [(0, 2), (2, 2)] and again.summary["resumed_chunks"] == 0
    pd.testing.assert_frame_equal(again.table, _tl(context(), 4, chunk_size=2), check_exact=True)
    # An output rewritten without its record (pandas keeps no such key) is not reused either.
    table = pq.read_table(out)
    pq.write_table(table.replace_schema_metadata({k: v for k, v in (table.schema.metadata or {}).items()
                                                  if not k.startswith(b"supplychain")}), out)  # fmt: skip
    seen.clear()
    timeline_monte_carlo(context(), draws=4, out=out, chunk_size=2, progress=False)
    assert sorted(seen) == [(0, 2), (2, 2)]


def test_an_output_with_rows_removed_is_not_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "mc.parquet"
    whole = _tl(context(), 4, out, chunk_size=2)
    table = pq.read_table(out)
    pq.write_table(pa.Table.from_pandas(table.to_pandas().iloc[1:], preserve_index=False)
                   .replace_schema_metadata(table.schema.metadata), out)  # fmt: skip
    seen = _spy(monkeypatch, timeline_mc)
    again = timeline_monte_carlo(context(), draws=4, out=out, chunk_size=2, progress=False)
    assert sorted(seen) == [(0, 2), (2, 2)]
    pd.testing.assert_frame_equal(again.table, whole, check_exact=True)


def test_an_output_with_values_changed_is_not_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tool that rewrites the output with pyarrow keeps its metadata, the run's record with it:
    served_m3_per_day converted to ML in place (the row count unchanged) was taken back, and a
    run extended from 200 to 300 draws mixed 200 draws of 4.69 with 100 of 4,690 (mean 1,566;
    found by review, 2026-12-04). The record now holds a digest of the rows it describes."""
    import pyarrow.compute as pc

    out = tmp_path / "mc.parquet"
    whole = _tl(context(), 4, out, chunk_size=2)
    table = pq.read_table(out)
    i = table.schema.get_field_index("delivered_m3")
    pq.write_table(table.set_column(i, "delivered_m3", pc.multiply(table["delivered_m3"], 0.001)), out)
    assert pq.read_metadata(out).metadata and b"supplychain.run" in pq.read_metadata(out).metadata
    seen = _spy(monkeypatch, timeline_mc)
    again = timeline_monte_carlo(context(), draws=4, out=out, chunk_size=2, progress=False)
    assert sorted(seen) == [(0, 2), (2, 2)]
    pd.testing.assert_frame_equal(again.table, whole, check_exact=True)


def test_a_foreign_chunk_is_still_refused_when_extending(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    ctx = context()
    other = tmp_path / "other.parquet"
    _interrupted(monkeypatch, lambda: _tl(context(seed=8), 6, other, chunk_size=2), after=2)
    out = tmp_path / "mc.parquet"
    _interrupted(monkeypatch, lambda: _tl(ctx, 4, out, chunk_size=2), after=1)
    parts = out.with_name("mc.parquet.parts")
    (parts / "chunk-000001.parquet").write_bytes((other.with_name("other.parquet.parts")
                                                  / "chunk-000001.parquet").read_bytes())  # fmt: skip
    extended = _tl(ctx, 6, out, chunk_size=2)
    assert "is not this run's chunk 1" in caplog.text
    pd.testing.assert_frame_equal(extended, _tl(ctx, 6, chunk_size=2), check_exact=True)


def test_cli_extends_a_timeline_mc_and_prints_the_final_count(tmp_path: Path) -> None:
    out = tmp_path / "mc.parquet"
    common = ["stress", "timeline-mc", "--scenario", str(THREAT), "--seed", "1", "--days", "5",
              "--chunk-size", "2", "--out", str(out)]  # fmt: skip
    first = CliRunner().invoke(main, [*common, "--draws", "3"])
    assert first.exit_code == 0, first.output
    extended = CliRunner().invoke(main, [*common, "--draws", "5"])
    assert extended.exit_code == 0, extended.output
    assert "5 draws of 5 days" in extended.output
    assert sorted(pd.read_parquet(out)["draw"].unique()) == [0, 1, 2, 3, 4]
    assert json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["draws"] == 5
    whole = tmp_path / "whole.parquet"
    assert CliRunner().invoke(main, [*common[:-1], str(whole), "--draws", "5"]).exit_code == 0
    pd.testing.assert_frame_equal(pd.read_parquet(out), pd.read_parquet(whole), check_exact=True)


# --- steady monte-carlo ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mc_ctx(embedded_network: nx.MultiDiGraph) -> SweepContext:
    # Conakry's only road out and the RN6 to San lose throughput when closed: draws differ.
    probability = {"N1:Conakry-Coyah": 0.3, "RN6:Bla-San": 0.3, "RN1:Kayes-Sandaré": 0.5}
    return SweepContext.create(embedded_network, load_model_parameters(),
                               attack_probability=probability, seed=3)  # fmt: skip


def test_monte_carlo_extended_after_an_interruption_and_after_finishing(
        mc_ctx: SweepContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    whole = monte_carlo(mc_ctx, draws=70, chunk_size=15, progress=False)
    assert whole.table["served_m3_per_day"].nunique() > 1  # equality must prove something
    out = tmp_path / "mc.parquet"
    _interrupted(monkeypatch, lambda: monte_carlo(mc_ctx, draws=40, chunk_size=15, progress=False,
                                                  out=out), after=2)  # fmt: skip
    with monkeypatch.context() as m:
        seen = _spy(m, montecarlo)
        extended = monte_carlo(mc_ctx, draws=70, progress=False, out=out)  # chunk size: the folder's
    assert sorted(t[0] for t in seen) == [2, 3, 4]
    pd.testing.assert_frame_equal(extended.table, whole.table, check_exact=True)
    assert extended.summary == whole.summary

    finished = tmp_path / "finished.parquet"
    monte_carlo(mc_ctx, draws=40, chunk_size=15, progress=False, out=finished)
    extended = monte_carlo(mc_ctx, draws=70, progress=False, out=finished, workers=2)
    pd.testing.assert_frame_equal(extended.table, whole.table, check_exact=True)
    pd.testing.assert_frame_equal(pd.read_parquet(finished), whole.table, check_exact=True)
    assert json.loads(finished.with_suffix(".json").read_text(encoding="utf-8"))["draws"] == 70

    with monkeypatch.context() as m:
        seen = _spy(m, montecarlo)
        cut = monte_carlo(mc_ctx, draws=20, progress=False, out=finished)
    assert seen == []
    pd.testing.assert_frame_equal(cut.table, monte_carlo(mc_ctx, draws=20, chunk_size=15,
                                                         progress=False).table, check_exact=True)  # fmt: skip


def test_fewer_draws_keep_the_dtypes_of_a_run_of_fewer_draws(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Draws 6-8 without a plan (no time to solve) make ``dry_days`` float in the 9-draw output;
    the first 5 draws taken back from it have integer ``dry_days``, as a 5-draw run has."""
    real = timeline_mc._draw_chunk

    def late_draws_unsolved(task: tuple[int, int], ctx: TimelineMCContext) -> pd.DataFrame:
        return real(task, replace(ctx, time_limit_s=1e-9) if task[0] >= 6 else ctx)

    monkeypatch.setattr(timeline_mc, "_draw_chunk", late_draws_unsolved)
    ctx = context()
    five = _tl(ctx, 5, chunk_size=2)
    out = tmp_path / "mc.parquet"
    nine = _tl(ctx, 9, out, chunk_size=2)
    assert nine["dry_days"].dtype == float and five["dry_days"].dtype == "int64"
    seen = _spy(monkeypatch, timeline_mc)
    cut = _tl(ctx, 5, out, chunk_size=2)
    assert seen == []
    pd.testing.assert_frame_equal(cut, five, check_exact=True)
    pd.testing.assert_frame_equal(pd.read_parquet(out), five, check_exact=True)


def test_run_draws_with_its_own_chunk_size_whatever_the_folder_held(tmp_path: Path) -> None:
    """`supplychain run` has no --chunk-size: a Monte Carlo output of another chunk size in its
    folder (which a Monte Carlo run without --chunk-size would follow) must not change its
    draws."""
    runs = []
    for name in ("fresh", "held"):
        folder = tmp_path / name
        folder.mkdir()
        if name == "held":
            held = CliRunner().invoke(main, ["-q", "stress", "monte-carlo", "--scenario", str(THREAT),
                                             "--draws", "300", "--seed", "1", "--chunk-size", "7",
                                             "--out", str(folder / "monte-carlo.parquet")])  # fmt: skip
            assert held.exit_code == 0, held.output
        result = CliRunner().invoke(main, ["-q", "run", "--draws", "300", "--no-timeline",
                                           "--out-dir", str(folder)])  # fmt: skip
        assert result.exit_code == 0, result.output
        runs.append(pd.read_parquet(folder / "monte-carlo.parquet"))
    assert runs[0]["closed"].nunique() > 1
    pd.testing.assert_frame_equal(runs[0], runs[1], check_exact=True)


def test_a_run_killed_while_taking_draws_back_takes_the_rest_back_next_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    ctx = context()
    out = tmp_path / "mc.parquet"
    whole = _tl(ctx, 9, out, chunk_size=2)
    _interrupted(monkeypatch, lambda: _tl(ctx, 11, out, chunk_size=2), after=2)
    parts = out.with_name("mc.parquet.parts")
    assert len(list(parts.glob("chunk-*.parquet"))) == 2 and not (parts / "lock").exists()
    seen = _spy(monkeypatch, timeline_mc)
    again = _tl(ctx, 9, out, chunk_size=2)
    assert seen == []
    pd.testing.assert_frame_equal(again, whole, check_exact=True)


def test_a_finished_output_of_another_run_does_not_set_the_chunk_size(
        mc_ctx: SweepContext, tmp_path: Path) -> None:  # fmt: skip
    """Without --chunk-size, Monte Carlo keeps the chunk size of the run in --out so that it can
    be extended; of its own run only. A finished output of another seed written with
    --chunk-size 7 gave a seed-4 run chunks of 7, so the same command drew other draws than in
    an empty folder (found by review, 2026-12-04: 300 draws, `--seed 0 --chunk-size 100` then
    `--seed 1` on the same --out differed from `--seed 1` alone from draw 100 on)."""
    out = tmp_path / "mc.parquet"
    monte_carlo(mc_ctx, draws=30, chunk_size=7, progress=False, out=out)
    other = SweepContext.create(mc_ctx.graph, mc_ctx.params, attack_probability=mc_ctx.attack_probability,
                                seed=4)  # fmt: skip
    alone = monte_carlo(other, draws=30, progress=False)
    assert alone.table["closed"].nunique() > 1  # equality must prove something
    over = monte_carlo(other, draws=30, progress=False, out=out)
    pd.testing.assert_frame_equal(over.table, alone.table, check_exact=True)
    assert recorded_meta(out)["chunk_size"] == montecarlo.DEFAULT_CHUNK_SIZE  # type: ignore[index]
