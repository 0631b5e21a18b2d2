"""The closing stock of a timeline: what is left in each city's tank at the end of the horizon
(after the last day's arrivals and deliveries), in the JSON summary and the printed text."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from supplychain.cli import main
from supplychain.models._examples import example_params, port_city
from supplychain.models.scenario import Effect
from supplychain.models.timeexp import build_timeline_model
from supplychain.models.timeexp_solve import solve_timeline
from supplychain.models.timeline import DatedEffects, StorageParameters, Timeline
from supplychain.models.timeline_result import TimelineResult


def _cut_off(days: int, *, initial_days: float = 5.0,
             injections: tuple[tuple[int, str, float], ...] = ()) -> TimelineResult:
    """Kayes (10 m3/day, ``initial_days`` x 10 m3 in a 100 m3 tank) behind its only road,
    closed every day: no supply."""
    tl = Timeline("cut off", "", datetime.date(2026, 2, 1), days,
                  effects=(DatedEffects(0, days - 1, {"R": Effect(closed=True)}, {}),),
                  storage=StorageParameters(10.0, initial_days, 0.0), injections=injections)
    return solve_timeline(build_timeline_model(port_city(demand_m3_per_day=10.0),
                                               example_params(), tl))


@pytest.mark.parametrize(("days", "closing_m3"), [(1, 40.0), (3, 20.0), (5, 0.0), (7, 0.0)])
def test_closing_stock_is_the_start_stock_less_what_was_delivered(days: int, closing_m3: float) -> None:
    # S = 50 m3, d = 10 m3/day, no supply: S - D x d left after D days, never below 0.
    result = _cut_off(days)
    assert result.status == "optimal"
    kayes = result.to_dict()["cities"]["Kayes"]
    assert kayes["closing_stock_m3"] == pytest.approx(closing_m3, abs=1e-6)
    assert kayes["initial_stock_m3"] == pytest.approx(50.0)


def test_closing_stock_counts_an_injection() -> None:
    # 50 m3 + 15 m3 injected on day 1 - 3 days x 10 m3 delivered = 35 m3 left.
    result = _cut_off(3, injections=((1, "Kayes", 15.0),))
    kayes = result.to_dict()["cities"]["Kayes"]
    assert kayes["delivered_m3"] == pytest.approx(30.0, abs=1e-6)
    assert kayes["closing_stock_m3"] == pytest.approx(35.0, abs=1e-6)


def test_closing_stock_is_the_last_start_stock_plus_the_last_day() -> None:
    # The recount: stock at the start of the last day + injections - delivered that day.
    result = _cut_off(4, injections=((3, "Kayes", 12.0),))
    c = result.cities["Kayes"]
    recount = c["stock"][3] + 12.0 - c["delivered"][3]
    assert result.to_dict()["cities"]["Kayes"]["closing_stock_m3"] == pytest.approx(recount, abs=1e-6)
    assert recount == pytest.approx(50.0 + 12.0 - 40.0, abs=1e-6)


def test_closing_stock_line_in_the_text() -> None:
    text = _cut_off(3).summary()
    assert "  closing stock at the end of 2026-02-03 (after its arrivals and deliveries; no fuel is " \
           "shipped for after it): 20 m3; Kayes 20" in text.splitlines()


def test_timeline_command_writes_the_closing_stock(tmp_path: Path) -> None:
    out = tmp_path / "calm.parquet"
    result = CliRunner().invoke(main, ["timeline", "--days", "3", "--start", "2026-01-01",
                                       "--out", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    cities = summary["cities"]
    for city in cities.values():
        assert 0.0 <= city["closing_stock_m3"] <= city["storage_capacity_m3"] + 1e-6
    total = sum(c["closing_stock_m3"] for c in cities.values())
    assert f"closing stock at the end of 2026-01-03 (after its arrivals and deliveries; no fuel is shipped " \
        f"for after it): {total:,.0f} m3" in result.output
