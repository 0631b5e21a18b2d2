"""Places and corridors: loading, validation, snapping with a tolerance."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point

from supplychain.errors import ConnectivityError, ParameterError
from supplychain.networks import (
    BuildOptions,
    Place,
    build_network,
    load_corridors,
    load_places,
    snap_places,
)
from supplychain.networks.geo import country_of_points, haversine_km
from supplychain.networks.places import corridor_buffer

from .conftest import DATA

REQUIRED_CITIES = {"Bamako", "Kati", "Kayes", "Kita", "Nioro du Sahel", "Sikasso", "Koutiala",
                   "Bougouni", "Ségou", "San", "Mopti"}
PORTS = {"Dakar", "Abidjan", "San-Pédro", "Conakry", "Nouakchott"}


def test_default_places_cover_ports_borders_cities() -> None:
    places = load_places()
    roles: dict[str, set[str]] = {}
    for p in places:
        roles.setdefault(p.role, set()).add(p.name)
    assert roles["port"] >= PORTS
    assert roles["city"] >= REQUIRED_CITIES
    assert len(roles["border"]) >= 5


def test_default_places_countries_match_boundaries() -> None:
    places = [p for p in load_places() if p.role != "border"]
    found = country_of_points([p.lon for p in places], [p.lat for p in places])
    for p, iso3 in zip(places, found, strict=True):
        assert p.country == iso3, f"{p.name}: file says {p.country}, boundaries say {iso3}"


def test_bad_places_file(tmp_path: Path) -> None:
    path = tmp_path / "places.toml"
    path.write_text(
        '[[place]]\nname = "A"\nrole = "harbour"\ncountry = "mali"\nlat = 95\nlon = 0\n'
        '[[place]]\nname = "A"\nrole = "city"\ncountry = "MLI"\nlat = 1\nlon = 1\nsize = 3\n'
        'demand_m3_per_day = -1\n'
    )
    with pytest.raises(ParameterError) as err:
        load_places(path)
    msg = str(err.value)
    assert "'harbour'; expected one of port, depot, border, city" in msg
    assert "'mali'; expected an ISO3 code" in msg
    assert "95 is above the maximum 90" in msg
    assert "duplicate place name 'A'" in msg
    assert "size': unknown key" in msg
    assert "demand_m3_per_day': -1 is below the minimum 0" in msg


def test_places_file_needs_bamako(tmp_path: Path) -> None:
    path = tmp_path / "places.toml"
    path.write_text('[[place]]\nname = "Dakar"\nrole = "port"\ncountry = "SEN"\nlat = 14.7\nlon = -17.4\n')
    with pytest.raises(ParameterError, match="no place named 'Bamako'"):
        load_places(path)


def _line_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for i in range(5):
        g.add_node(i, x=-8.0 + 0.1 * i, y=12.64)
    return g


def test_snap_within_and_beyond_tolerance() -> None:
    g = _line_graph()
    near = Place("Bamako", "city", "MLI", 12.66, -7.79, demand_m3_per_day=5.0)
    far = Place("Far", "city", "MLI", 13.64, -8.0)
    result = snap_places(g, [near, far], tolerance_km=10)
    node, dist = result.matched["Bamako"]
    assert node == 2 and dist == pytest.approx(float(haversine_km(-7.8, 12.64, -7.79, 12.66)))
    assert g.nodes[2]["role"] == "city" and g.nodes[2]["demand_m3_per_day"] == 5.0
    assert "Far" in result.unmatched and result.unmatched["Far"][1] > 100


def test_two_places_on_one_node() -> None:
    g = _line_graph()
    with pytest.raises(ConnectivityError, match="'A' and 'B' both snap to node 0"):
        snap_places(g, [Place("A", "city", "MLI", 12.64, -8.0), Place("B", "city", "MLI", 12.65, -8.0)],
                    tolerance_km=5)


@pytest.mark.parametrize(("tolerance", "cls"), [(-1, "ArgumentError"), (float("nan"), "ArgumentError"),
                                                (float("inf"), "ArgumentError"), ("10", "ArgumentTypeError"),
                                                (None, "ArgumentTypeError")])  # fmt: skip
def test_a_tolerance_that_is_not_a_finite_number_0_or_more_is_refused(tolerance: object, cls: str) -> None:
    """snap_places(..., tolerance_km=-1) (or NaN) matched no place and infinity matched every
    place to its nearest node however far, all without a word; "10" failed in numpy. Each is
    refused before any place is snapped, and the graph is left as it was."""
    import supplychain.errors

    g = _line_graph()
    before = dict(g.nodes(data=True))
    with pytest.raises(getattr(supplychain.errors, cls),
                       match=rf"^tolerance_km = {re.escape(repr(tolerance))}[;:] give the largest snapping "
                             r"distance in km, a (finite )?number >= 0 \(e.g. 10\)$"):  # fmt: skip
        snap_places(g, [Place("Bamako", "city", "MLI", 12.64, -8.0)], tolerance_km=tolerance)  # type: ignore[arg-type]
    assert dict(g.nodes(data=True)) == before
    assert snap_places(g, [Place("Bamako", "city", "MLI", 12.64, -8.0)], tolerance_km=0).matched == {"Bamako": (0, 0.0)}



@pytest.mark.parametrize("keyword", ["tolerance_km", "road_tolerance_km"])
@pytest.mark.parametrize(("value", "cls"), [(-1, "ArgumentError"), (float("nan"), "ArgumentError"),
                                            (float("inf"), "ArgumentError"), ("5", "ArgumentTypeError")])  # fmt: skip
def test_assign_corridors_refuses_a_tolerance_that_is_not_a_finite_number_0_or_more(
    keyword: str, value: object, cls: str
) -> None:
    """assign_corridors took tolerance_km=-1 (or NaN) without a word: no waypoint was a stop, so
    no corridor was labelled; inf made every waypoint a stop however far from the road. Each is
    refused, as snap_places refuses it, before any segment is labelled."""
    import supplychain.errors
    from supplychain.networks.places import Corridor, assign_corridors

    g = nx.MultiDiGraph()
    g.add_node(1, x=0.0, y=0.0)
    g.add_node(2, x=1.0, y=0.0)
    g.add_edge(1, 2, length_km=111.2, segment_id="a", corridors=[])
    corridor = Corridor("c", (("A", 0.0, 0.0), ("B", 0.0, 1.0)))
    kwargs: dict[str, object] = {"tolerance_km": 5, keyword: value}
    with pytest.raises(getattr(supplychain.errors, cls), match=rf"^{keyword} = "):
        assign_corridors(g, [corridor], **kwargs)  # type: ignore[arg-type]
    assert g.edges[1, 2, 0]["corridors"] == []
    assert assign_corridors(g, [corridor], tolerance_km=5, road_tolerance_km=0) == {"c": 111.2}

@settings(max_examples=50, deadline=None)
@given(st.floats(-9.0, -7.0), st.floats(11.0, 14.0), st.floats(0.5, 200.0))
def test_snap_distance_never_exceeds_tolerance(lon: float, lat: float, tol: float) -> None:
    g = _line_graph()
    result = snap_places(g, [Place("P", "city", "MLI", lat, lon)], tolerance_km=tol)
    for _, dist in result.matched.values():
        assert dist <= tol
    for _node, dist in result.unmatched.values():
        assert dist > tol
        assert dist == pytest.approx(min(
            float(haversine_km(g.nodes[n]["x"], g.nodes[n]["y"], lon, lat)) for n in g
        ))


def test_corridors_and_buffer() -> None:
    corridors = load_corridors()
    assert len(corridors) >= 7
    area = corridor_buffer(corridors, 50)
    for p in load_places():
        assert area.contains(Point(p.lon, p.lat)), f"{p.name} is outside the 50 km corridor buffer"
    small = corridor_buffer(corridors, 1)
    assert not small.contains(Point(-6.0, 16.0))


def test_bad_corridor_file(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[[corridor]]\nname = "x"\nwaypoints = [{ name = "A", lat = 1.0 }]\n')
    with pytest.raises(ParameterError, match="expected a list of at least two"):
        load_corridors(path)


def test_waypoints_off_the_network_are_one_warning(tiny_network: nx.MultiDiGraph,
                                                   caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    # A real layer skipped 29 waypoints with a warning each; now one line counts and names them.
    from supplychain.networks.places import Corridor, assign_corridors

    far = [Corridor(f"C{i}", (("Nowhere", 40.0, 10.0 + i), ("Far", 41.0, 11.0 + i))) for i in range(3)]
    with caplog.at_level("WARNING", logger="supplychain.networks.places"):
        assign_corridors(tiny_network.copy(), far, tolerance_km=20.0)  # the fixture is shared
    lines = [r.getMessage() for r in caplog.records if "waypoint" in r.getMessage()]
    assert len(lines) == 1 and lines[0].startswith("6 corridor waypoint(s) are more than 20.0 km")
    assert "C0: Nowhere" in lines[0]
    # Beyond 6 the warning says how many more and where to see them, and -v (DEBUG) lists all.
    more = [Corridor(f"C{i}", (("Nowhere", 40.0, 10.0 + i), ("Far", 41.0, 11.0 + i))) for i in range(5)]
    caplog.clear()
    with caplog.at_level("DEBUG", logger="supplychain.networks.places"):
        assign_corridors(tiny_network.copy(), more, tolerance_km=20.0)
    lines = [r.getMessage() for r in caplog.records if "waypoint" in r.getMessage()]
    assert lines[0].endswith("; and 4 more (-v lists them)")
    assert len(lines) == 2 and lines[1].startswith("All 10 corridor waypoints skipped:")
    assert "C4: Far" in lines[1]


def test_place_snaps_to_the_main_road_network_before_a_nearer_fragment(
    tiny_options: BuildOptions, tmp_path: Path
) -> None:
    # Kayes' road node moved 3.2 km east, and a 1.2 km road piece joined to nothing drawn at
    # Kayes (as a class filter leaves a town's secondary street once the streets joining it
    # are dropped). Kayes snapped to the piece, 0.1 km away: cut off from every road, its
    # corridor "has a gap". Within the tolerance a node of the main road network comes first.
    text = (DATA / "tiny.osm").read_text()
    kayes = ('<node id="6" lat="14.4500" lon="-11.4400" version="1"><tag k="name" v="Kayes"/>'
             '<tag k="place" v="city"/></node>')
    assert kayes in text
    text = text.replace(kayes, '<node id="6" lat="14.4500" lon="-11.4100" version="1"/>\n'
                        '  <node id="40" lat="14.4505" lon="-11.4400" version="1"/>\n'
                        '  <node id="41" lat="14.4600" lon="-11.4450" version="1"/>')
    text = text.replace('<way id="106" version="1">', '<way id="108" version="1"><nd ref="40"/>'
                        '<nd ref="41"/><tag k="highway" v="secondary"/></way>\n  <way id="106" version="1">')
    path = tmp_path / "fragment.osm"
    path.write_text(text)
    g = build_network(path, options=tiny_options)
    placed = {p["place"]: p for p in g.graph["placements"]}
    assert placed["Kayes"]["node"] == 6
    assert placed["Kayes"]["distance_km"] == pytest.approx(float(haversine_km(-11.44, 14.45, -11.41, 14.45)))
    assert 40 not in g  # the fragment held no place any more: pruned
    tamba = next(n for n, d in g.nodes(data=True) if d.get("name") == "Tambacounda")
    assert nx.has_path(g, tamba, 6)
    assert "Tambacounda-Bamako via Kayes" in g.graph["corridor_km"]


def test_snap_falls_back_to_a_fragment_when_the_main_network_is_beyond_tolerance() -> None:
    g = nx.MultiDiGraph()
    for n, x in ((1, 0.0), (2, 0.1), (3, 0.2)):
        g.add_node(n, x=x, y=0.0)
    nx.add_path(g, [1, 2, 3])
    g.add_node(10, x=5.0, y=0.0)
    g.add_node(11, x=5.01, y=0.0)
    g.add_edge(10, 11)
    result = snap_places(g, [Place("Far", "city", "SEN", 0.0, 5.0)], tolerance_km=10)
    assert result.matched["Far"] == (10, 0.0)
