"""Places that match no node: inserted onto the nearest road, at a border crossing, or dropped."""

from __future__ import annotations

import contextlib
import logging
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import LineString, Point

from supplychain.cli import main
from supplychain.errors import SchemaError
from supplychain.models.paths import minimum_cut
from supplychain.networks import BuildOptions, build_network, load_places, summarize_network
from supplychain.networks.geo import countries
from supplychain.networks.placement import (
    Placement,
    move_posts_off_junctions,
    place_on_edges,
    split_segment,
)
from supplychain.networks.places import Place

GEOD = Geod(ellps="WGS84")
TAMBA = (-13.67, 13.77)
BORDER = (-12.195, 14.465)
KAYES = (-11.44, 14.45)
BAMAKO = (-8.0, 12.64)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2]) / 1000.0


def _offset(lon: float, lat: float, azimuth: float, km: float) -> tuple[float, float]:
    x, y, _ = GEOD.fwd(lon, lat, azimuth, km * 1000.0)
    return float(x), float(y)


def _beside_mid(km: float) -> tuple[float, float]:
    """A point ``km`` to the side of the middle of the Kayes-Bamako road."""
    mid = ((KAYES[0] + BAMAKO[0]) / 2, (KAYES[1] + BAMAKO[1]) / 2)
    return _offset(*mid, GEOD.inv(*KAYES, *BAMAKO)[0] + 90.0, km)


def _layer(tmp_path: Path) -> Path:
    """Tambacounda - Kidira border - Kayes - Bamako as a GIS layer (km from geometry)."""
    rows = [
        {"highway": "trunk", "ref": "N1", "geometry": LineString([TAMBA, BORDER])},
        {"highway": "trunk", "ref": "RN1", "geometry": LineString([BORDER, KAYES])},
        {"highway": "primary", "ref": "RN3", "geometry": LineString([KAYES, BAMAKO])},
    ]
    path = tmp_path / "roads.geojson"
    gpd.GeoDataFrame(rows, geometry="geometry", crs=4326).to_file(path)
    return path


def _places(tmp_path: Path, extra: list[dict[str, Any]], *, kidira: bool = True) -> Path:
    base = [
        dict(name="Tambacounda", role="port", country="SEN", lat=TAMBA[1], lon=TAMBA[0],
             supply_m3_per_day=1000.0, capacity_trucks_per_day=50),
        dict(name="Kayes", role="city", country="MLI", lat=KAYES[1], lon=KAYES[0],
             demand_m3_per_day=100.0),
        dict(name="Bamako", role="city", country="MLI", lat=BAMAKO[1], lon=BAMAKO[0],
             demand_m3_per_day=900.0),
    ]  # fmt: skip
    if kidira:
        base.append(dict(name="Kidira-Diboli border", role="border", country="MLI",
                         lat=BORDER[1], lon=BORDER[0], capacity_trucks_per_day=400))  # fmt: skip
    text = []
    for place in base + extra:
        text.append("[[place]]")
        text += [f"{k} = {v!r}" if isinstance(v, str) else f"{k} = {v}" for k, v in place.items()]
        text.append("")
    path = tmp_path / "places.toml"
    path.write_text("\n".join(text).replace("'", '"'), encoding="utf-8")
    return path


def _build(tmp_path: Path, extra: list[dict[str, Any]], **kw: Any) -> nx.MultiDiGraph:
    opts = BuildOptions.default(
        places_path=_places(tmp_path, extra, **kw),
        corridors_path=Path(__file__).parent / "data" / "tiny_corridors.toml",
    )
    return build_network(_layer(tmp_path), options=opts)


def _node(graph: nx.MultiDiGraph, name: str) -> Any:
    return next(n for n, d in graph.nodes(data=True) if d.get("name") == name)


def _placement(graph: nx.MultiDiGraph, name: str) -> dict[str, Any]:
    return next(p for p in graph.graph["placements"] if p["place"] == name)


def _raw_length(tmp_path: Path) -> dict[str, float]:
    plain = tmp_path / "plain"
    plain.mkdir()
    graph = _build(plain, [])
    return {d["segment_id"]: d["length_km"] for _, _, d in graph.edges(data=True)}


