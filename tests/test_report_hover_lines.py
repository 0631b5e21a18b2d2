"""Hover texts of the timeline charts fit a phone: long names are broken into lines.

On the flownet West-African layer the Kourémalé crossing is shared by four corridors; its
weekly-arrivals hover was one line of 150 characters (1,053 px: cut on both sides of a 390 px
screen), and an attack's event names its segments by coordinates (102 characters, 650 px).
"""

from __future__ import annotations

import datetime
import re

import networkx as nx

from supplychain.models.params import ModelParameters
from supplychain.models.timeexp import build_timeline_model, solve_timeline
from supplychain.models.timeline import Timeline
from supplychain.reports.figures.timeline import arrivals_figure, events_figure
from supplychain.reports.markup import HOVER_LINE_CHARS, hover_lines

SPAN = ("2026-01-01", "2026-01-03")


def _lines(template: str) -> list[str]:
    """The lines of a hover as shown: placeholders and <extra> left out, entities decoded."""
    text = re.sub(r"<extra>.*?</extra>", "", template)
    text = re.sub(r"%\{[^}]*\}", "", text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return text.split("<br>")


def test_a_crossing_shared_by_corridors_is_hovered_one_corridor_a_line(
    real_network: nx.MultiDiGraph, params: ModelParameters
) -> None:
    timeline = Timeline("calm", "", datetime.date(2026, 1, 1), 2)
    result = solve_timeline(build_timeline_model(real_network, params, timeline))
    shared = max(result.corridors, key=lambda name: name.count(" / "))
    assert shared.count(" / ") >= 3 and len(shared) > 120, shared
    weekly = {"week_start": ["2026-01-01"], "week_days": [2], "corridors": {shared: [1.0]}}
    (bar,) = arrivals_figure(weekly, [], SPAN).data
    lines = _lines(bar.hovertemplate)
    assert max(len(line) for line in lines) <= HOVER_LINE_CHARS + len(" /: ,  m³")
    # Every corridor is still named, in full.
    assert " ".join(lines).replace(" / ", " | ").count("|") == shared.count(" / ")
    assert bar.name.endswith(f" (+{shared.count(' / ')} more)")


def test_an_attack_naming_its_segments_is_hovered_in_lines() -> None:
    # The back-test's attack near Kati as the flownet West-African layer names its segments.
    text = ("50 km from Kati: 40 tankers destroyed on segments primary:14.553N 9.193W-Bamako, "
            "primary:Kita-Bamako#1")
    (trace,) = events_figure([{"date": "2026-01-02", "kind": "attack", "event": text}], SPAN).data
    (shown,) = trace.text
    assert shown == hover_lines(text)
    lines = shown.split("<br>")
    assert max(len(line) for line in lines) <= HOVER_LINE_CHARS
    assert " ".join(lines) == text  # broken at spaces only, nothing lost
    assert "primary:14.553N 9.193W-Bamako," in lines  # a coordinate pair is not split
