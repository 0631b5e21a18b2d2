"""An output replaces only a result of its own kind, and a finished Monte Carlo run replaced
by one of other settings is said.

Found by a hostile-input campaign (2026-12-05): ``network build --out n1.parquet`` wrote a
network over a stress table, ``stress n-1 --out`` and ``timeline --out`` over a network,
without a word; a finished ``stress monte-carlo`` table re-run with another ``--seed`` was
replaced silently, while an interrupted run with other settings is refused. The refusals are
in tests/test_bad_inputs.py's table (one error line, nothing changed); here: what stays
allowed (a re-build, a re-run, a resume, an extension) and the replacement's warning.
"""

from __future__ import annotations

import logging
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

from supplychain.cli import main
from supplychain.cli._common import _refuse_other_kind
from supplychain.errors import ParameterError
from supplychain.networks import save_network
from supplychain.networks.io import parquet_contents
from supplychain.scenarios import timeline_mc
from supplychain.scenarios.timeline_mc import timeline_monte_carlo

from .test_timeline_mc import context


def _ok(*args: str) -> str:
    result = CliRunner().invoke(main, ["-q", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_parquet_contents_names_each_kind(tmp_path: Path, tiny_network: nx.MultiDiGraph) -> None:
    save_network(tiny_network, tmp_path / "net.parquet")
    pd.DataFrame({"closure": ["a"], "served_m3_per_day": [1.0]}).to_parquet(tmp_path / "s.parquet")
    (tmp_path / "s.json").write_text('{"sweep": "n-2"}', encoding="utf-8")
    pd.DataFrame({"corridor": ["x"], "days_to_dry": [3.0]}).to_parquet(tmp_path / "cd.parquet")
    pd.DataFrame({"corridor": ["x"], "days_to_dry": [3.0]}).to_parquet(tmp_path / "cd2.parquet")
    (tmp_path / "cd2.json").write_text('{"kind": "closure-days"}', encoding="utf-8")
    pd.DataFrame({"a": [1]}).to_parquet(tmp_path / "other.parquet")
    (tmp_path / "text.parquet").write_text("a,b\n", encoding="utf-8")
    kinds = {name: (parquet_contents(tmp_path / name) or ("none",))[0]
             for name in ("net.parquet", "s.parquet", "cd.parquet", "cd2.parquet", "other.parquet",
                          "text.parquet", "missing.parquet")}  # fmt: skip
    assert kinds == {"net.parquet": "network", "s.parquet": "stress:n-2", "cd.parquet": "stress:closure-days",
                     "cd2.parquet": "stress:closure-days",
                     "other.parquet": "other", "text.parquet": "unreadable", "missing.parquet": "none"}  # fmt: skip


def test_a_network_is_rebuilt_over_a_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _ok("network", "build", "--out", "n.parquet")
    _ok("network", "build", "--out", "n.parquet")
    assert parquet_contents(tmp_path / "n.parquet") == ("network", "a supplychain network")


def test_a_sweep_replaces_its_own_table_and_one_it_cannot_name(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _ok("stress", "n-1", "--out", "s.parquet")
    _ok("stress", "n-1", "--out", "s.parquet")  # a re-run
    # Its own table whose summary is gone cannot be told from another tool's: replaced.
    (tmp_path / "s.json").unlink()
    _ok("stress", "n-1", "--out", "s.parquet")
    assert parquet_contents(tmp_path / "s.parquet") == ("stress:n-1", "a `supplychain stress n-1` result")


def test_n_k_replaces_a_table_of_another_k(tmp_path: Path) -> None:
    pd.DataFrame({"closure": ["a"]}).to_parquet(tmp_path / "k.parquet")
    (tmp_path / "k.json").write_text('{"sweep": "n-2"}', encoding="utf-8")
    _refuse_other_kind(tmp_path / "k.parquet", "stress:n-k")  # --k 3 over --k 2: no error
    with pytest.raises(ParameterError, match=r"is a `supplychain stress n-2` result, which this command "
                                             r"would replace with a `supplychain stress n-1` table"):
        _refuse_other_kind(tmp_path / "k.parquet", "stress:n-1")


def test_a_timeline_replaces_its_own_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for days in ("2", "3"):
        _ok("timeline", "--days", days, "--start", "2026-01-01", "--out", "t.parquet")
    assert pd.read_parquet(tmp_path / "t.parquet")["date"].nunique() == 3


def test_a_finished_monte_carlo_of_another_seed_is_replaced_with_a_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    out = tmp_path / "mc.parquet"
    timeline_monte_carlo(context(seed=8), draws=4, out=out, chunk_size=2, progress=False)
    with caplog.at_level(logging.WARNING, logger="supplychain"):
        again = timeline_monte_carlo(context(seed=7), draws=4, out=out, chunk_size=2, progress=False)
    said = [r.getMessage() for r in caplog.records if "holds a finished" in r.getMessage()]
    assert len(said) == 1, caplog.text
    assert "seed 7 here, 8 there" in said[0] and "pass --seed 8 to extend that run" in said[0]
    assert "give another --out to keep it" in said[0]
    pd.testing.assert_frame_equal(pd.read_parquet(out), again.table, check_exact=True)
    # The same run extended (other --draws): no warning, only the new draws computed.
    caplog.clear()
    seen: list[tuple[int, ...]] = []
    real = timeline_mc._draw_chunk

    def spy(task: tuple[int, ...], ctx: object) -> pd.DataFrame:
        seen.append(tuple(task))
        return real(task, ctx)  # type: ignore[arg-type]

    monkeypatch.setattr(timeline_mc, "_draw_chunk", spy)
    with caplog.at_level(logging.WARNING, logger="supplychain"):
        timeline_monte_carlo(context(seed=7), draws=6, out=out, chunk_size=2, progress=False)
    assert seen == [(4, 2)] and "holds a finished" not in caplog.text


def test_cli_monte_carlo_rerun_with_another_seed_warns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    threat = Path(__file__).parents[1] / "models" / "threat-blockade-2025.toml"
    args = ["stress", "monte-carlo", "--scenario", str(threat), "--draws", "3", "--out", "mc.parquet"]
    _ok(*args, "--seed", "1")
    with caplog.at_level(logging.WARNING, logger="supplychain"):
        result = CliRunner().invoke(main, [*args, "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert "holds a finished monte-carlo run of other settings (seed 2 here, 1 there)" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="supplychain"):
        result = CliRunner().invoke(main, [*args, "--seed", "3", "--chunk-size", "2"])
    assert result.exit_code == 0, result.output
    assert ("(chunk_size 2 here, 250 there; seed 3 here, 2 there); this run replaces it when it ends: every "
            "draw is computed again (pass --chunk-size 250 --seed 2 to extend that run instead, or give "
            "another --out to keep it)") in caplog.text


def test_an_output_through_a_symbolic_link_writes_the_file_it_points_at(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """``--json latest.json``, a link to runs/a.json: the link was replaced by a file (a link to
    a missing file too, which was not created); the file it points at is written, the link kept,
    as a shell's ``>`` does."""
    import json

    from click.testing import CliRunner

    from supplychain.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "runs").mkdir()
    (tmp_path / "latest.json").symlink_to("runs/a.json")  # a missing file, in a folder that exists
    (tmp_path / "far.json").symlink_to(tmp_path / "new" / "b.json")  # in a folder that does not
    for name, target in (("latest.json", "runs/a.json"), ("latest.json", "runs/a.json"), ("far.json", "new/b.json")):
        result = CliRunner().invoke(main, ["-q", "solve", "--json", name])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).is_symlink(), name
        assert json.loads((tmp_path / target).read_text(encoding="utf-8"))["status"] == "optimal"
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == ["a.json"]  # no temporary file left


def test_an_output_through_a_loop_of_symbolic_links_is_refused(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """review34: ``--json a.json`` with a.json -> b.json -> a.json replaced the link a.json by a
    file (a shell's ``>`` says "Too many levels of symbolic links"); a sweep's ``--out`` ran the
    sweep first."""
    from click.testing import CliRunner

    from supplychain._atomic import atomic_path
    from supplychain.cli import main
    from supplychain.errors import DataFileError

    monkeypatch.chdir(tmp_path)
    for a, b in (("a.json", "b.json"), ("a.parquet", "b.parquet")):
        (tmp_path / a).symlink_to(b)
        (tmp_path / b).symlink_to(a)
    with pytest.raises(DataFileError, match=r"'a\.json' is a symbolic link in a loop of links"), atomic_path("a.json"):
        pass
    result = CliRunner().invoke(main, ["-q", "solve", "--json", "a.json"])
    assert result.exit_code == 1 and "is a symbolic link in a loop of links" in result.output, result.output
    result = CliRunner().invoke(main, ["-q", "stress", "n-1", "--out", "a.parquet"])
    assert result.exit_code == 1 and "'a.parquet' is a symbolic link in a loop of links" in result.output, result.output
    assert all((tmp_path / name).is_symlink() for name in ("a.json", "b.json", "a.parquet", "b.parquet"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "a.parquet", "b.json", "b.parquet"]


def test_a_table_through_a_symbolic_link_is_judged_and_written_with_the_summary_beside_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--out latest.parquet``, a link to runs/t.parquet (a timeline result): the summary
    beside the link (latest.json, an n-1 sweep's, written when the link pointed elsewhere) said
    what the file was, and ``stress n-1`` replaced the timeline result. The table, its summary
    and its chunk folder are written beside the file the link points at, and judged by it;
    ``report --stress`` through the link reads that summary."""
    import json

    monkeypatch.chdir(tmp_path)
    (tmp_path / "runs").mkdir()
    timeline = tmp_path / "runs" / "t.parquet"
    pd.DataFrame({"date": ["2026-01-01"], "place": ["A"], "days_of_cover": [3.0]}).to_parquet(timeline)
    before = timeline.read_bytes()
    (tmp_path / "latest.json").write_text(json.dumps({"sweep": "n-1"}), encoding="utf-8")
    (tmp_path / "latest.parquet").symlink_to("runs/t.parquet")
    result = CliRunner().invoke(main, ["-q", "stress", "n-1", "--out", "latest.parquet"])
    assert result.exit_code == 1, result.output
    assert "a `supplychain timeline` result" in result.stderr, result.stderr
    assert timeline.read_bytes() == before

    (tmp_path / "latest.parquet").unlink()
    (tmp_path / "latest.parquet").symlink_to("runs/x.parquet")  # a run to come
    _ok("stress", "n-1", "--out", "latest.parquet")
    assert (tmp_path / "latest.parquet").is_symlink()
    assert json.loads((tmp_path / "runs" / "x.json").read_text(encoding="utf-8"))["sweep"] == "n-1"
    assert json.loads((tmp_path / "latest.json").read_text(encoding="utf-8")) == {"sweep": "n-1"}  # not written
    assert not (tmp_path / "latest.parquet.parts").exists()
    (tmp_path / "latest.json").unlink()
    report = CliRunner().invoke(main, ["report", "--stress", "latest.parquet",
                                       "--out", "r.html"])  # fmt: skip
    assert report.exit_code == 0, report.output
    assert "No JSON summary" not in report.stderr, report.stderr


def test_a_table_through_a_symbolic_link_to_another_suffix_is_refused(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """A link to x.json: its summary (x.json) would be written over the table."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "latest.parquet").symlink_to("x.json")
    result = CliRunner().invoke(main, ["-q", "stress", "n-1", "--out", "latest.parquet"])
    assert result.exit_code == 1
    assert "'latest.parquet' is a symbolic link to " in result.stderr and "point the link at a .parquet file" \
        in result.stderr, result.stderr  # fmt: skip
    assert not (tmp_path / "x.json").exists()