def test_place_in_the_middle_of_an_edge(tmp_path: Path) -> None:
    before = _raw_length(tmp_path)
    lon, lat = _beside_mid(15.0)  # 15 km off the road: beyond 10 km from every node
    graph = _build(tmp_path, [dict(name="Mid", role="city", country="MLI", lat=lat, lon=lon,
                                   demand_m3_per_day=10.0)])  # fmt: skip
    place = _placement(graph, "Mid")
    assert place["method"] == "edge"
    assert place["segment_id"] == "RN3:Kayes-Bamako"
    assert 14.0 < place["distance_km"] < 16.5  # 15 km by geodesic offset from the drawn line
    node = _node(graph, "Mid")
    assert graph.nodes[node]["demand_m3_per_day"] == 10.0
    assert graph.nodes[node]["snap_distance_km"] == pytest.approx(place["distance_km"])
    kayes, bamako = _node(graph, "Kayes"), _node(graph, "Bamako")
    # both directions split, ids traceable, the whole segment gone
    ids = {(u, v): d["segment_id"] for u, v, d in graph.edges(data=True)}
    assert ids[(kayes, node)] == ids[(node, kayes)] == "RN3:Kayes-Bamako#1"
    assert ids[(node, bamako)] == ids[(bamako, node)] == "RN3:Kayes-Bamako#2"
    assert "RN3:Kayes-Bamako" not in ids.values()
    assert not graph.has_edge(kayes, bamako) and not graph.has_edge(bamako, kayes)
    # length and travel time conserved in each direction, split near the middle
    for a, b in ((kayes, bamako), (bamako, kayes)):
        first, second = graph.edges[a, node, 0], graph.edges[node, b, 0]
        assert first["length_km"] + second["length_km"] == pytest.approx(before["RN3:Kayes-Bamako"])
        whole_h = before["RN3:Kayes-Bamako"] / first["speed_kph"]
        assert first["travel_time_h"] + second["travel_time_h"] == pytest.approx(whole_h)
        assert first["length_km"] == pytest.approx(second["length_km"], rel=0.05)
        for key in ("highway", "ref", "speed_kph", "capacity_trucks_per_day", "osmid", "lanes"):
            assert first[key] == second[key]
    assert graph.graph["unmatched_places"] == []


def test_place_near_a_junction_goes_on_the_nearest_edge(tmp_path: Path) -> None:
    # 12 km from Kayes (beyond the 10 km snapping tolerance), beside the Kayes-Bamako road
    bearing = GEOD.inv(*KAYES, *BAMAKO)[0]
    on_road = _offset(*KAYES, bearing, 7.0)
    lon, lat = _offset(*on_road, bearing + 90.0, 9.7)
    assert 10.0 < _km((lon, lat), KAYES) < 13.0
    graph = _build(tmp_path, [dict(name="Near", role="city", country="MLI", lat=lat, lon=lon,
                                   demand_m3_per_day=5.0)])  # fmt: skip
    place = _placement(graph, "Near")
    assert place["method"] == "edge" and place["segment_id"] == "RN3:Kayes-Bamako"
    node, kayes = _node(graph, "Near"), _node(graph, "Kayes")
    assert graph.edges[kayes, node, 0]["length_km"] == pytest.approx(7.0 * 1.0, rel=0.03)
    assert graph.nodes[kayes]["name"] == "Kayes"  # the junction keeps its place
    segs = {d["segment_id"] for _, _, d in graph.edges(data=True)}
    assert "RN1:Kidira-Diboli border-Kayes" in segs  # the other road at the junction is untouched


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _placement_warnings() -> Iterator[list[str]]:
    """The placement module's warnings while the block runs, by a handler on its own logger
    (CLI tests elsewhere may stop propagation to the root, so caplog may see nothing)."""
    records = _Records()
    log = logging.getLogger("supplychain.networks.placement")
    log.addHandler(records)
    level = log.level
    log.setLevel(logging.WARNING)
    try:
        yield records.messages
    finally:
        log.removeHandler(records)
        log.setLevel(level)


