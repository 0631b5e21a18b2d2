"""The timeline section's days-of-cover grid (one row per city, dry days in their own colour)
and its value axes' thousands separators.

Eleven city lines in eight colours and dashes could not be told apart on the back-test
(reader review, 2026-12-05); the grid gives each city its labelled row.
"""

from __future__ import annotations

import json

import networkx as nx
import pytest

from supplychain.models import load_model_parameters, run_scenario
from supplychain.models.results import FlowResult
from supplychain.reports import build_report
from supplychain.reports.figures.timeline import COVER_BANDS, cover_grid_figure

from .test_report import figures
from .test_report_timeline import DAYS, hand_timeline, write

#: The grid's values: 0 a dry day, else 1 + the band (< 1, 1-3, 3-7, >= 7 days of cover).
DRY, UNDER_1, FROM_1, FROM_3, FROM_7 = range(5)


@pytest.fixture(scope="module")
def baseline(embedded_network: nx.MultiDiGraph) -> FlowResult:
    return run_scenario(embedded_network, load_model_parameters())


@pytest.fixture(scope="module")
def built(
    embedded_network: nx.MultiDiGraph, baseline: FlowResult, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, dict]:
    """The report of the hand timeline (Kati dry from 2026-01-04, Bamako served) and the
    summary written beside it."""
    path = write(hand_timeline(), tmp_path_factory.mktemp("grid"))
    summary = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    return build_report(embedded_network, [baseline], timeline=path), summary


def test_each_city_has_a_named_row_with_its_dry_days_in_red(built: tuple[str, dict]) -> None:
    page, summary = built
    fig = figures(page)["fig-timeline-cover-grid"]
    (grid,) = fig["data"]
    assert grid["type"] == "heatmap" and grid["meta"]["kind"] == "cover_grid"
    # A row per city, named: the one that runs dry first on top, then those that never do.
    assert grid["y"] == ["Kati", "Bamako"] and grid["meta"]["cities"] == ["Kati", "Bamako"]
    assert fig["layout"]["yaxis"]["autorange"] == "reversed"
    kati, bamako = grid["z"]
    # Kati: 3, 2, 1 days of cover, then dry from 2026-01-04 to the end (each cell its day).
    assert kati == [FROM_3, FROM_1, FROM_1] + [DRY] * (DAYS - 3)
    assert bamako == [FROM_7] * DAYS  # 7 days of cover every day, never dry
    assert grid["x"][0] == "2026-01-01 12:00" and len(grid["x"]) == DAYS
    # The dry cells are the days the summary counts, from the day it names.
    for name, row in zip(grid["y"], grid["z"], strict=True):
        city = summary["cities"][name]
        assert row.count(DRY) == city["dry_days"]
        first = grid["x"][row.index(DRY)][:10] if DRY in row else None
        assert first == city["first_dry_date"]
    assert grid["text"][0][3] == "runs dry (0.0 days of cover)"
    assert grid["text"][1][0] == "7.0 days of cover"
    # Dry in its own colour (the cover chart's "Runs dry" red), the key naming every band.
    assert grid["colorscale"][0][1] == "#b2182b" != grid["colorscale"][2][1]
    assert grid["colorbar"]["ticktext"] == ["dry", "< 1 day", "1\u20133 days", "3\u20137 days", "≥ 7 days"]
    assert "Days of cover per city, day by day" in page
    # Above the line chart, on the same date axis and margins as the section's other charts.
    assert page.index('id="fig-timeline-cover-grid"') < page.index('id="fig-timeline-cover"')
    cover = figures(page)["fig-timeline-cover"]
    assert fig["layout"]["xaxis"]["range"] == cover["layout"]["xaxis"]["range"]
    assert fig["layout"]["margin"]["l"] == cover["layout"]["margin"]["l"]


def test_bands_edges_and_a_day_without_demand() -> None:
    values = [0.0, 0.99, 1.0, 2.99, 3.0, 6.99, 7.0, 40.0, None]
    city = {"name": "A", "dates": [f"2026-01-{d:02d}" for d in range(1, 10)],
            "days_of_cover": values, "dry_flags": [False] * 9, "dry_date": None}  # fmt: skip
    (grid,) = cover_grid_figure([city], ("2026-01-01", "2026-01-10")).data
    assert [b for _, b in COVER_BANDS] == ["< 1 day", "1\u20133 days", "3\u20137 days", "≥ 7 days"]
    assert list(grid.z[0]) == [UNDER_1, UNDER_1, FROM_1, FROM_1, FROM_3, FROM_3, FROM_7, FROM_7,
                               None]  # fmt: skip
    assert grid.text[0][-1] == "no demand"


def test_timeline_value_axes_separate_thousands(built: tuple[str, dict]) -> None:
    """The stock axis ticked "25k" beside the text's "141,589"; now "25,000" as the stress
    charts do (",~f" keeps "0.5")."""
    figs = figures(built[0])
    axes = {"fig-timeline-cover": ("yaxis", "yaxis2"), "fig-timeline-arrivals": ("yaxis",),
            "fig-timeline-escorts": ("yaxis",)}  # fmt: skip
    formats = {(f, a): figs[f]["layout"][a].get("tickformat") for f, ax in axes.items() for a in ax}
    assert set(formats.values()) == {",~f"}, formats


def test_a_nan_or_infinite_cover_is_drawn() -> None:
    """``cover_grid_figure`` is public: a NaN (a day without demand, as a frame holds it) or an
    infinite cover (stock, no demand) matched no band and raised StopIteration."""
    city = {"name": "A", "dates": ["2026-01-01", "2026-01-02", "2026-01-03"],
            "days_of_cover": [float("nan"), float("inf"), 2.0], "dry_flags": [False] * 3,
            "dry_date": None}  # fmt: skip
    (grid,) = cover_grid_figure([city], ("2026-01-01", "2026-01-04")).data
    assert list(grid.z[0]) == [None, FROM_7, FROM_1]
    assert grid.text[0][0] == "no demand"
