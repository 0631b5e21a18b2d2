"""The stress, threat and solve commands on threat files."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from click.testing import CliRunner

from supplychain.cli import main
from supplychain.cli.stress import _stress_text

from .conftest import REPO

THREAT = REPO / "models" / "threat-blockade-2025.toml"


def _run(*args: str):
    # Not -q: it prints only errors, and these tests read the results.
    return CliRunner().invoke(main, list(args))


def test_stress_n_1_writes_table_and_summary(tmp_path: Path) -> None:
    out = tmp_path / "n1.parquet"
    r = _run("stress", "n-1", "--scenario", str(THREAT), "--csv", "--out", str(out))
    assert r.exit_code == 0, r.output
    table = pd.read_parquet(out)
    assert {"rank", "id", "throughput_lost_m3_per_day", "served_lost_pct", "status",
            "single_point_of_failure"} <= set(table.columns)
    assert out.with_suffix(".csv").is_file()
    summary = json.loads(out.with_suffix(".json").read_text())
    assert summary["sweep"] == "n-1" and "ILLUSTRATIVE" in summary["scenario"]
    assert "1. " in r.output
    assert "-0 " not in r.output and "-0 m3/day" not in r.output  # no loss prints as 0
    assert f"Wrote {out}, {out.with_suffix('.json')} and {out.with_suffix('.csv')}" in r.output


def test_stress_monte_carlo_uses_threat_probabilities(tmp_path: Path) -> None:
    out = tmp_path / "mc.parquet"
    r = _run("stress", "monte-carlo", "--scenario", str(THREAT), "--draws", "60",
             "--chunk-size", "30", "--seed", "3", "--out", str(out))
    assert r.exit_code == 0, r.output
    summary = json.loads(out.with_suffix(".json").read_text())
    assert summary["draws"] == 60 and summary["seed"] == 3
    assert summary["chunk_size"] == 30  # the draws depend on it: recorded to reproduce the run
    assert "P5" in r.output
    # 60 draws bound no P5 with 95 % confidence (72 do): the report said so, the text printed
    # the P5 and P95 as any others (user36).
    assert summary["throughput_m3_per_day"]["p5_ci95"][0] is None
    assert "  (only 60 draws: too few to bound the P5 and P95 with 95 % confidence; read them as rough)" \
        in r.output


def test_stress_worst_case_and_n_k(tmp_path: Path) -> None:
    r = _run("stress", "worst-case", "--k", "1", "--out", str(tmp_path / "w.parquet"))
    assert r.exit_code == 0, r.output
    assert "exact" in r.output and "greedy" in r.output
    r = _run("stress", "n-k", "--k", "2", "--top", "3", "--out", str(tmp_path / "k.parquet"))
    assert r.exit_code == 0, r.output
    assert len(pd.read_parquet(tmp_path / "k.parquet")) == 3


def test_stress_monte_carlo_without_probabilities_is_a_one_line_error(tmp_path: Path) -> None:
    r = _run("stress", "monte-carlo", "--draws", "10", "--out", str(tmp_path / "x.parquet"))
    assert r.exit_code == 1
    assert "No segment has an attack probability" in r.output


def test_threat_command_explains_incidents() -> None:
    r = _run("threat", str(THREAT))
    assert r.exit_code == 0, r.output
    assert "rule 'Kayes axis'" in r.output and "km away" in r.output and "days old" in r.output


def test_solve_accepts_a_threat_file() -> None:
    r = _run("solve", "--scenario", str(THREAT))
    assert r.exit_code == 0, r.output
    assert "ILLUSTRATIVE" in r.output and "Nioro du Sahel" in r.output


def test_options_of_other_sweeps_are_named_in_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # `stress n-1 --warm --days 5 --draws 3` ran with exit 0 and said nothing of them.
    with caplog.at_level("WARNING", logger="supplychain.cli.stress"):
        r = _run("stress", "n-1", "--warm", "--days", "5", "--draws", "3", "--out", str(tmp_path / "n1.parquet"))
    assert r.exit_code == 0, r.output
    assert "--draws, --days, --warm have no effect on stress n-1" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="supplychain.cli.stress"):
        r = _run("stress", "n-1", "--chunk-size", "20", "--out", str(tmp_path / "n1b.parquet"))
    assert r.exit_code == 0 and "no effect" not in caplog.text


def test_draws_default_depends_on_the_sweep(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # timeline-mc's draws are whole timelines (0.1-3 s each): it defaults to 200 draws, not
    # monte-carlo's 10,000 (hours); --draws still wins.
    import supplychain.cli._timeline_mc as tmc

    seen: list[int] = []
    monkeypatch.setattr(tmc, "_timeline_mc", lambda *args, **kw: seen.append(args[4]))
    out = str(tmp_path / "t.parquet")
    for extra in ([], ["--draws", "7"]):
        result = CliRunner().invoke(main, ["stress", "timeline-mc", "--scenario", "x.toml", *extra,
                                           "--out", out])
        assert result.exit_code == 0, result.output
    assert seen == [200, 7]


def _ranking(lost: list[float]) -> SimpleNamespace:
    """An N-k result whose closures lose ``lost`` m3/day of throughput, ranked."""
    n = len(lost)
    table = pd.DataFrame({
        "rank": range(1, n + 1), "id": [f"c{i}" for i in range(n)],
        "throughput_lost_m3_per_day": lost, "throughput_lost_pct": [x / 100 for x in lost],
        "served_lost_m3_per_day": [0.0] * n, "served_lost_pct": [0.0] * n,
        "single_point_of_failure": [False] * n,
    })  # fmt: skip
    return SimpleNamespace(kind="n-k", table=table, summary={"scenario": "baseline"})


def test_ranking_lines_say_lost_with_units_and_basis() -> None:
    """stress37: the lines read "throughput -4,600 m3/day (43.3 %), served 0 (0.0 %)": a
    closure losing nothing printed "throughput 0 m3/day", the network carrying nothing; the
    served demand had no unit, and nothing said the % are of the scenario's own figures
    (4,690 m3/day served on the illustrative threat, not the baseline's 4,750)."""
    table = pd.DataFrame({
        "rank": [1, 2], "id": ["a", "b"],
        "throughput_m3_per_day": [6026.0, 10626.0], "throughput_lost_m3_per_day": [4600.0, 0.0],
        "throughput_lost_tankers_per_day": [100.0, 0.0], "throughput_lost_pct": [43.29, 0.0],
        "served_m3_per_day": [4690.0, 4460.0], "served_lost_m3_per_day": [0.0, 230.0],
        "served_lost_tankers_per_day": [0.0, 5.0], "served_lost_pct": [0.0, 4.904],
        "single_point_of_failure": [False, False], "status": ["optimal", "optimal"],
    })  # fmt: skip
    text = _stress_text(SimpleNamespace(kind="n-1", table=table, summary={"scenario": "s"}))
    assert ("  (lost: against the scenario with nothing more closed, throughput 10,626 m3/day and "
            "served demand 4,690 m3/day; the % are of these)") in text.splitlines()
    assert ("1. a: throughput lost 4,600 m3/day (100.0 tankers/day, 43.3 %), "
            "served demand lost 0 m3/day (0.0 tankers/day, 0.0 %)") in text
    assert ("2. b: throughput lost 0 m3/day (0.0 tankers/day, 0.0 %), "
            "served demand lost 230 m3/day (5.0 tankers/day, 4.9 %)") in text


def test_printed_ranking_stops_at_the_last_closure_that_loses_something() -> None:
    # A real network: two closures lose something, hundreds of border posts lose nothing.
    text = _stress_text(_ranking([4600.0, 1380.0] + [0.0] * 579))
    assert "1. c0:" in text and "2. c1:" in text and "3. c2" not in text
    assert "the other 579 closures lose nothing" in text
    text = _stress_text(_ranking([100.0] * 12 + [0.2] * 3))  # 0.2 prints as 0: nothing lost
    assert "10. c9:" in text and "11. c10" not in text
    assert "2 more closures lose something (see the table)" in text
    assert "  3 closures lose nothing" in text
    # One more reads in the singular, as "1 closure loses nothing" does (it read "1 more
    # closure lose something", which the default `run` printed at 4.3 driving hours a day).
    text = _stress_text(_ranking([100.0] * 11))
    assert "  1 more closure loses something (see the table)" in text.splitlines()
    text = _stress_text(_ranking([0.0] * 4))
    assert "1. " not in text and "  4 closures lose nothing" in text
    assert "closures lose nothing" not in _stress_text(_ranking([5.0, 3.0]))
    # Counts read as the report's, with thousands separators (cons34: "10000 rows").
    # Exactly 0.5 prints "0" (a half rounds to even): nothing lost, as printed (cons34).
    text = _stress_text(_ranking([2.0, 0.5, 0.5]))
    assert "1. c0:" in text and "2. c1" not in text and "the other 2 closures lose nothing" in text
    # So does a solver's round-off above it (two optima's difference), which prints "0" too (review35).
    text = _stress_text(_ranking([2.0, 0.5 + 1e-10, 0.5 - 1e-10]))
    assert "1. c0:" in text and "2. c1" not in text and "the other 2 closures lose nothing" in text
    text = _stress_text(_ranking([5.0] + [0.0] * 1200))
    assert "'baseline': 1,201 rows" in text and "the other 1,200 closures lose nothing" in text


@pytest.mark.parametrize(("lost", "rows", "caption"), [
    ([4600.0, 1380.0] + [0.0] * 579, 2, "Top 2 of 581; the other 579 lose nothing"),
    ([100.0] * 22 + [0.2] * 3, 20, "Top 20 of 25; 2 more lose something (the Parquet table lists them), "
                                   "3 lose nothing"),
    ([0.0] * 4, 0, "None of 4 loses anything"),
    ([5.0, 3.0], 2, "Top 2 of 2"),
    ([5.0, 0.0, float("nan")], 1, "Top 1 of 3; the other 1 lose nothing; 1 failed to solve (loss unknown)"),
])
def test_report_ranking_table_shows_the_rows_the_text_ranks(lost: list[float], rows: int, caption: str) -> None:
    """The report's N-k table listed its top 20 whatever they lost: zero losses in id order
    after the two that matter, read as a ranking. It now stops where the text output does."""
    from supplychain.reports.stress import StressData, load_stress
    from supplychain.reports.stress_section import _ranking_block

    r = _ranking(lost)
    table = r.table.assign(throughput_lost_tankers_per_day=0.0, served_lost_tankers_per_day=0.0,
                           status=["failed" if x != x else "optimal" for x in lost])  # fmt: skip
    block = _ranking_block(load_stress(StressData("n-k", "", table, {"sweep": "n-k"})), 0)
    assert [row["cells"][1]["text"] for row in block["table"]["rows"]] == [f"c{i}" for i in range(rows)]
    assert block["table"]["caption"] == caption


def test_worst_case_when_the_scenario_already_cuts_bamako_off(tmp_path: Path) -> None:
    """Nothing reaches Bamako before any closure: each k closes nothing and loses 0 %; it
    printed 'closes : max flow to Bamako 0 m3/day (-0.0 %)'."""
    scenario = tmp_path / "cut.toml"
    scenario.write_text('name = "Bamako cut off"\n' + "".join(
        f'[[segment]]\nid = "{s}"\nclosed = true\n'
        for s in ("RN3:Kati-Bamako", "RN5:Siby-Bamako", "RN6:Bamako-Fana", "RN7:Bamako-Ouéléssébougou")
    ), encoding="utf-8")
    out = tmp_path / "w.parquet"
    r = _run("stress", "worst-case", "--k", "1", "--scenario", str(scenario), "--out", str(out))
    assert r.exit_code == 0, r.output
    table = pd.read_parquet(out)
    assert (table["remaining_m3_per_day"] == 0).all() and (table["lost_m3_per_day"] == 0).all()
    assert "k=1 exact  closes nothing: max flow to Bamako 0 m3/day (0.0 %)" in r.output
    assert "closes :" not in r.output and "-0.0 %" not in r.output


def test_workers_and_scheduler_are_named_as_unused_by_the_worst_case(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # The worst case solves its few MIPs in the command's process: `stress worst-case
    # --workers 2` said nothing of it (and started a fork server no worker used), and the
    # README said its chunks were shared between processes.
    with caplog.at_level("WARNING", logger="supplychain.cli.stress"):
        r = _run("stress", "worst-case", "--k", "1", "--workers", "2", "--out", str(tmp_path / "w.parquet"))
    assert r.exit_code == 0, r.output
    assert "--workers has no effect on stress worst-case" in caplog.text
    caplog.clear()
    # --chunk-size was accepted without a word, though the worst case has no chunks (one
    # checkpoint per k).
    with caplog.at_level("WARNING", logger="supplychain.cli.stress"):
        r = _run("stress", "worst-case", "--k", "1", "--chunk-size", "3", "--out", str(tmp_path / "w2.parquet"))
    assert r.exit_code == 0, r.output
    assert "--chunk-size has no effect on stress worst-case" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="supplychain.cli.stress"):
        r = _run("stress", "n-1", "--workers", "2", "--out", str(tmp_path / "n1.parquet"))
    assert r.exit_code == 0 and "no effect" not in caplog.text


def test_monte_carlo_text_says_when_it_cuts_the_most_often_closed() -> None:
    # 8 segments closed in the worst draws: the text printed 5 without a word of the 3 others,
    # which the JSON lists and the report shows (it says when it cuts its own 10) (cons34).
    stats = {"mean": 10.0, "p5": 5.0, "p50": 10.0, "p95": 15.0, "min": 5.0}
    share = [{"segment_id": f"s{i}", "kind": "segment", "share_of_worst_draws": 1.0 - i / 10,
              "worst_draws": 15, "attack_probability": 0.1, "lift": 1.0} for i in range(8)]  # fmt: skip
    summary = {"scenario": "s", "draws": 300, "throughput_m3_per_day": stats, "served_m3_per_day": stats,
               "worst_5pct_share": share, "failed_draws": 0}  # fmt: skip
    text = _stress_text(SimpleNamespace(kind="monte-carlo", table=pd.DataFrame({"draw": range(300)}),
                                        summary=summary))  # fmt: skip
    assert ": s4" in text and ": s5" not in text
    assert "(3 more closed in those draws: the JSON summary's worst_5pct_share lists them all)" in text
    summary["worst_5pct_share"] = share[:5]
    assert "more closed" not in _stress_text(SimpleNamespace(kind="monte-carlo", table=pd.DataFrame(),
                                                             summary=summary))  # fmt: skip
    assert "too few" not in text  # no interval in these statistics: nothing said of it


def test_an_n_2_sweep_is_named_n_2_in_the_text_the_json_and_the_report() -> None:
    """``stress n-k --k 2``: its JSON summary says ``"sweep": "n-2"`` and the report's heading
    "N-2", but the text's first line said "n-k on scenario ..." and the report's line under the
    heading "n-k from k.parquet". All now name the sweep N-2 (cons35)."""
    from supplychain.reports.stress import StressData, load_stress
    from supplychain.reports.stress_section import stress_data
    from supplychain.reports.templating import render

    r = _ranking([5.0, 3.0])
    r.summary["sweep"] = "n-2"  # as n_minus_k writes it (sweeps.py: _describe(ctx, f"n-{k}"))
    assert _stress_text(r).startswith("n-2 on scenario 'baseline': 2 rows")
    table = r.table.assign(throughput_lost_tankers_per_day=0.0, served_lost_tankers_per_day=0.0,
                           status="optimal")  # fmt: skip
    data = load_stress(StressData("", "", table, {**r.summary}, "k.parquet"))
    page = str(render("stress.html.j2", stress_data([data])))
    assert "<h3>N-2 on scenario “baseline”</h3>" in page
    assert '<p class="muted">n-2 from k.parquet</p>' in page and "n-k from" not in page
    # A file whose summary does not say its k is still an N-k, in both.
    old = load_stress(StressData("", "", table, {"scenario": "baseline", "sweep": "n-k"}, "old.parquet"))
    page = str(render("stress.html.j2", stress_data([old])))
    assert "<h3>N-k on scenario" in page and '<p class="muted">n-k from old.parquet</p>' in page
