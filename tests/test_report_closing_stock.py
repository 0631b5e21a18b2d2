"""The report's days-of-cover section gives each city's closing stock, as the timeline's text
and JSON summary do: what is left in its tank at the end of the last day."""

from __future__ import annotations

from supplychain.reports.timeline_section import TimelineData, load_timeline_result, timeline_data

from .test_timeline_closing_stock import _cut_off


def _section(days: int, **kwargs: object) -> dict:
    result = _cut_off(days, **kwargs)  # type: ignore[arg-type]
    data = TimelineData(result.to_frame(), result.to_dict(), "cut-off.parquet")
    return timeline_data(load_timeline_result(data))


def test_city_table_has_the_closing_stock() -> None:
    # S = 50 m3, 10 m3/day, no supply, 3 days: 20 m3 left (the text says "Kayes 20").
    section = _section(3)
    table = section["cities"]
    labels = [c["label"] for c in table["head"]]
    assert "Closing stock (m³)" in labels
    col = labels.index("Closing stock (m³)")
    (row,) = table["rows"]
    assert row["cells"][0]["text"] == "Kayes"
    assert row["cells"][col]["text"] == "20"
    sentence = section["closing_sentence"]
    assert sentence.startswith("Closing stock at the end of 2026-02-03 (after that day's arrivals, "
                               "injections and deliveries): 20 m³ in all.")
    assert "not a forecast" in sentence


def test_closing_stock_counts_an_injection() -> None:
    # 50 + 15 injected - 3 x 10 delivered = 35 m3.
    section = _section(3, injections=((1, "Kayes", 15.0),))
    assert ": 35 m³ in all." in section["closing_sentence"]


def test_no_closing_stock_in_an_older_summary() -> None:
    # A summary written before closing_stock_m3 existed: no column, no sentence (not a 0).
    result = _cut_off(3)
    summary = result.to_dict()
    for city in summary["cities"].values():
        del city["closing_stock_m3"]
    section = timeline_data(load_timeline_result(TimelineData(result.to_frame(), summary, "old")))
    assert "Closing stock (m³)" not in [c["label"] for c in section["cities"]["head"]]
    assert section["closing_sentence"] == ""
