"""JSON files round quantities to a stated precision (the LP's noise out).

``solve --json`` wrote a delivery of 4,750 m3/day as 4749.9999999 and a city served in full
as 1e-07 m3/day short: the solvers meet their constraints to 1e-7, and 12 significant digits
kept the noise. Every JSON file goes through supplychain._json.dumps.
"""

from __future__ import annotations

import json
import math

import pytest

from supplychain._json import dumps


def read(value: object) -> object:
    return json.loads(dumps(value))


def test_a_quantity_written_from_lp_noise_reads_its_value() -> None:
    assert read({"delivered_m3_per_day": 4749.9999999}) == {"delivered_m3_per_day": 4750.0}
    assert read({"unmet_m3_per_day": 1e-07, "unmet_tankers_per_day": 2.2e-09, "unmet_pct": -7.5e-08}) == {
        "unmet_m3_per_day": 0.0, "unmet_tankers_per_day": 0.0, "unmet_pct": 0.0}  # fmt: skip
    # A timeline's total, off by more than 1e-6: its 9 significant digits.
    assert read({"delivered_m3": 47319.9999987}) == {"delivered_m3": 47320.0}
    # Written 0.0, not -0.0.
    assert dumps({"lost_m3": -1e-07}, indent=None) == '{"lost_m3": 0.0}'


def test_the_stated_precision() -> None:
    from supplychain._json import QUANTITY_DECIMALS, QUANTITY_UNITS

    assert QUANTITY_DECIMALS == 3
    assert sorted(QUANTITY_UNITS) == ["convoys", "days", "km", "m3", "pct", "tankers", "trucks"]
    # A week's unmet demand from the back-test timeline: 2.2e-05 m3 off.
    assert read({"unmet_m3": 419.999978, "closing_stock_m3": 3.7e-05, "min_days_of_cover": 3.19e-06}) == {
        "unmet_m3": 420.0, "closing_stock_m3": 0.0, "min_days_of_cover": 0.0}  # fmt: skip
    assert read({"clock_offset_days": 10 / 24, "tankers_lost": 880 / 3, "capacity_trucks_per_day": 1 / 3,
                 "length_km": 12.3456789, "utilisation_pct": 99.99999999, "arrivals_m3": 567345.312214,
                 "convoys": 2.0000000004, "road_km": 123456789.987654}) == {
        "clock_offset_days": 0.417, "tankers_lost": 293.333, "capacity_trucks_per_day": 0.333,
        "length_km": 12.346, "utilisation_pct": 100.0, "arrivals_m3": 567345.312, "convoys": 2.0,
        "road_km": 123456789.988}  # fmt: skip


def test_a_key_without_a_unit_takes_its_enclosing_keys() -> None:
    # Monte Carlo statistics under their measure, cities or border posts by name under theirs,
    # lists of flows under the key of each flow.
    written = read({
        "unmet_m3": {"mean": 179.99999924, "mean_ci95": [179.999995316, 180.000003164], "p5": None},
        "arrivals_by_border_m3": {"Fassala border": 2.38285441809e-07},
        "cities": {"Kati": {"closing_stock_m3": 3.6e-07, "weight": 1 / 3}},
        "segment_flows": [{"segment_id": "RN1:A-B", "flow_m3_per_day": 1423.9999999}],
    })  # fmt: skip
    assert written == {
        "unmet_m3": {"mean": 180.0, "mean_ci95": [180.0, 180.0], "p5": None},
        "arrivals_by_border_m3": {"Fassala border": 0.0},
        "cities": {"Kati": {"closing_stock_m3": 0.0, "weight": 0.333333333333}},
        "segment_flows": [{"segment_id": "RN1:A-B", "flow_m3_per_day": 1424.0}],
    }


def test_counts_and_day_numbers_whose_key_names_no_unit_are_quantities_too() -> None:
    """A Monte Carlo summary's mean closures per draw, a timeline-mc summary's attacks per draw
    and each city's first dry day kept 12 significant digits (0.333333333333) beside quantities
    at 3 decimals; they are counts and a day number, rounded as quantities are (cons35). The
    integers among them stay integers, and what the draws are read from is unchanged."""
    import numpy as np
    import pandas as pd

    from supplychain.scenarios.montecarlo import distribution_stats
    from supplychain.scenarios.timeline_mc import draw_statistics

    t = pd.DataFrame({"draw": [0, 1, 2], "city": ["A"] * 3, "status": ["optimal"] * 3,
                      "unmet_m3": [5.0, 1.0, 0.0], "first_dry_day": [1.0, 2.0, 2.0],
                      "tankers_lost": [40.0, 0.0, 0.0], "dry_days": [2, 1, 1]})  # fmt: skip
    city = read(draw_statistics(t))["cities"]["A"]  # type: ignore[index]
    assert city["first_dry_day_when_dry"]["mean"] == 1.667  # was 1.66666666667
    assert city["p_dry"] == 1.0 and city["dry_days"]["mean"] == 1.333
    written = read({"attacks": distribution_stats(np.array([0.0, 1.0, 0.0])), "recorded_attacks": 2,
                    "mean_segments_closed": 4 / 3, "mean_border_posts_closed": 1 / 7})  # fmt: skip
    assert written["attacks"]["mean"] == 0.333 and written["recorded_attacks"] == 2  # type: ignore[index]
    assert (written["mean_segments_closed"], written["mean_border_posts_closed"]) == (1.333, 0.143)  # type: ignore[index]
    assert isinstance(written["recorded_attacks"], int)  # type: ignore[index]


