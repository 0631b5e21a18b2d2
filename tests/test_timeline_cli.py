"""`supplychain timeline` and `supplychain stress closure-days` on the embedded network."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from supplychain.cli import main

from .conftest import REPO

BACKTEST = REPO / "models" / "timeline-blockade-2025-26.toml"
OBSERVED = REPO / "models" / "observed-arrivals-2025-26.csv"


def strict_json(path: Path) -> dict:
    """The JSON summary, read as strict JSON: ``NaN`` or ``Infinity`` fail."""

    def refuse(token: str) -> None:
        raise AssertionError(f"{path.name} holds {token}: not strict JSON")

    return json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_timeline_on_the_embedded_default_writes_parquet_and_json(tmp_path: Path) -> None:
    out = tmp_path / "calm.parquet"
    code, text = run("timeline", "--days", "14", "--start", "2026-01-01", "--out", str(out))
    assert code == 0, text
    assert "days of cover" in text and "Bamako: 7.0 days on day 0" in text and "week of" in text
    frame = pd.read_parquet(out)
    assert set(frame["kind"]) >= {"city", "border", "corridor", "national"}
    cities = frame[frame.kind == "city"]
    assert len(cities) == 14 * cities.place.nunique() and (cities.unmet_m3 < 1e-3).all()
    assert (cities.days_of_cover >= 0).all() and (cities.stock_m3 >= -1e-6).all()
    summary = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert summary["status"] == "optimal" and summary["days"] == 14
    assert summary["cities"]["Bamako"]["first_dry_day"] is None
    assert len(summary["weekly"]) == 2


def test_a_terminal_sees_the_time_elapsed_while_the_timeline_solves(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The LPs report no progress: the whole-Africa back-test ran 118 s, `--days 3660` built its
    model for 24 s, without a word on a terminal (fuzz30). A status line with the time elapsed
    shows there (cleared when done); not when stderr is not a terminal."""
    import supplychain.cli.timeline as timeline_cli

    args = ["timeline", "--days", "3", "--start", "2026-01-01", "--out", str(tmp_path / "t.parquet")]
    plain = CliRunner().invoke(main, args)
    assert plain.exit_code == 0, plain.output
    assert "building and solving" not in plain.stderr
    monkeypatch.setattr(timeline_cli, "_progress", lambda: True)
    shown = CliRunner().invoke(main, args)
    assert shown.exit_code == 0, shown.output
    assert "timeline 'baseline', 3 days: building and solving: 00:0" in shown.stderr


def test_pricing_start_without_pricing_warns(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    out = tmp_path / "calm.parquet"
    with caplog.at_level("WARNING", logger="supplychain.cli.timeline"):
        code, text = run("timeline", "--days", "3", "--start", "2026-01-01", "--pricing-start",
                         "corridors", "--out", str(out))  # fmt: skip
    assert code == 0, text
    assert "--pricing-start corridors has no effect: arc pricing is off (196 arcs" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="supplychain.cli.timeline"):  # not given: nothing to say
        assert run("timeline", "--days", "3", "--start", "2026-01-01", "--out", str(out))[0] == 0
    assert "--pricing-start" not in caplog.text


def test_min_stock(tmp_path: Path) -> None:
    out = tmp_path / "min.parquet"
    scenario = tmp_path / "closed.toml"
    scenario.write_text('name = "Pogo closed"\n[[rule]]\nborder_posts = ["Pogo-Zégoua border"]\n'
                        'closed = true\n', encoding="utf-8")  # fmt: skip
    code, text = run("timeline", "--scenario", str(scenario), "--days", "10", "--start",
                     "2026-01-01", "--min-stock", "--out", str(out))  # fmt: skip
    assert code == 0, text
    summary = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert summary["unmet_m3"] == pytest.approx(0.0, abs=1e-3)
    assert "min initial stock" in text
    assert all("min_initial_stock_m3" in c for c in summary["cities"].values())
    # The report shows the answer (it did not before 2026-12-03): the total and one column.
    import re

    page_path = tmp_path / "min.html"
    code, text = run("report", "--timeline", str(out), "--out", str(page_path))
    assert code == 0, text
    page = page_path.read_text(encoding="utf-8")
    total = sum(c["min_initial_stock_m3"] for c in summary["cities"].values())
    assert f"pre-position so that every city is served every day: {total:,.0f} m³ in all" in page
    table = re.search(r'<table[^>]*id="table-timeline-cities".*?</table>', page, re.S)
    assert table is not None and "Stock to pre-position (m³)" in table.group(0)
    # An ordinary run has neither.
    code, text = run("timeline", "--days", "3", "--start", "2026-01-01", "--out", str(tmp_path / "p.parquet"))
    assert code == 0, text
    code, text = run("report", "--timeline", str(tmp_path / "p.parquet"), "--out", str(tmp_path / "p.html"))
    assert code == 0 and "Stock to pre-position" not in (tmp_path / "p.html").read_text(encoding="utf-8")


