"""Observed periods ending in the horizon's last days are flagged (``near_horizon_end``): the
plan ships nothing for after the last day and draws the tanks down, so simulated arrivals
there are low by construction ("error -100 %" on a last week served from the tanks, audit
2026-12-05). The text, the JSON and the report say so for such periods."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from supplychain.cli import main
from supplychain.models._examples import example_params, port_city
from supplychain.models.timeexp import build_timeline_model, solve_timeline
from supplychain.models.timeline import StorageParameters, Timeline
from supplychain.models.timeline_result import TimelineResult
from supplychain.reports.timeline_section import TimelineData, load_timeline_result, timeline_data

from .conftest import REPO

START = date(2026, 1, 1)
DAYS = 14
NOTE = ("arrivals in the horizon's last 4 days (from 2026-01-11) are low by construction: the plan "
        "ships nothing for after the last day and draws the tanks down (a full tank serves up to 3 "
        "days of demand, and fuel takes up to 1 day from a border crossing to a city)")


@pytest.fixture(scope="module")
def solved() -> TimelineResult:
    """Port -> post -> Kayes (10 m³/day, a tank of 3 days' demand, full on day 0), each road one
    day, 14 days: the last 3 + 1 days are near the horizon's end."""
    g = port_city(border=True, demand_m3_per_day=10.0)
    g.nodes["P"]["country"] = "SEN"
    g.nodes["X"]["country"] = "MLI"
    g.nodes["C"]["country"] = "MLI"
    tl = Timeline("end", "", START, DAYS, storage=StorageParameters(3.0, 3.0, 0.0))
    return solve_timeline(build_timeline_model(g, example_params(fleet_tankers=100.0), tl))


def observed(*spans: tuple[int, int]) -> pd.DataFrame:
    days = [(date.fromordinal(START.toordinal() + a), date.fromordinal(START.toordinal() + b)) for a, b in spans]
    return pd.DataFrame({"period_start": [a for a, _ in days], "period_end": [b for _, b in days],
                         "tankers": [np.nan] * len(days), "litres": [70e3] * len(days),
                         "source": ["hand"] * len(days)})  # fmt: skip


# Days 0-6 and 7-9 end before the last 4 days (10-13); 8-10 ends on the first of them, 7-13 on
# the last.
PERIODS = observed((0, 6), (7, 9), (8, 10), (7, 13))
FLAGS = [False, False, True, True]


def test_the_last_days_are_the_tank_plus_the_transit_from_the_border(solved: TimelineResult) -> None:
    assert solved.status == "optimal"
    assert solved.border_transit_days == pytest.approx(1.0)  # post -> Kayes: 12 h at 12 h a day
    assert solved.near_end_days() == (4, 3, 1)
    # By construction: fuel crossing the border on the last day reaches Kayes after the horizon.
    assert solved.arrivals_m3[-1] == 0.0
    assert solved.compare(PERIODS)["near_horizon_end"].tolist() == FLAGS


def test_text_and_json_mark_the_periods_near_the_end(solved: TimelineResult) -> None:
    text = solved.summary(PERIODS)
    rows = [line for line in text.splitlines() if ": observed " in line]
    assert [line.endswith(" *") for line in rows] == FLAGS, rows
    assert f"    * {NOTE}" in text.splitlines(), text
    summary = solved.to_dict(PERIODS)
    assert [r["near_horizon_end"] for r in summary["observed"]] == FLAGS
    assert summary["near_horizon_end_days"] == 4
    assert summary["near_horizon_end_basis"] == {"tank_days": 3, "border_transit_days": 1}
    # No period near the end: no mark, no note.
    early = solved.summary(observed((0, 6)))
    assert " *" not in early and "low by construction" not in early


def test_the_report_marks_them_in_the_table_and_the_hover(solved: TimelineResult) -> None:
    data = timeline_data(load_timeline_result(TimelineData(solved.to_frame(), solved.to_dict(PERIODS),
                                                           "end.parquet")))  # fmt: skip
    table = data["observed"]
    periods = [row["cells"][0]["text"] for row in table["rows"]]
    assert [p.endswith(" *") for p in periods] == FLAGS, periods
    assert table["caption"] == f"* {NOTE}"
    # The chart's hover: the observed and simulated steps of the two periods near the end.
    hovers = {t["name"]: [p for p, _ in t["customdata"]] for t in data["arrivals"]["figure"]["data"]
              if t.get("meta", {}).get("kind") in ("observed", "simulated")}  # fmt: skip
    assert len(hovers) == 2
    for points in hovers.values():
        low = [p for p in points if p and p.endswith("(the horizon's last days: low by construction)")]
        assert [p[:24] for p in low] == ["2026-01-09 to 2026-01-11"] * 2 + ["2026-01-08 to 2026-01-14"] * 2


def test_a_hand_summary_without_the_flag_reads_as_before() -> None:
    # Summaries written before the flag: no mark and no note.
    r = TimelineResult("old", "optimal", START, 7)
    r.cities = {"Kati": {"stock": np.full(8, 70.0), "demand": np.full(7, 10.0),
                         "delivered": np.full(7, 10.0), "unmet": np.zeros(7)}}  # fmt: skip
    r.storage = {"Kati": (70.0, 70.0, 0.0)}
    r.escort_units = r.escort_units_used = r.tankers_on_road = r.fleet = np.zeros(7)
    r.tankers_lost = r.cargo_lost_m3 = np.zeros(7)
    summary = r.to_dict(observed((0, 6)))
    assert summary["observed"][0]["near_horizon_end"] is True  # a 7-day tank: the whole week
    for row in summary["observed"]:
        del row["near_horizon_end"]
    del summary["near_horizon_end_days"], summary["near_horizon_end_basis"]
    data = timeline_data(load_timeline_result(TimelineData(r.to_frame(), summary, "old.parquet")))
    assert data["observed"]["rows"][0]["cells"][0]["text"] == "2026-01-01 to 2026-01-07"
    assert data["observed"]["caption"] == ""


def test_the_back_test_week_at_the_end_of_a_7_day_horizon(tmp_path: Path) -> None:
    # The audit's command: the week of 12 January alone, served from the tanks ("-100 %").
    out = tmp_path / "week.parquet"
    res = CliRunner().invoke(main, [
        "timeline", "--scenario", str(REPO / "models" / "timeline-blockade-2025-26.toml"),
        "--observed", str(REPO / "models" / "observed-arrivals-2025-26.csv"),
        "--start", "2026-01-12", "--days", "7", "--out", str(out)])  # fmt: skip
    assert res.exit_code == 0, res.output
    # -100.0 % (8 m³ in the run of 2026-12-05; -99.9 % when a few hundred m³ reach Mali in the week).
    assert re.search(r"2026-01-12 to 2026-01-18: observed 40\.3, simulated 0\.0, error -(99\.\d|100\.0) % \*",
                     res.output), res.output
    assert "    * arrivals in the horizon's last 7 days (from 2026-01-12) are low by construction" in res.output
    summary = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert [r["near_horizon_end"] for r in summary["observed"]] == [True]


def test_a_summary_edited_by_hand_is_named_where_the_flag_is_wrong() -> None:
    from supplychain.reports.timeline_section import _summary_problem

    row = {"period_start": "2026-01-01", "period_end": "2026-01-07", "observed_litres": 1.0,
           "simulated_litres": 1.0, "error_litres": 0.0}  # fmt: skip
    assert _summary_problem({"observed": [{**row, "near_horizon_end": True}], "near_horizon_end_days": 4}) is None
    assert _summary_problem({"observed": [{**row, "near_horizon_end": "yes"}]}) == \
        "'observed[0].near_horizon_end' = 'yes' is not true or false"
    assert _summary_problem({"near_horizon_end_days": "4"}) == "'near_horizon_end_days' = '4' is not a number"
    assert _summary_problem({"near_horizon_end_basis": {"tank_days": None, "border_transit_days": "x"}}) == \
        "'near_horizon_end_basis.border_transit_days' = 'x' is not a number"


MIN_STOCK_NOTE = ("arrivals in the horizon's last 2 days (from 2026-01-13) are low by construction: the plan "
                  "ships nothing for after the last day and draws its stock down (with --min-stock, tanks "
                  "lifted: the stock it holds then serves up to 1 day of demand, and fuel takes up to 1 day "
                  "from a border crossing to a city)")


def test_with_min_stock_the_last_days_are_those_the_plans_own_stock_serves() -> None:
    """--min-stock lifts the tanks and keeps only the stock the plan needs: the draw-down of a
    full tank does not happen. The tank's 3 days were counted (4 days flagged, "draws the tanks
    down (a full tank serves up to 3 days)"), as on the back-test (13 days, 10 of them the
    tanks', while the --min-stock plan's arrivals into Mali stay at the day's demand until
    the last 2 days: its weeks of 12 and 19 January were flagged with --days 150 and not with
    181, at the same errors). Now the days after the city's last arrival, which its own stock
    serves."""
    g = port_city(border=True, demand_m3_per_day=10.0)
    g.nodes["P"]["country"] = "SEN"
    g.nodes["X"]["country"] = "MLI"
    g.nodes["C"]["country"] = "MLI"
    tl = Timeline("end", "", START, DAYS, storage=StorageParameters(3.0, 3.0, 0.0))
    r = solve_timeline(build_timeline_model(g, example_params(fleet_tankers=100.0), tl, min_stock=True))
    assert r.status == "optimal" and r.min_stock
    stock = r.cities["Kayes"]["stock"]
    # The plan's own stock on the last days (start of day): the last day's demand, no more.
    assert stock[DAYS - 1] == pytest.approx(10.0) and stock[DAYS - 2] < 20.0
    assert r.near_end_days() == (2, 1, 1)
    assert r.arrivals_m3[-2:].tolist() == [0.0, 0.0]  # low on those 2 days indeed
    assert r.compare(PERIODS)["near_horizon_end"].tolist() == [False, False, False, True]
    assert f"    * {MIN_STOCK_NOTE}" in r.summary(PERIODS).splitlines()
    summary = r.to_dict(PERIODS)
    assert summary["near_horizon_end_days"] == 2
    assert summary["near_horizon_end_basis"] == {"tank_days": 1, "border_transit_days": 1}
    data = timeline_data(load_timeline_result(TimelineData(r.to_frame(), summary, "ms.parquet")))
    assert data["observed"]["caption"] == f"* {MIN_STOCK_NOTE}"


def test_the_days_after_a_citys_last_arrival_by_hand() -> None:
    from supplychain.models.timeline_result import _days_after_last_arrival

    delivered = np.full(6, 10.0)
    # 40 m3 arrive on day 2 (stock 0 -> 30 after its 10 delivered), nothing after: 3 days.
    assert _days_after_last_arrival(np.array([10.0, 0, 0, 30, 20, 10, 0]), delivered) == 3
    # Something arrives on the last day: none.
    assert _days_after_last_arrival(np.array([10.0, 0, 0, 30, 20, 10, 5]), delivered) == 0
    # Less than the tolerance (1e-3 m3) is no arrival; nothing at all (the initial stock serves
    # every day): 0, not the whole horizon.
    assert _days_after_last_arrival(np.array([10.0, 0, 0, 30, 20, 10, 5e-4]),
                                    delivered) == 3  # fmt: skip
    assert _days_after_last_arrival(np.array([60.0, 50, 40, 30, 20, 10, 0]), delivered) == 0
