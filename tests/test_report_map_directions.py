"""The map's segment hover compares each direction's flow with the capacity, which is each
direction's: a road carrying fuel both ways read as used beyond its capacity."""

from __future__ import annotations

import pytest

from supplychain.models import run_scenario
from supplychain.models._examples import dakar_bamako
from supplychain.reports.data import as_run, segment_geometry, segment_views
from supplychain.reports.figures.map import map_figure


def _hover(flows: dict[tuple[str, str, int], float], back_trucks: float | None = None) -> list[str]:
    """The segment's hover lines on the two-way Dakar-Bamako road (20 trucks/day each way,
    or ``back_trucks`` from Bamako; tankers of 1 m³) with these flows."""
    g, params = dakar_bamako()
    if back_trucks is not None:
        g.edges["B", "P", 0]["capacity_trucks_per_day"] = back_trucks
    assert {(u, v) for u, v in g.edges()} == {("P", "B"), ("B", "P")}
    run = as_run(run_scenario(g, params))
    views = [segment_views(segment_geometry(g), run, flows)]
    fig = map_figure(g, [run], views, active=0, topojson={"objects": {}}).to_plotly_json()
    (hover,) = [t for t in fig["data"] if t["meta"]["kind"] == "segment-hover"]
    (text,) = hover["hovertext"]
    return str(text).split("<br>")


def test_both_ways_gives_each_direction_against_its_capacity() -> None:
    # 15 m³/day each way: 75 % of each direction's 20 trucks/day; the hover said "flow 30
    # m³/day (30.0 tankers/day)" beside "capacity 20 trucks/day".
    lines = _hover({("P", "B", 0): 15.0, ("B", "P", 0): 10.0})
    assert "flow 25 m³/day (25.0 tankers/day) in all:" in lines  # the total still given
    assert "· Dakar → Bamako 15 m³/day (15.0 tankers/day)" in lines
    assert "· Bamako → Dakar 10 m³/day (10.0 tankers/day)" in lines
    assert "capacity 20 trucks/day each way" in lines


def test_one_way_names_its_direction() -> None:
    lines = _hover({("P", "B", 0): 20.0})
    assert "flow 20 m³/day (20.0 tankers/day) Dakar → Bamako" in lines
    assert "capacity 20 trucks/day each way" in lines


@pytest.mark.parametrize("flows", [{}, {("P", "B", 0): 1e-9}])
def test_no_flow_reads_zero(flows: dict[tuple[str, str, int], float]) -> None:
    lines = _hover(flows)
    assert next(line for line in lines if line.startswith("flow")).startswith("flow 0 m³/day")


def test_directions_of_other_capacities_are_each_named() -> None:
    lines = _hover({("P", "B", 0): 15.0}, back_trucks=5.0)
    assert lines[lines.index("capacity:") + 1:lines.index("capacity:") + 3] == [
        "· Dakar → Bamako 20 trucks/day", "· Bamako → Dakar 5 trucks/day"]