def test_bad_timeline_file_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[timeline]\nstart = 2025-09-01\ndays = 10\n[[event]]\n'
                   'type = "attack"\ndate = 2025-12-01\nref = "RN1"\ntankers_destroyed = 5\n',
                   encoding="utf-8")  # fmt: skip
    out = tmp_path / "x.parquet"
    code, text = run("timeline", "--scenario", str(bad), "--out", str(out))
    assert code == 1
    assert text.startswith("error: ") and text.count("\n") == 1
    assert "bad.toml" in text and "event[0]" in text and "outside the horizon" in text
    assert not out.exists() and not out.with_suffix(".json").exists()


def test_backtest_files_load_and_run_on_a_short_horizon(tmp_path: Path) -> None:
    out = tmp_path / "blockade.parquet"
    code, text = run("timeline", "--scenario", str(BACKTEST), "--observed", str(OBSERVED),
                     "--days", "14", "--out", str(out))  # fmt: skip
    assert code == 0, text
    assert "2025-09-01 to 2025-09-14 (14 days)" in text
    assert "observed vs simulated" in text
    assert "6 observed periods not wholly inside 2025-09-01..2025-09-14 left out" in text
    frame = pd.read_parquet(out)
    national = frame[frame.kind == "national"]
    assert len(national) == 14 and national.notna()[["stock_m3", "arrivals_m3", "fleet"]].all().all()
    summary = strict_json(out.with_suffix(".json"))
    assert summary["status"] == "optimal" and "observed" in summary
    assert summary["observed"] == [] and summary["observed_left_out"] == 6
    assert summary["escorts"]  # the escorted stretches are in the allocation
    # Each event carries its kind from the timeline file (the report need not read the text).
    kinds = {e["kind"] for e in summary["events"]}
    assert kinds and kinds <= {"attack", "escort", "loading", "rationing", "injection"}
    assert "escort" in kinds  # the file's escort_units events of early September


def test_summary_is_strict_json_with_null_for_missing_figures(tmp_path: Path) -> None:
    out = tmp_path / "september.parquet"
    code, text = run("timeline", "--scenario", str(BACKTEST), "--observed", str(OBSERVED),
                     "--days", "30", "--out", str(out))  # fmt: skip
    assert code == 0, text
    summary = strict_json(out.with_suffix(".json"))
    # Customs' September total gives litres only: its tanker count is null, not NaN.
    september = summary["observed"][0]
    assert september["period_start"] == "2025-09-01" and september["observed_tankers"] is None
    assert september["observed_litres"] > 0
    # The files read, with their hashes, for the report's provenance.
    import hashlib

    inputs = {r["role"]: r for r in summary["command"]["inputs"]}
    # The network is the embedded one (its shipped file, by name; not recorded before
    # 2026-12-05); the parameter file is the default one, the polygons are those the
    # back-test's rules select roads by; the storage file is the default one (not recorded
    # before 2026-12-05).
    assert set(inputs) == {"network", "parameters", "scenario", "polygon", "storage", "observed arrivals"}
    assert (inputs["network"]["path"], inputs["network"]["embedded"]) == ("embedded network", True)
    assert Path(inputs["storage"]["path"]).name == "storage.toml"
    assert inputs["observed arrivals"]["sha256"] == hashlib.sha256(OBSERVED.read_bytes()).hexdigest()
    assert summary["command"]["line"].startswith("supplychain timeline --scenario ")
    from supplychain.reports import load_timeline_result

    roles = [f["role"] for f in load_timeline_result(out).files]
    assert roles[:5] == ["timeline result", "timeline summary", "network of the timeline",
                         "parameters of the timeline", "scenario of the timeline"]  # fmt: skip
    assert roles[-1] == "observed arrivals of the timeline" and "polygon of the timeline" in roles