def test_place_beyond_both_tolerances_is_dropped(tmp_path: Path) -> None:
    lon, lat = _beside_mid(40.0)
    with _placement_warnings() as warnings:
        graph = _build(tmp_path, [dict(name="Far away", role="city", country="MLI", lat=lat,
                                       lon=lon, demand_m3_per_day=5.0)])  # fmt: skip
    place = _placement(graph, "Far away")
    assert place["method"] == "dropped" and place["node"] is None
    assert place["distance_km"] == pytest.approx(40.0, abs=0.5)
    assert graph.graph["unmatched_places"] == ["Far away"]
    assert not any(d.get("name") == "Far away" for _, d in graph.nodes(data=True))
    warning = next(m for m in warnings if "Far away" in m)
    assert "40." in warning and "dropped" in warning


def test_border_post_without_a_road_goes_to_the_nearest_border_crossing(tmp_path: Path) -> None:
    shapes = countries().set_index("iso3").geometry
    border = shapes["MLI"].boundary.intersection(shapes["SEN"].boundary)
    road = LineString([TAMBA, BORDER, KAYES])
    crossing = road.intersection(border)
    crossing = crossing if isinstance(crossing, Point) else next(iter(crossing.geoms))
    # a post on the Senegal-Mali border 15-20 km from the crossing, more than 10 km from the road
    post = next(
        p for d in range(1, 400)
        if isinstance(p := border.interpolate(border.project(crossing) - d / 400), Point)
        and _km((p.x, p.y), (crossing.x, crossing.y)) > 15.0
    )  # fmt: skip
    assert _km((post.x, post.y), (crossing.x, crossing.y)) < 25.0
    graph = _build(
        tmp_path,
        [dict(name="Side post", role="border", country="MLI", lat=post.y, lon=post.x,
              capacity_trucks_per_day=70)],
        kidira=False,
    )  # fmt: skip
    place = _placement(graph, "Side post")
    assert place["method"] == "border crossing", place
    node = _node(graph, "Side post")
    assert graph.nodes[node]["capacity_trucks_per_day"] == 70
    assert _km((graph.nodes[node]["x"], graph.nodes[node]["y"]), (crossing.x, crossing.y)) < 0.1
    assert graph.nodes[node]["border_crossing"]
    # the route from Tambacounda to Bamako passes the post
    route = nx.shortest_path(graph, _node(graph, "Tambacounda"), _node(graph, "Bamako"),
                             weight="length_km")  # fmt: skip
    assert node in route


