"""The report's fleet line gives the fleet on day 0 and after the last day, as the text's
"fleet 2,500 -> 2,289 tankers" does (the report gave only the tankers destroyed)."""

from __future__ import annotations

from dataclasses import replace

from supplychain.models.timeexp import build_timeline_model
from supplychain.models.timeexp_solve import solve_timeline
from supplychain.models.timeline import Attack
from supplychain.reports.timeline_section import TimelineData, load_timeline_result, timeline_data

from .test_timeline_model import line, params, timeline


def _attacked(**kw: object) -> tuple[str, str]:
    # Fleet of 20; an attack on day 5 destroys 4 loaded tankers: 20 -> 16.
    attack = Attack("ambush", 5, 4.0, frozenset({"R:P-C"}))
    result = solve_timeline(build_timeline_model(line([24.0], demand=100.0), params(tankers=20.0),
                                                 timeline(10, attacks=(attack,))))  # fmt: skip
    result = replace(result, **kw)
    data = TimelineData(result.to_frame(), result.to_dict(), "attacked.parquet")
    return timeline_data(load_timeline_result(data))["fleet_sentence"], result.summary()


def test_fleet_on_day_0_and_at_the_end() -> None:
    sentence, text = _attacked()
    assert "fleet 20 -> 16 tankers, 4 destroyed" in text
    assert sentence.startswith("Fleet: 4 tankers destroyed with 4 m³ of cargo; at most ")
    assert sentence.endswith(" The fleet goes from 20 tankers on day 0 to 16 after the last day.")


def test_attack_on_day_0_counts_in_the_starting_fleet() -> None:
    # The text's rule: the day's fleet is already net of that day's attack.
    attack = Attack("early", 0, 3.0, frozenset({"R:P-C"}))
    result = solve_timeline(build_timeline_model(line([24.0], demand=100.0), params(tankers=20.0),
                                                 timeline(4, attacks=(attack,))))  # fmt: skip
    data = TimelineData(result.to_frame(), result.to_dict(), "early.parquet")
    sentence = timeline_data(load_timeline_result(data))["fleet_sentence"]
    first = result.fleet[0] + result.tankers_lost[0]
    assert f"fleet {first:,.0f} -> {result.fleet[-1]:,.0f} tankers" in result.summary()
    assert f"The fleet goes from {first:,.0f} tankers on day 0 to {result.fleet[-1]:,.0f}" in sentence


def test_unlimited_fleet_gives_no_counts() -> None:
    sentence, _ = _attacked(fleet_limited=False)
    assert "The fleet goes from" not in sentence
    assert sentence.endswith("(the fleet was not limited in this run).")