def test_bad_observed_file_fails_before_the_solve(tmp_path: Path) -> None:
    observed = tmp_path / "obs.csv"
    observed.write_text("# one\n# two\nperiod_start,period_end,tankers,litres,source\n"
                        "2025-09-01,2025-09-05,,1000,x\n2025-09-06,2025-09-08,lots,1000,x\n",
                        encoding="utf-8")  # fmt: skip
    out = tmp_path / "o.parquet"
    code, text = run("timeline", "--scenario", str(BACKTEST), "--observed", str(observed),
                     "--days", "10", "--out", str(out))  # fmt: skip
    assert code == 1 and text.count("\n") == 1, text
    assert text == ("error: Observed arrivals file 'obs.csv' has 1 problem(s): line 5: tankers "
                    "'lots' is not a number >= 0; write one, or leave the cell empty\n")
    assert "Timeline" not in text and not out.exists()  # read before the solve: nothing printed


def test_observed_header_names_are_read_without_spaces_around(tmp_path: Path) -> None:
    """A header written with a space after each comma was said to lack period_start (fuzz30);
    its names are read as its cells are, without the spaces around them."""
    from supplychain.models.timeline_result import read_observed

    observed = tmp_path / "obs.csv"
    observed.write_text(" period_start , period_end , tankers , litres , source\n"
                        "2025-09-01, 2025-09-05,, 1000, x\n", encoding="utf-8")  # fmt: skip
    frame = read_observed(observed)
    assert list(frame.columns)[:5] == ["period_start", "period_end", "tankers", "litres", "source"]
    assert frame["litres"].tolist() == [1000]


def test_observed_periods_outside_the_horizon_are_counted(tmp_path: Path,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    observed = tmp_path / "obs.csv"
    observed.write_text("period_start,period_end,tankers,litres,source\n"
                        "2025-09-01,2025-09-03,,1000000,inside\n"
                        "2025-08-25,2025-09-02,,1000000,starts before day 0\n"
                        "2025-09-04,2025-09-08,,1000000,ends after the last day\n"
                        "2026-01-12,2026-01-18,875,40348300,wholly after\n", encoding="utf-8")  # fmt: skip
    out = tmp_path / "o.parquet"
    with caplog.at_level("INFO", logger="supplychain.models.timeline_result"):
        code, text = run("timeline", "--scenario", str(BACKTEST), "--observed", str(observed),
                         "--days", "5", "--out", str(out))  # fmt: skip
    assert code == 0, text
    said = "3 observed periods not wholly inside 2025-09-01..2025-09-05 left out"
    assert said in text and said in caplog.text
    assert "2025-09-01 to 2025-09-03: observed 1.0" in text
    summary = strict_json(out.with_suffix(".json"))
    assert [r["source"] for r in summary["observed"]] == ["inside"]
    assert summary["observed_left_out"] == 3


def test_stress_closure_days(tmp_path: Path) -> None:
    out = tmp_path / "closure.parquet"
    code, text = run("stress", "closure-days", "--days", "12", "--out", str(out))
    assert code == 0, text
    table = pd.read_parquet(out)
    assert table.corridor.iloc[0] == "(none)" and pd.isna(table.days_to_dry.iloc[0])
    assert len(table) == 23  # baseline + the 22 corridors of the embedded network
    # What the unmet figures are of (stress37): "unmet 0 m3 (0.0 %)" said neither.
    assert "each corridor closed from day 0 (unmet: m3 over the 12 days, and % of the demand over them)" in text
    assert json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["days"] == 12


def test_steady_state_commands_read_a_timeline_file_and_say_its_dates_are_ignored(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    # A file with only [timeline] and [[event]] tables is a timeline, not a plain scenario
    # ("unknown key 'timeline'" before); `solve` runs it as its undated steady state and says
    # what it leaves out.
    only_events = tmp_path / "events.toml"
    only_events.write_text('name = "x"\n[timeline]\nstart = 2025-09-01\n[[event]]\n'
                           'type = "rationing"\nfrom = 2025-09-05\nshare = 0.2\n', encoding="utf-8")
    with caplog.at_level("WARNING", logger="supplychain.cli.solve"):
        code, out = run("solve", "--scenario", str(only_events))
    assert code == 0, out
    assert "Scenario: x" in out and "unmet 0 (0)" in out.split("Scenario: x")[1]
    assert "a steady-state command ignores its dates (1 event left out)" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="supplychain.cli.solve"):
        code, out = run("solve", "--scenario", str(REPO / "models" / "timeline-blockade-2025-26.toml"))
    assert code == 0, out
    assert "(8 dated rules applied on every day, 13 events left out)" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="supplychain.cli.solve"):
        code, out = run("solve", "--scenario", str(REPO / "models" / "threat-blockade-2025.toml"))
    assert code == 0 and "ignores its dates" not in caplog.text