def test_cli_build_prints_how_each_place_was_placed(tmp_path: Path) -> None:
    on_edge, far = _beside_mid(15.0), _beside_mid(40.0)
    places = _places(tmp_path, [
        dict(name="Mid", role="city", country="MLI", lat=on_edge[1], lon=on_edge[0]),
        dict(name="Far away", role="city", country="MLI", lat=far[1], lon=far[0]),
    ])  # fmt: skip
    out = tmp_path / "n.parquet"
    result = CliRunner().invoke(main, [
        "network", "build", "--source", str(_layer(tmp_path)), "--places", str(places),
        "--corridors", str(Path(__file__).parent / "data" / "tiny_corridors.toml"),
        "--out", str(out),
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any("4 snapped to a node, 1 inserted on an edge" in x and "1 dropped" in x for x in lines)
    assert any(x.strip().startswith("Mid") and "inserted on edge RN3:Kayes-Bamako" in x
               for x in lines)  # fmt: skip
    assert any(x.strip().startswith("Kayes") and "snapped to node" in x for x in lines)
    assert any(x.strip().startswith("Far away") and "dropped: nearest road 4" in x for x in lines)
    # the placements survive a save and a load
    info = CliRunner().invoke(main, ["network", "info", str(out)])
    assert "inserted on edge RN3:Kayes-Bamako" in info.output


@settings(max_examples=40, deadline=None)
@given(
    fraction=st.floats(0.05, 0.95),
    offset_km=st.floats(-20.0, 20.0),
    length_km=st.floats(1.0, 500.0),
    hours=st.floats(0.1, 20.0),
)
def test_split_conserves_length_and_time(
    fraction: float, offset_km: float, length_km: float, hours: float
) -> None:
    g = nx.MultiDiGraph()
    g.add_node(1, x=-11.0, y=14.0, name="A")
    g.add_node(2, x=-9.0, y=13.0, name="B")
    line = LineString([(-11.0, 14.0), (-10.2, 13.9), (-9.0, 13.0)])
    for a, b, geom in ((1, 2, line), (2, 1, LineString(line.coords[::-1]))):
        g.add_edge(a, b, segment_id="RN7:A-B", length_km=length_km, travel_time_h=hours,
                   country="MLI", capacity_trucks_per_day=300.0, geometry=geom)  # fmt: skip
    p = line.interpolate(fraction, normalized=True)
    lon, lat = _offset(p.x, p.y, 30.0, offset_km) if offset_km else (p.x, p.y)
    assert split_segment(g, "RN7:A-B", (lon, lat), 3, {"name": "P"}) == ("RN7:A-B#1", "RN7:A-B#2")
    for a, b in ((1, 2), (2, 1)):
        one, two = g.edges[a, 3, 0], g.edges[3, b, 0]
        assert one["length_km"] + two["length_km"] == pytest.approx(length_km)
        assert one["travel_time_h"] + two["travel_time_h"] == pytest.approx(hours)
        assert one["capacity_trucks_per_day"] == two["capacity_trucks_per_day"] == 300.0
    assert g.edges[1, 3, 0]["segment_id"] == g.edges[3, 1, 0]["segment_id"] == "RN7:A-B#1"
    assert g.edges[1, 3, 0]["length_km"] == pytest.approx(g.edges[3, 1, 0]["length_km"])
    # the split point is where the place projects onto the drawn line
    assert g.number_of_edges() == 4 and not g.has_edge(1, 2)


def test_projection_onto_a_segment_end_attaches_to_the_node() -> None:
    g = nx.MultiDiGraph()
    g.add_node(1, x=0.0, y=0.0, name="")
    g.add_node(2, x=1.0, y=0.0, name="B")
    for a, b in ((1, 2), (2, 1)):
        g.add_edge(a, b, segment_id="R:n1-B", length_km=111.0, travel_time_h=2.0, country="SEN")
    # west of the dead end at node 1: its nearest road point is the node itself, 15 km away
    out = place_on_edges(g, [Place("P", "city", "SEN", 0.0, -0.135)], snap_tolerance_km=10,
                         road_tolerance_km=25)  # fmt: skip
    assert out["P"].method == "node" and out["P"].node == 1
    assert out["P"].distance_km == pytest.approx(15.0, abs=0.1)
    assert g.nodes[1]["name"] == "P" and g.number_of_edges() == 2


# --- the real West-African layer (tests/data/real) -----------------------------------------------


def test_real_layer_places_every_border_post(real_network: nx.MultiDiGraph) -> None:
    places = {p.name: p for p in load_places()}
    how = {p["place"]: p for p in real_network.graph["placements"]}
    assert set(how) == set(places)
    placed = [p for p in how.values() if p["method"] != "dropped"]
    assert len(placed) >= 22, real_network.graph["unmatched_places"]
    posts = [p for p in places.values() if p.role == "border"]
    assert len(posts) == 12  # the 7 FACTS corridors + 5 Mali entries of the added roads
    for post in posts:
        node = _node(real_network, post.name)
        data = real_network.nodes[node]
        assert data["role"] == "border"
        assert data["capacity_trucks_per_day"] == post.capacity_trucks_per_day, post.name
        assert how[post.name]["distance_km"] <= 25.0
    # the posts that matched no node were inserted onto an edge or at a border crossing
    moved = {p["place"] for p in placed if p["method"] in ("edge", "border crossing")}
    assert {"Manankoro border", "Kourémalé border", "Pogo-Zégoua border"} <= moved
    # each route from a port passes a border post now
    routes = {r.name: r for r in summarize_network(real_network).routes}
    for port in ("Dakar", "Abidjan", "Conakry", "Nouakchott", "San-Pédro"):
        assert routes[port].reachable and routes[port].border_posts, port


# --- border posts on junctions -------------------------------------------------------------------

KIDIRA = (-12.30, 14.45)  # a junction on the map's Senegal side, about 8 km west of the border
BAKEL = (-12.46, 14.90)


def _junction_layer(tmp_path: Path, extra: tuple[LineString, ...] = ()) -> Path:
    """Tambacounda and Bakel (Senegal) meet the road to Kayes (Mali) at the junction Kidira."""
    lines = [LineString([TAMBA, KIDIRA]), LineString([BAKEL, KIDIRA]), LineString([KIDIRA, KAYES]),
             LineString([KAYES, BAMAKO]), *extra]  # fmt: skip
    refs = ["N1", "N2", "RN1", "RN3", *(f"X{i}" for i in range(len(extra)))]
    path = tmp_path / "junction.geojson"
    gpd.GeoDataFrame([{"highway": "trunk", "ref": r, "geometry": g} for r, g in zip(refs, lines, strict=True)],
                     geometry="geometry", crs=4326).to_file(path)  # fmt: skip
    return path


def _junction_build(tmp_path: Path, extra: tuple[LineString, ...] = (), *,
                    capacity: float = 10) -> nx.MultiDiGraph:  # fmt: skip
    post = dict(name="Kidira-Diboli border", role="border", country="MLI", lat=KIDIRA[1],
                lon=KIDIRA[0], capacity_trucks_per_day=capacity)  # fmt: skip
    opts = BuildOptions.default(
        places_path=_places(tmp_path, [post], kidira=False),
        corridors_path=Path(__file__).parent / "data" / "tiny_corridors.toml",
    )
    return build_network(_junction_layer(tmp_path, extra), options=opts)


def _at(graph: nx.MultiDiGraph, point: tuple[float, float]) -> Any:
    return next(n for n, d in graph.nodes(data=True) if _km((d["x"], d["y"]), point) < 0.01)


def _flow(graph: nx.MultiDiGraph, source: Any, sink: Any) -> float:
    """Most trucks a day from ``source`` to ``sink``, roads unlimited, posts at their capacity."""
    caps = {e: math.inf for e in graph.edges(keys=True)}
    posts = {n: float(d["capacity_trucks_per_day"]) for n, d in graph.nodes(data=True)
             if d.get("role") == "border"}  # fmt: skip
    cut = minimum_cut(graph, sources={source: 1000.0}, sink=sink, edge_capacity_m3=caps,
                      node_capacity_m3=posts)  # fmt: skip
    return float(cut.value_m3_per_day)


def test_post_on_a_junction_moves_to_the_crossing_road_at_the_border(tmp_path: Path) -> None:
    graph = _junction_build(tmp_path)
    shapes = countries().set_index("iso3").geometry
    border = shapes["MLI"].boundary.intersection(shapes["SEN"].boundary)
    crossing = LineString([KIDIRA, KAYES]).intersection(border)
    crossing = crossing if isinstance(crossing, Point) else next(iter(crossing.geoms))
    place = _placement(graph, "Kidira-Diboli border")
    assert place["method"] == "border crossing", place
    assert place["segment_id"] == "RN1:Kidira-Diboli border-Kayes"
    post = _node(graph, "Kidira-Diboli border")
    assert _km((graph.nodes[post]["x"], graph.nodes[post]["y"]), (crossing.x, crossing.y)) < 0.1
    assert place["distance_km"] == pytest.approx(_km(KIDIRA, (crossing.x, crossing.y)), abs=0.1)
    assert graph.nodes[post]["capacity_trucks_per_day"] == 10
    # the junction it left is a junction of Senegal; the post has the crossing road's two pieces
    junction = _at(graph, KIDIRA)
    assert graph.nodes[junction]["role"] == "junction" and graph.nodes[junction]["name"] == ""
    assert graph.nodes[junction]["country"] == "SEN"
    assert {d["country"] for _, _, d in graph.out_edges(post, data=True)} == {"SEN", "MLI"}
    # Senegalese traffic between Bakel and Tambacounda passes the junction, not the post...
    tamba, bakel = _node(graph, "Tambacounda"), _at(graph, BAKEL)
    assert _flow(graph, bakel, tamba) == 1000.0
    assert post not in nx.shortest_path(graph, bakel, tamba, weight="length_km")
    # ...and everything into Mali still passes the post
    assert _flow(graph, tamba, _node(graph, "Bamako")) == 10.0
    assert _flow(graph, bakel, _node(graph, "Kayes")) == 10.0


def test_post_on_a_junction_with_two_roads_each_side_splits_the_junction(tmp_path: Path) -> None:
    # a second road into Mali from the junction: no one road carries every crossing
    far = (-11.2, 13.9)
    graph = _junction_build(tmp_path, (LineString([KIDIRA, far]),))
    place = _placement(graph, "Kidira-Diboli border")
    assert place["method"] == "border crossing" and place["segment_id"] == "crossing:Kidira-Diboli border"
    post = _node(graph, "Kidira-Diboli border")
    assert graph.nodes[post]["capacity_trucks_per_day"] == 10
    pieces = {d["segment_id"]: d for _, _, d in graph.out_edges(post, data=True)}
    assert set(pieces) == {"crossing:Kidira-Diboli border#1", "crossing:Kidira-Diboli border#2"}
    assert {d["country"] for d in pieces.values()} == {"SEN", "MLI"}
    assert sum(d["length_km"] for d in pieces.values()) == pytest.approx(0.1)
    # the Senegalese roads keep the junction, the Malian ones meet 0.1 km away, joined by the post
    junction = _at(graph, KIDIRA)
    assert graph.nodes[junction]["role"] == "junction" and graph.nodes[junction]["country"] == "SEN"
    assert sorted(graph.neighbors(junction)) == sorted([_node(graph, "Tambacounda"), _at(graph, BAKEL), post])
    kayes, bamako, tamba, bakel = (_node(graph, "Kayes"), _node(graph, "Bamako"),
                                   _node(graph, "Tambacounda"), _at(graph, BAKEL))  # fmt: skip
    # traffic between two roads of one country passes no post...
    assert _flow(graph, bakel, tamba) == 1000.0
    assert _flow(graph, kayes, _at(graph, far)) == 1000.0
    # ...and every crossing passes it
    assert _flow(graph, tamba, bamako) == 10.0
    assert _flow(graph, bakel, _at(graph, far)) == 10.0
    # the roads moved to the other junction still end at it, with their lengths
    for _, v, d in graph.out_edges(kayes, data=True):
        end = graph.nodes[v]
        assert d["geometry"].coords[-1] == pytest.approx((end["x"], end["y"]))


def test_a_split_junctions_crossing_limits_nothing_the_post_and_roads_do_not(tmp_path: Path) -> None:
    # the post passes more than any one road (5,000 trucks/day against 2 x 2,000 on each side):
    # the crossing between the halves must carry what the roads of either side bring together,
    # up to the post's capacity. It took the largest road's capacity, so a post above it was
    # capped by its own crossing (both Malian roads full: 4,000 a day, 2,000 crossed).
    far = (-11.2, 13.9)
    graph = _junction_build(tmp_path, (LineString([KIDIRA, far]),), capacity=5000)
    post = _node(graph, "Kidira-Diboli border")
    roads = {d["segment_id"]: float(d["capacity_trucks_per_day"]) for _, _, d in graph.edges(data=True)}
    sides = {iso: sum(c for seg, c in roads.items() if seg.startswith(("N1", "N2") if iso == "SEN" else ("RN1", "X0"))
                      and "#" not in seg) for iso in ("SEN", "MLI")}  # fmt: skip
    assert min(sides.values()) > max(c for seg, c in roads.items() if not seg.startswith("crossing:")) * 1.5
    for _, _, d in graph.out_edges(post, data=True):
        assert float(d["capacity_trucks_per_day"]) >= min(min(sides.values()), 5000.0)


def test_post_on_a_junction_of_three_countries_stays_with_a_warning(tmp_path: Path) -> None:
    # a road north into Mauritania from the junction too: Senegal 2, Mali 1, Mauritania 1
    with _placement_warnings() as warnings:
        graph = _junction_build(tmp_path, (LineString([KIDIRA, (-12.4, 16.5)]),))
    assert {d["country"] for _, _, d in graph.out_edges(_at(graph, KIDIRA), data=True)} == {
        "SEN", "MLI", "MRT"}
    assert _placement(graph, "Kidira-Diboli border")["method"] == "node"
    assert _node(graph, "Kidira-Diboli border") == _at(graph, KIDIRA)
    warning = next(m for m in warnings if "Kidira-Diboli border" in m)
    assert "junction of 4 roads" in warning and "not of two countries" in warning


def test_post_put_on_a_road_away_from_its_crossing_is_warned(tmp_path: Path) -> None:
    # 12 km beside the Tambacounda road, 30 km before it reaches the border (at Kidira): the
    # crossing is beyond the 25 km road tolerance, the road within it
    bearing = GEOD.inv(*BORDER, *TAMBA)[0]
    lon, lat = _offset(*_offset(*BORDER, bearing, 30.0), bearing + 90.0, 12.0)
    with _placement_warnings() as warnings:
        graph = _build(tmp_path, [dict(name="Far post", role="border", country="MLI", lat=lat,
                                       lon=lon, capacity_trucks_per_day=20)], kidira=False)  # fmt: skip
    place = _placement(graph, "Far post")
    assert place["method"] == "edge" and place["segment_id"].startswith("N1:")
    warning = next(m for m in warnings if "Far post" in m)
    assert "from where that road crosses the border" in warning and "beyond the 25.0 km" in warning


def test_post_on_a_junction_whose_one_road_does_not_cross_splits_the_junction(tmp_path: Path) -> None:
    # the junction lies on the map's Senegal side with one Senegalese road (Tambacounda) and two
    # Malian ones (Kayes, and one south-east): the one road does not cross the border, and the
    # post's point is its end; kept on the junction, the post capped Kayes' traffic to the other
    # Malian road
    tamba_only = tmp_path / "layer"
    tamba_only.mkdir()
    far = (-11.2, 13.9)
    post = dict(name="Kidira-Diboli border", role="border", country="MLI", lat=KIDIRA[1],
                lon=KIDIRA[0], capacity_trucks_per_day=10)  # fmt: skip
    lines = [LineString([TAMBA, KIDIRA]), LineString([KIDIRA, KAYES]), LineString([KIDIRA, far]),
             LineString([KAYES, BAMAKO])]  # fmt: skip
    path = tamba_only / "junction.geojson"
    gpd.GeoDataFrame([{"highway": "trunk", "ref": r, "geometry": g}
                      for r, g in zip(["N1", "RN1", "RN2", "RN3"], lines, strict=True)],
                     geometry="geometry", crs=4326).to_file(path)  # fmt: skip
    opts = BuildOptions.default(
        places_path=_places(tamba_only, [post], kidira=False),
        corridors_path=Path(__file__).parent / "data" / "tiny_corridors.toml",
    )
    graph = build_network(path, options=opts)
    place = _placement(graph, "Kidira-Diboli border")
    assert place["segment_id"] == "crossing:Kidira-Diboli border", place
    kayes, tamba, other = _node(graph, "Kayes"), _node(graph, "Tambacounda"), _at(graph, far)
    assert _flow(graph, kayes, other) == 1000.0  # Malian traffic passes no post
    assert _flow(graph, tamba, kayes) == 10.0  # every crossing passes it
    assert _flow(graph, other, tamba) == 10.0


def test_post_whose_one_road_to_the_other_side_is_a_loop_splits_the_junction() -> None:
    # Senegal's roads from A and B meet at J a loop drawn as one segment with no geometry
    # (both ends at J) labelled Mali, and J-M; the post's one road to Mali is the loop:
    # finding a point on it raised a GEOSException (a line of one point)
    g = nx.MultiDiGraph()
    for n, x, y in (("A", -13.0, 14.0), ("B", -12.6, 15.0), ("J", -12.25, 14.45), ("M", -11.5, 14.45)):
        g.add_node(n, x=x, y=y, name=n, role="junction", country="SEN")
    for u, v, iso in (("A", "J", "SEN"), ("B", "J", "SEN"), ("J", "J", "MLI"), ("J", "M", "SEN")):
        for a, b in ((u, v), (v, u)):
            g.add_edge(a, b, segment_id=f"R:{u}-{v}", length_km=80.0, travel_time_h=1.6,
                       speed_kph=50.0, capacity_trucks_per_day=100.0, country=iso)  # fmt: skip
    post = Place("Post", "border", "MLI", 14.45, -12.25, capacity_trucks_per_day=10)
    g.nodes["J"].update(name="Post", role="border", country="MLI", _place="Post",
                        capacity_trucks_per_day=10)  # fmt: skip
    out = move_posts_off_junctions(g, [post], {"Post": Placement("Post", "node", 0.0, "J")},
                                   road_tolerance_km=25.0)  # fmt: skip
    assert out["Post"].segment_id == "crossing:Post"
    assert g.nodes["J"]["role"] == "junction"
    # the Senegalese roads keep J, the loop is at the other end of the crossing
    assert not g.has_edge("J", "J")
    assert any(u == v for u, v in g.edges())


def test_post_junction_without_countries_is_one_schema_error_naming_each() -> None:
    # a hand-made graph whose roads at the post's junction have no country raised KeyError
    g = nx.MultiDiGraph()
    for n, x, y in (("A", -13.0, 14.0), ("B", -12.6, 15.0), ("J", -12.25, 14.45), ("M", -11.5, 14.45)):
        g.add_node(n, x=x, y=y, name=n, role="junction")
    for u, v in (("A", "J"), ("B", "J"), ("J", "M")):
        for a, b in ((u, v), (v, u)):
            g.add_edge(a, b, segment_id=f"R:{u}-{v}", length_km=80.0, travel_time_h=1.6)
    post = Place("Post", "border", "MLI", 14.45, -12.25)
    g.nodes["J"].update(name="Post", role="border", _place="Post")
    before = nx.to_dict_of_dicts(g)
    with pytest.raises(SchemaError, match="no 'country'") as err:
        move_posts_off_junctions(g, [post], {"Post": Placement("Post", "node", 0.0, "J")},
                                 road_tolerance_km=25.0)  # fmt: skip
    assert "segment 'R:J-M' at node 'J' has no country" in err.value.problems
    assert "node 'M' has no country" in err.value.problems
    assert nx.to_dict_of_dicts(g) == before  # nothing moved
    # a post on a plain road (two roads) needs no country: it does not move
    h = nx.MultiDiGraph()
    for u, v in (("A", "J"), ("J", "M")):
        h.add_edge(u, v, segment_id=f"R:{u}-{v}")
    assert move_posts_off_junctions(h, [post], {"Post": Placement("Post", "node", 0.0, "J")},
                                    road_tolerance_km=25.0)["Post"].node == "J"  # fmt: skip


def test_posts_on_the_two_junctions_either_side_of_a_crossing_pass_only_crossings(tmp_path: Path) -> None:
    # each country's post in its own border town: Kidira's junction (Tambacounda and Bakel
    # roads, Senegal) and Diboli's (Kayes road and one south-east, Mali), joined by the road
    # over the border. Every road at Diboli is Malian by its midpoint (the crossing road's
    # piece from the Kidira post, put where it crosses the map's border, too): the Diboli post
    # stayed on its junction, with a warning, and capped Malian traffic between its roads
    diboli, far = (-12.10, 14.45), (-11.2, 13.9)
    lines = [LineString([TAMBA, KIDIRA]), LineString([BAKEL, KIDIRA]), LineString([KIDIRA, diboli]),
             LineString([diboli, KAYES]), LineString([diboli, far]), LineString([KAYES, BAMAKO])]  # fmt: skip
    path = tmp_path / "pair.geojson"
    gpd.GeoDataFrame([{"highway": "trunk", "ref": f"R{i}", "geometry": g} for i, g in enumerate(lines)],
                     geometry="geometry", crs=4326).to_file(path)  # fmt: skip
    posts = [dict(name="Kidira post", role="border", country="SEN", lat=KIDIRA[1], lon=KIDIRA[0],
                  capacity_trucks_per_day=10),
             dict(name="Diboli post", role="border", country="MLI", lat=diboli[1], lon=diboli[0],
                  capacity_trucks_per_day=20)]  # fmt: skip
    opts = BuildOptions.default(
        places_path=_places(tmp_path, posts, kidira=False),
        corridors_path=Path(__file__).parent / "data" / "tiny_corridors.toml",
    )
    graph = build_network(path, options=opts)
    assert _placement(graph, "Diboli post")["method"] != "node"
    tamba, bakel, kayes, other = (_node(graph, "Tambacounda"), _at(graph, BAKEL),
                                  _node(graph, "Kayes"), _at(graph, far))  # fmt: skip
    assert _flow(graph, kayes, other) == 1000.0  # Malian traffic passes no post
    assert _flow(graph, tamba, bakel) == 1000.0  # nor Senegalese
    assert _flow(graph, tamba, kayes) == 10.0  # crossings pass both posts
    assert _flow(graph, other, bakel) == 10.0
    diboli_post = _node(graph, "Diboli post")
    assert diboli_post in nx.shortest_path(graph, tamba, kayes, weight="length_km")
