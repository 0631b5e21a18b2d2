"""Guarantees of the README's Reliability section: bit-identical Monte Carlo and closure
sweeps whatever the executor, worker count, chunking or resumption; CSV cells that cannot
become spreadsheet formulas."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from supplychain.models import load_model_parameters
from supplychain.scenarios import load_threat
from supplychain.scenarios.store import ChunkStore, csv_safe
from supplychain.scenarios.sweep_common import _SOLVER_CACHE
from supplychain.scenarios.sweeps import (
    SweepContext,
    monte_carlo,
    n_minus_1,
    n_minus_k,
)

from .conftest import REPO

THREAT = REPO / "models" / "threat-blockade-2025.toml"
DRAWS, CHUNK = 400, 50


@pytest.fixture(scope="module")
def threat_ctx(embedded_network: nx.MultiDiGraph) -> SweepContext:
    threat = load_threat(THREAT).resolve(embedded_network)
    groups = [(g.probability, sorted(g.segments), sorted(g.nodes)) for g in threat.groups]
    probability = dict(threat.attack_probability)
    # The embedded network reroutes around every attack of the threat file (no draw loses
    # throughput or served demand since the roads of the redundancy comparison); two roads whose
    # closure does lose (Conakry's only road out, the RN6 to San and Mopti) make the draws differ.
    for sid in ("N1:Conakry-Coyah", "RN6:Bla-San"):
        probability[sid] = 0.3
        groups.append((0.3, [sid], []))
    return SweepContext.create(embedded_network, load_model_parameters(), threat.scenario,
                               attack_probability=probability,
                               attack_groups=groups, seed=11)  # fmt: skip


def test_monte_carlo_is_bit_identical_across_workers_and_resume(
    threat_ctx: SweepContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _SOLVER_CACHE.clear()
    one = monte_carlo(threat_ctx, draws=DRAWS, chunk_size=CHUNK, progress=False,
                      out=tmp_path / "one.parquet").table  # fmt: skip
    two = monte_carlo(threat_ctx, draws=DRAWS, chunk_size=CHUNK, workers=2, progress=False,
                      out=tmp_path / "two.parquet").table  # fmt: skip

    # Resumed: a run killed after 3 chunks, then re-run in a process whose solver has already
    # solved other draws (its warm-start history differs from the uninterrupted run's).
    real = ChunkStore.write

    def dying(self: ChunkStore, index: int, frame: pd.DataFrame) -> None:
        if len(list(self.parts.glob("chunk-*.parquet"))) >= 3:
            raise RuntimeError("killed")
        real(self, index, frame)

    out = tmp_path / "resumed.parquet"
    _SOLVER_CACHE.clear()
    with monkeypatch.context() as m:
        m.setattr(ChunkStore, "write", dying)
        with pytest.raises(RuntimeError, match="killed"):
            monte_carlo(threat_ctx, draws=DRAWS, chunk_size=CHUNK, progress=False, out=out)
    resumed = monte_carlo(threat_ctx, draws=DRAWS, chunk_size=CHUNK, progress=False, out=out).table

    # The draws must differ in their figures, or equality would prove nothing.
    assert one["n_closed"].sum() > 0
    assert len(one.select_dtypes("float").drop_duplicates()) > 3
    for other in (two, resumed, pd.read_parquet(tmp_path / "two.parquet"), pd.read_parquet(out)):
        pd.testing.assert_frame_equal(one.reset_index(drop=True), other.reset_index(drop=True),
                                      check_exact=True)  # fmt: skip


def test_closure_sweeps_are_bit_identical_on_one_and_two_workers(
    embedded_network: nx.MultiDiGraph,
) -> None:
    # N-2 after the N-1 ranking: on one worker the same solvers have just solved the N-1
    # closures, on two a new pool process solves the pairs. Each sweep starts its solvers from
    # the base basis; without that the pairs differed by 1.1e-11 m3/day (4646.000000000011
    # against 4646.0). The solvers stay cached between the runs, as in a long-lived process.
    _SOLVER_CACHE.clear()
    ctx = SweepContext.create(embedded_network, load_model_parameters())
    one = n_minus_k(ctx, k=2, top=10, progress=False).table
    two = n_minus_k(ctx, k=2, top=10, workers=2, progress=False).table
    again = n_minus_k(ctx, k=2, top=10, progress=False).table  # after other sweeps in-process
    assert one["throughput_lost_m3_per_day"].nunique() > 3  # the pairs differ
    for other in (two, again):
        pd.testing.assert_frame_equal(one, other, check_exact=True)
    # More processes per measure share the chunks: the same figures to 1e-9.
    four = n_minus_1(ctx, workers=4, chunk_size=20, progress=False).table
    pd.testing.assert_frame_equal(n_minus_1(ctx, progress=False).table, four, check_exact=False, rtol=1e-9)


def test_csv_cells_cannot_become_formulas() -> None:
    frame = pd.DataFrame({"id": ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "RN1:Kayes-Diéma", ""],
                          "loss": [-1.5, 2.0, 0.0, 1.0, 3.0, 4.0]})  # fmt: skip
    safe = csv_safe(frame)
    assert safe["id"].tolist() == ["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", "RN1:Kayes-Diéma", ""]
    assert safe["loss"].tolist() == frame["loss"].tolist()  # numbers stay numbers


def test_sweep_csv_output_neutralises_hostile_ids(tmp_path: Path) -> None:
    out = tmp_path / "n1.parquet"
    frame = pd.DataFrame({"id": ["=cmd|' /C calc'!A0", "RN1:Kayes-Diéma"], "lost": [-0.5, 1.0]})
    ChunkStore(out, "run").finish(frame, csv=True)
    back = pd.read_csv(out.with_suffix(".csv"))
    assert back["id"].tolist() == ["'=cmd|' /C calc'!A0", "RN1:Kayes-Diéma"]
    assert back["lost"].tolist() == [-0.5, 1.0]
    pd.testing.assert_frame_equal(pd.read_parquet(out), frame)  # the Parquet table is unchanged


def test_sweep_csv_quotes_line_breaks_so_no_record_starts_with_a_formula(tmp_path: Path) -> None:
    # A bare CR was written unquoted (the terminator was LF): readers split the record there
    # and '=1+1' started a record of its own.
    import csv

    out = tmp_path / "n1.parquet"
    frame = pd.DataFrame({"id": ["\r=1+1", "a\n@cmd", "b\r\n+1"], "lost": [1.0, 2.0, 3.0]})
    ChunkStore(out, "run").finish(frame, csv=True)
    with out.with_suffix(".csv").open(newline="", encoding="utf-8") as handle:
        records = list(csv.reader(handle))
    assert records[1:] == [["'\r=1+1", "1.0"], ["a\n@cmd", "2.0"], ["b\r\n+1", "3.0"]]
    assert not [r for r in records if r and r[0].startswith(("=", "+", "-", "@"))]
    assert pd.read_csv(out.with_suffix(".csv"))["id"].tolist() == ["'\r=1+1", "a\n@cmd", "b\r\n+1"]


def test_written_figures_carry_no_float_noise(tmp_path: Path) -> None:
    # The N-1 table's throughput lost is the baseline less the closure's, two LP solves whose
    # last bits differ: 10626.00000000002 - 6026 was written as 4600.00000000002 in the JSON
    # and the CSV. Both now keep 12 significant digits (the Parquet table keeps every bit).
    from click.testing import CliRunner

    from supplychain.cli import main

    out = tmp_path / "n1.parquet"
    result = CliRunner().invoke(main, ["-q", "stress", "n-1", "--csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    for written in (tmp_path / "n1.json", tmp_path / "n1.csv"):
        text = written.read_text(encoding="utf-8")
        assert "4600.0" in text
        assert not re.search(r"\d\.\d*(0{6,}|9{6,})\d", text), written.name


def test_csv_keeps_negative_numbers_numbers(tmp_path: Path) -> None:
    """A text cell that is only a negative number (an id '-12', a figure kept as text) got a
    quote and read back as the text "'-12"; a nullable Float64 column with a missing cell
    stopped the CSV with "could not convert string to float: '<NA>'"."""
    out = tmp_path / "t.parquet"
    frame = pd.DataFrame({
        "id": ["-12", "-0.25", "-1.5e3", "-2+3", "-12 ", "-", "-inf", "=1"],
        "loss": [-1.5, -0.0, 2.0, -3.0, 1.0, 0.0, 4.0, -7.25],
        "maybe": pd.array([-1.25, None, 2.0, None, 1.0, 0.0, 4.0, -2.0], dtype="Float64"),
    })  # fmt: skip
    ChunkStore(out, "run").finish(frame, csv=True)
    back = pd.read_csv(out.with_suffix(".csv"), dtype={"id": str}, keep_default_na=False)
    assert back["id"].tolist() == ["-12", "-0.25", "-1.5e3", "'-2+3", "'-12 ", "'-", "'-inf", "'=1"]
    assert back["loss"].tolist() == [-1.5, -0.0, 2.0, -3.0, 1.0, 0.0, 4.0, -7.25]
    assert back["maybe"].tolist() == ["-1.25", "", "2.0", "", "1.0", "0.0", "4.0", "-2.0"]