def test_a_later_start_takes_earlier_attacks_tankers_off_the_fleet(tmp_path: Path) -> None:
    # The back-test from 1 December: its attacks of September-November destroyed tankers that
    # are gone on day 0 (before 2026-12-03 they were left out and the fleet started whole).
    import datetime

    from supplychain.models import load_model_parameters
    from supplychain.scenarios.threats import load_threat

    start = datetime.date(2025, 12, 1)
    earlier = sum(e.number for e in load_threat(BACKTEST).events if e.kind == "attack" and e.start < start)
    assert earlier > 0
    out = tmp_path / "dec.parquet"
    code, text = run("timeline", "--scenario", str(BACKTEST), "--start", str(start), "--days", "7",
                     "--out", str(out))  # fmt: skip
    assert code == 0, text
    summary = strict_json(out.with_suffix(".json"))
    assert summary["tankers_lost_before_start"] == pytest.approx(earlier)
    fleet = load_model_parameters().fleet.tankers
    assert f"fleet {fleet - earlier:,.0f} ({earlier:,.0f} destroyed before day 0" in text
    days = pd.read_parquet(out)
    national = days[days["kind"] == "national"]
    assert national["fleet"].iloc[0] == pytest.approx(fleet - earlier - national["tankers_lost"].iloc[0])


def test_the_limit_on_days_is_worded_once_for_the_option_the_file_and_the_api(tmp_path: Path) -> None:
    # The CLI's --days check and the model's horizon check (a file's [timeline] end, the API's
    # days) said the same limit two ways ("the 3,660 days (ten years) ... (the model holds every
    # road on every day)" against "the 3,660 (ten years)").
    from datetime import date

    from supplychain.models.timeline import horizon_problem

    limit = ("is more than the 3,660 days (ten years) a timeline may span (the model holds every "
             "road on every day)")  # fmt: skip
    code, text = run("timeline", "--days", "100000", "--start", "2026-01-01",
                     "--out", str(tmp_path / "o.parquet"))  # fmt: skip
    assert code == 1 and f"--days 100,000 {limit}; give fewer days" in text, text
    (tmp_path / "t.toml").write_text('name = "t"\n[timeline]\nstart = 2026-01-01\nend = 2300-01-01\n',
                                     encoding="utf-8")  # fmt: skip
    code, text = run("timeline", "--scenario", str(tmp_path / "t.toml"), "--out", str(tmp_path / "o.parquet"))
    assert code == 1 and f"'timeline.end': 100,077 days {limit}" in text, text
    # The file's days said it a third way ("5000 is above the maximum 3660").
    (tmp_path / "t.toml").write_text('name = "t"\n[timeline]\nstart = 2026-01-01\ndays = 5000\n',
                                     encoding="utf-8")  # fmt: skip
    code, text = run("timeline", "--scenario", str(tmp_path / "t.toml"), "--out", str(tmp_path / "o.parquet"))
    assert code == 1 and f"'timeline.days': 5000 {limit}; give fewer days" in text, text
    assert horizon_problem(date(2025, 9, 1), 100_000) == f"100,000 days {limit}"
    # The CLI check and the model's are one function: the CLI names the option.
    assert horizon_problem(None, 100_000, named="--days 100,000") == f"--days 100,000 {limit}"


def test_no_tanker_on_the_road_prints_0_not_minus_0(tmp_path: Path) -> None:
    # One day of the back-test with the stock found by --min-stock: nothing travels, and the
    # interior point's -2e-14 tankers on the road printed "at most -0 on the road" and went
    # into the Parquet and the JSON below 0 (audit, 2026-12-04). Values under 1e-6 read as 0.
    out = tmp_path / "m.parquet"
    code, text = run("timeline", "--scenario", str(BACKTEST), "--days", "1", "--min-stock",
                     "--out", str(out))  # fmt: skip
    assert code == 0, text
    assert "at most 0 on the road" in text, text
    national = pd.read_parquet(out).query("kind == 'national'")
    assert (national["tankers_on_road"] >= 0).all()
    assert strict_json(out.with_suffix(".json"))["max_tankers_on_road"] >= 0