@pytest.mark.parametrize("key", ["probability_per_day", "attack_probability", "cost_per_day", "solve_time_s",
                                 "lat", "expected_attacks"])  # fmt: skip
def test_other_floats_keep_twelve_significant_digits(key: str) -> None:
    # A probability of 8.7e-05 a day is not noise: to 3 decimals it was 0.
    for value in (8.73052575336e-05, 1.5e-09, 0.1 + 0.2, 12345.678901234567):
        assert read({key: value})[key] == float(f"{value:.12g}")  # type: ignore[index]
    assert read({key: {"Fassala border": 2.5e-08}}) == {key: {"Fassala border": 2.5e-08}}


def test_non_finite_quantities_are_still_null() -> None:
    assert read({"unmet_m3": [math.nan, math.inf, 1.0]}) == {"unmet_m3": [None, None, 1.0]}


def test_a_too_long_integer_is_named_where_it_is_not_in_a_string_before_it() -> None:
    # The digits were searched for alone: the same digits in a string before the integer
    # (or after an escaped quote in one) were named instead.
    from supplychain._json import loads

    digits = "9" * 5000
    doc = f'{{"note": "x {digits} y", "quoted": "a\\" {digits}",\n "days": {digits}}}'
    with pytest.raises(json.JSONDecodeError) as info:
        loads(doc)
    assert (info.value.lineno, info.value.colno) == (2, 10)
    assert doc[info.value.pos:].startswith(digits + "}")


def test_the_text_and_the_report_print_a_routes_tankers_as_the_json_holds_them() -> None:
    # With a 500-tanker fleet under the illustrative blockade the route from Yamoussoukro through
    # Tengréla-Kadiana delivers 1,791.69999999999 m3/day: 38.9499999999998 tankers/day of 46 m3, which
    # the text and the report's routes and corridor tables printed "38.9", where the JSON's
    # 38.95 reads "39.0". Each prints the figure as the file holds it.
    import dataclasses

    from supplychain.models import run_scenario
    from supplychain.models._examples import dakar_bamako
    from supplychain.reports.data import as_run
    from supplychain.reports.sections import routes_data

    g, params = dakar_bamako()
    result = run_scenario(g, params)
    route = dataclasses.replace(result.routes[0], loaded_m3_per_day=1791.69999999999,
                                delivered_m3_per_day=1791.69999999999)  # as the LP returns it
    r = dataclasses.replace(result, routes=[route], tanker_m3=46.0)
    assert f"{1791.69999999999 / 46:.1f}" == "38.9"  # the case: a float just below the boundary
    on_file = json.loads(dumps(r.to_dict()))["routes"][0]["delivered_tankers_per_day"]
    assert on_file == 38.95 and f"{on_file:.1f}" == "39.0"
    assert "1,792 m3/day delivered (39.0 tankers/day)" in r.summary()
    (row,) = routes_data([as_run(r)], 0)["blocks"][0]["routes"]["rows"]
    assert [c["text"] for c in row["cells"]][3:5] == ["1,792", "39.0"]


def test_a_figure_with_more_decimals_is_not_rounded_twice() -> None:
    """The report rounded every figure to the JSON's 3 decimals before printing it with fewer
    (so that an LP's 38.9499999999998 tankers/day read "39.0", as the file's 38.95): a lift of
    1.2346 printed "1.24" and a route cost of 449,600 "0.5 M" (review33). Only round-off is
    taken off."""
    from supplychain.reports.markup import fmt_number

    assert fmt_number(1.2346, 2) == "1.23"
    assert fmt_number(0.4496, 1) == "0.4"
    assert fmt_number(1791.69999999999 / 46, 1) == "39.0"  # the solver's round-off: as written
    assert fmt_number(-1e-7, 1) == "0.0"
