"""Place names on the corridor map: no two names, and no name and marker, overlap."""

from __future__ import annotations

import itertools
import math

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from supplychain.models import run_scenario
from supplychain.models._examples import dakar_bamako
from supplychain.reports.data import as_run, edge_flows, segment_geometry, segment_views
from supplychain.reports.figures.countries import _mercator
from supplychain.reports.figures.map import (
    _CHAR_EM,
    _LABEL_FONT,
    _LINE_EM,
    _label_box,
    _line_cover,
    _line_pieces,
    _marker_px,
    _overlaps,
    _place_kind,
    _place_labels,
    _place_labels_narrow,
    map_figure,
)

LAT_RANGE = (3.0, 23.0)
HEIGHT = 634.0


def _graph(places: list[tuple[str, str, float, float, float]]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for i, (name, role, x, y, demand) in enumerate(places):
        g.add_node(i, name=name, role=role, x=x, y=y, demand_m3_per_day=demand)
    return g


def _boxes(g: nx.MultiDiGraph, placed: dict, scale: float | None = None) -> tuple[list, list]:
    """Estimated label boxes of the placed names, and every marker's box (pixels)."""
    scale = scale or HEIGHT / (_mercator(LAT_RANGE[1]) - _mercator(LAT_RANGE[0]))
    labels, markers = [], []
    for n, d in g.nodes(data=True):
        kind = _place_kind(d["role"])
        x, y = math.radians(d["x"]) * scale, -_mercator(d["y"]) * scale
        m = _marker_px(kind, d)
        markers.append((n, (x - m / 2, y - m / 2, x + m / 2, y + m / 2)))
        if placed[n]:
            size = _LABEL_FONT[kind]
            w, h = _CHAR_EM * size * len(d["name"]), _LINE_EM * size
            labels.append((n, _label_box(x, y, m, w, h, placed[n])))
    return labels, markers


def test_two_places_on_one_spot_keep_the_bigger_city() -> None:
    g = _graph([("Kati", "city", -8.07, 12.74, 100.0), ("Bamako", "city", -8.0, 12.65, 3000.0)])
    placed = _place_labels(g, LAT_RANGE, HEIGHT)
    assert placed[1] == "top center"  # Bamako, the larger demand, in its usual place
    assert placed[0] is None  # Kati's name would cover Bamako's marker or name


def test_a_neighbour_moves_aside_instead_of_overlapping() -> None:
    g = _graph([("Sikasso", "city", -5.67, 11.32, 500.0), ("Zegoua border", "border", -5.65, 11.0, 0)])
    placed = _place_labels(g, LAT_RANGE, HEIGHT)
    assert placed[0] == "top center"
    assert placed[1] is not None
    labels, _ = _boxes(g, placed)
    assert not _overlaps(labels[0][1], labels[1][1])


def test_country_names_are_obstacles() -> None:
    g = _graph([("Faramana border", "border", -4.0, 11.5, 0)])
    free = _place_labels(g, LAT_RANGE, HEIGHT)
    assert free[0] == "bottom center"
    blocked = _place_labels(g, LAT_RANGE, HEIGHT, [(-4.0, 11.1, "BURKINA FASO", 12.0)])
    assert blocked[0] != "bottom center"


places = st.lists(
    st.tuples(
        st.text("abcdefgh ", min_size=1, max_size=24),
        st.sampled_from(["city", "port", "depot", "border"]),
        st.floats(-12.0, -4.0),
        st.floats(8.0, 16.0),
        st.floats(0.0, 4000.0),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(places)
def test_placed_names_never_overlap_names_or_other_markers(
    data: list[tuple[str, str, float, float, float]],
) -> None:
    g = _graph(data)
    placed = _place_labels(g, LAT_RANGE, HEIGHT)
    labels, markers = _boxes(g, placed)
    for (_, a), (_, b) in itertools.combinations(labels, 2):
        assert not _overlaps(a, b)
    for n, box in labels:
        assert not any(_overlaps(box, m) for k, m in markers if k != n)


def test_every_place_of_the_embedded_map_is_placed_or_left_to_hover(
    embedded_network: nx.MultiDiGraph,
) -> None:
    placed = _place_labels(embedded_network, LAT_RANGE, HEIGHT)
    roles = {n for n, d in embedded_network.nodes(data=True) if _place_kind(d.get("role"))}
    assert set(placed) == roles
    names = {embedded_network.nodes[n]["name"] for n, p in placed.items() if p}
    # The capital and every port keep their names.
    assert "Bamako" in names
    ports = {d["name"] for _, d in embedded_network.nodes(data=True) if d.get("role") == "port"}
    assert ports <= names


# --- on a phone: placed again at the phone's scale -------------------------------------------

LON_RANGE = (-19.0, 10.0)
PHONE = (330.0, 474.0)  # the map's box on a 360 px phone (width-bound)
PHONE_SCALE = PHONE[0] / math.radians(LON_RANGE[1] - LON_RANGE[0])


def _inside_the_frame(box: tuple) -> bool:
    x0, x1 = math.radians(LON_RANGE[0]) * PHONE_SCALE, math.radians(LON_RANGE[1]) * PHONE_SCALE
    y0, y1 = -_mercator(LAT_RANGE[1]) * PHONE_SCALE, -_mercator(LAT_RANGE[0]) * PHONE_SCALE
    return x0 <= box[0] and box[2] <= x1 and y0 <= box[1] and box[3] <= y1


def test_phone_names_of_the_embedded_map_keep_bamako_and_the_ports_apart(
    embedded_network: nx.MultiDiGraph,
) -> None:
    """At a phone's scale (a third of the laptop's) the laptop's placement drew names on top of
    each other around Bamako and Sikasso, and the phone's own placement behind the country
    names and every marker left Bamako unnamed: now the capital and every port keep their
    names, no two names overlap, each lies inside the map, and lesser names (most border
    posts) are left to the hover."""
    g = embedded_network
    placed, kept = _place_labels_narrow(g, LON_RANGE, LAT_RANGE, PHONE,
                                        [(-3.5, 17.5, "MALI", 9.0)])  # fmt: skip
    names = {g.nodes[n]["name"] for n, p in placed.items() if p}
    ports = {d["name"] for _, d in g.nodes(data=True) if d.get("role") == "port"}
    assert {"Bamako"} | ports <= names
    laptop = {n for n, p in _place_labels(g, LAT_RANGE, HEIGHT).items() if p}
    assert len(names) < len(laptop) - 5
    labels, _ = _boxes(g.subgraph(placed), placed, PHONE_SCALE)
    assert all(_inside_the_frame(box) for _, box in labels)
    for (_, a), (_, b) in itertools.combinations(labels, 2):
        assert not _overlaps(a, b)
    assert kept == [True]  # MALI, in the north, covers no name


@settings(max_examples=60, deadline=None)
@given(places)
def test_phone_names_never_overlap_names_or_marker_centres(
    data: list[tuple[str, str, float, float, float]],
) -> None:
    g = _graph(data)
    placed, _ = _place_labels_narrow(g, LON_RANGE, LAT_RANGE, PHONE)
    labels, markers = _boxes(g, placed, PHONE_SCALE)
    for (_, a), (_, b) in itertools.combinations(labels, 2):
        assert not _overlaps(a, b)
    for n, box in labels:
        assert _inside_the_frame(box)
        centres = [((m[0] + m[2]) / 2, (m[1] + m[3]) / 2) for k, m in markers if k != n]
        assert not any(box[0] < x < box[2] and box[1] < y < box[3] for x, y in centres)


def test_a_country_name_under_a_place_name_gives_way_on_a_phone() -> None:
    g = _graph([("Bamako", "city", -8.0, 12.64, 3000.0)])
    placed, kept = _place_labels_narrow(
        g, LON_RANGE, LAT_RANGE, PHONE, [(-8.0, 13.5, "MALI", 9.0), (-3.0, 17.0, "MALI", 9.0)]
    )
    assert placed == {0: "top center"} and kept == [False, True]


# --- beside the coloured roads ---------------------------------------------------------------


def test_a_name_goes_beside_a_flow_line_where_it_can() -> None:
    """A border post on a 12 px north-south flow line: its usual spot (below) and the one above
    lie on the line, so the name goes to the side. Before, names ignored the lines: on the
    West-African layer the Dakar-Kita flow line ran through "Moussala border" and the Abidjan
    line through "Manankoro border", unreadable under their 1 px halo."""
    g = _graph([("Moussala border", "border", -11.4, 12.8, 0)])
    line = ([(-11.4, 10.0), (-11.4, 16.0)], 12.0)
    assert _place_labels(g, LAT_RANGE, HEIGHT)[0] == "bottom center"
    placed = _place_labels(g, LAT_RANGE, HEIGHT, lines=[line])
    assert placed[0] == "middle right"
    scale = HEIGHT / (_mercator(LAT_RANGE[1]) - _mercator(LAT_RANGE[0]))
    (_, box), = _boxes(g, placed)[0]
    assert _line_cover(box, _line_pieces([line], scale)) == 0.0


def test_lines_everywhere_cost_no_name_and_the_least_covered_spot_wins() -> None:
    """Lines are a preference, not an obstacle: a name every spot of which a line crosses is
    still drawn, where the lines cover it least (here above, crossed by a 2 px line only,
    where a 12 px line crosses all the others)."""
    g = _graph([("Post", "border", -8.0, 12.0, 0)])
    thick = [([(-9.5, 11.95), (-6.5, 11.95)], 12.0), ([(-9.5, 12.0), (-6.5, 12.0)], 12.0),
             ([(-8.0, 10.5), (-8.0, 12.0)], 12.0)]
    thin = [([(-8.0, 12.0), (-8.0, 13.5)], 2.0)]
    placed = _place_labels(g, LAT_RANGE, HEIGHT, lines=thick + thin)
    assert placed[0] is not None
    assert placed[0].startswith("top")


def test_map_names_avoid_the_flow_line(embedded_network: nx.MultiDiGraph) -> None:
    """Through :func:`map_figure`: a port straight north of its city, one road between them
    carrying the flow at 12 px; each name goes on the side away from the road (the port's
    usual spot is below it, the city's above it, both on the line before), on the laptop's
    and the tablet's (and paper's) placement; the phone's keeps the usual spots."""
    g, params = dakar_bamako()
    g.nodes["P"]["x"], g.nodes["P"]["y"] = -8.0, 16.6
    run = as_run(run_scenario(g, params))
    views = [segment_views(segment_geometry(g), run, edge_flows(g, run))]
    fig = map_figure(g, [run], views, active=0, topojson={"objects": {}}).to_plotly_json()
    where = {}
    for t in fig["data"]:
        if t["meta"]["kind"] != "nodes":
            continue
        for i, name in enumerate(t["text"]):
            where[name] = (t["textposition"][i], t["meta"]["medium"]["textposition"][i],
                           t["meta"]["narrow"]["textposition"][i])
    assert where["Dakar"] == ("top center", "top center", "bottom center")
    assert where["Bamako"] == ("bottom center", "bottom center", "top center")
