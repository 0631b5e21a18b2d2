"""Places that match no node: inserted onto the nearest road, or where a road crosses a border.

:func:`supplychain.networks.places.snap_places` puts a place on the nearest node within the
snapping tolerance. On a coarse network (a GIS layer with segments of 100 km and more) many
places lie beside a road but far from its nodes. :func:`place_on_edges` handles them, after
segment ids exist:

1. a place within ``road_tolerance_km`` of a road is inserted onto the nearest segment: the
   segment is split at the point nearest to the place (projected in an azimuthal equidistant
   projection centred on the place, so distances are true metres), both directions, lengths
   and travel times split in proportion, every other attribute kept, the pieces named
   ``<segment_id>#1`` (from the segment's first node) and ``<segment_id>#2``;
2. a border post with no road within the snapping tolerance goes where a road of the network
   crosses its border (its country's Natural Earth boundary with the nearest neighbouring
   country) nearest to it, if that crossing is within ``road_tolerance_km``;
3. anything farther than ``road_tolerance_km`` from every road is dropped, with a warning
   naming it and the distance.

Every place gets a :class:`Placement` that says how it was placed.

A border post is a node throughput limit: every route through its node is capped by it. Once
every place is placed, :func:`move_posts_off_junctions` moves a post that stands on a junction
(three roads or more, so that traffic between two roads of one side passes it without crossing
the border) onto the one road on the other side, where that road crosses the border, or, with
two roads or more on each side, splits the junction in two joined by a crossing that holds it.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx
import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points, substring

from supplychain.errors import ConnectivityError, SchemaError, UnknownElementError
from supplychain.networks.geo import (
    _mark_border_crossings,
    countries,
    country_of_points,
    lat_lon_text,
)
from supplychain.networks.places import Place

__all__ = [
    "PLACEMENT_METHODS",
    "Placement",
    "move_posts_off_junctions",
    "place_on_edges",
    "split_segment",
]

logger = logging.getLogger(__name__)

#: How a place can land on a network.
PLACEMENT_METHODS: tuple[str, ...] = ("node", "edge", "border crossing", "dropped")

_GEOD = Geod(ellps="WGS84")
_UNNAMED = re.compile(r"\s+")
#: A projection closer than this to a segment end attaches the place to that end node
#: (a piece of a few metres would be a meaningless segment).
_END_KM = 0.01


@dataclass(frozen=True)
class Placement:
    """How one place landed on a network.

    Parameters
    ----------
    place : str
        Place name.
    method : {"node", "edge", "border crossing", "dropped"}
        Snapped to an existing node, inserted onto a segment, inserted where a road crosses
        the border, or left off the network.
    distance_km : float
        Distance from the place's coordinates to where it was put (to the nearest road when
        dropped).
    node : int or str or None
        The node holding the place (None when dropped).
    segment_id : str
        The segment that was split (empty for a node or a dropped place).

    Examples
    --------
    >>> Placement("Kati", "edge", 14.0, 7, "N3:Kita-Bamako").describe()
    'inserted on edge N3:Kita-Bamako, 14.0 km away'
    """

    place: str
    method: str
    distance_km: float
    node: Any = None
    segment_id: str = ""

    def describe(self) -> str:
        """One phrase saying how the place was placed, with the distance.

        Returns
        -------
        str
            E.g. ``snapped to node 7, 0.3 km away`` or ``dropped: no road``.
        """
        if self.method == "node":
            return f"snapped to node {self.node}, {self.distance_km:.1f} km away"
        if self.method == "edge":
            return f"inserted on edge {self.segment_id}, {self.distance_km:.1f} km away"
        if self.method == "border crossing":
            return (
                f"placed at border crossing on {self.segment_id}, {self.distance_km:.1f} km away"
            )
        if math.isfinite(self.distance_km):
            return f"dropped: nearest road {self.distance_km:.1f} km away"
        return "dropped: no road"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-safe dictionary.

        Returns
        -------
        dict of str to object
            One key per field; a ``node`` that is not an int or str becomes its text.
            ``distance_km`` stays infinite for a place dropped with no road at all (the
            project's JSON writer turns it into null).

        Examples
        --------
        >>> Placement("Kati", "edge", 14.0, (1, 2), "N3:Kita-Bamako").to_dict()
        {'place': 'Kati', 'method': 'edge', 'distance_km': 14.0, 'node': '(1, 2)', 'segment_id': 'N3:Kita-Bamako'}
        """
        out = asdict(self)
        out["node"] = None if self.node is None else (
            self.node if isinstance(self.node, int | str) else str(self.node)
        )
        return out


def _node_label(graph: nx.MultiDiGraph, node: Any) -> str:
    """A node's name in segment ids (``From-To``): its name; else, on a GIS layer, its
    coordinates to 0.001 degree (``14.453N 11.432W``: stable across extents of the same data,
    and where to look); else ``n`` and its id (an OSM node id)."""
    data = graph.nodes[node]
    name = _UNNAMED.sub(" ", data.get("name") or "").strip()
    if name:
        return name
    if graph.graph.get("_coordinate_labels") and "x" in data and "y" in data:
        return lat_lon_text(float(data["y"]), float(data["x"]), 3)
    return f"n{node}"


def _local(lon: float, lat: float) -> tuple[Transformer, Transformer]:
    crs = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m"
    return (
        Transformer.from_crs("EPSG:4326", crs, always_xy=True),
        Transformer.from_crs(crs, "EPSG:4326", always_xy=True),
    )


def _project(
    line: BaseGeometry, tr: Transformer, *, densify_deg: float | None = 0.01
) -> LineString:
    # A line in degrees is densified first (0.01 degree, about 1 km) so the projected line
    # follows the drawn one; lines in metres going back to degrees are not.
    if densify_deg is not None:
        line = shapely.segmentize(line, densify_deg)
    xs, ys = tr.transform(*np.asarray(line.coords).T)
    return LineString(np.column_stack([xs, ys]))


def _segments(graph: nx.MultiDiGraph) -> dict[str, list[tuple[Any, Any, Any]]]:
    """Edges of each segment id, in graph order."""
    segs: dict[str, list[tuple[Any, Any, Any]]] = {}
    for u, v, k, data in graph.edges(keys=True, data=True):
        segs.setdefault(data["segment_id"], []).append((u, v, k))
    return segs


def _geometry(graph: nx.MultiDiGraph, u: Any, v: Any, k: Any) -> LineString:
    geom = graph.edges[u, v, k].get("geometry")
    if isinstance(geom, LineString):
        return geom
    return LineString([(graph.nodes[n]["x"], graph.nodes[n]["y"]) for n in (u, v)])


def _new_node_id(graph: nx.MultiDiGraph, name: str) -> Any:
    ints = [n for n in graph.nodes if isinstance(n, int | np.integer)]
    if len(ints) == graph.number_of_nodes():
        return int(max(ints, default=-1)) + 1
    return f"place:{name}"


def _piece_ids(seg_id: str, existing: set[str]) -> tuple[str, str]:
    for first, second in (("#1", "#2"), ("#p1", "#p2")):
        ids = (seg_id + first, seg_id + second)
        if not existing & set(ids):
            return ids
    i = 1
    while {f"{seg_id}#p{i}a", f"{seg_id}#p{i}b"} & existing:
        i += 1
    return f"{seg_id}#p{i}a", f"{seg_id}#p{i}b"


def split_segment(
    graph: nx.MultiDiGraph, segment_id: str, point: tuple[float, float], node: Any,
    node_attrs: dict[str, Any],
) -> tuple[str, str]:
    """Split a segment (both directions) at the point of it nearest to ``point``.

    Lengths and travel times are split in proportion to the distance along the segment
    (measured in an azimuthal equidistant projection centred on ``point``); every other
    attribute is kept, except ``country``, recomputed at each piece's midpoint.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A network with ``segment_id``, ``length_km`` and ``travel_time_h`` on its edges.
    segment_id : str
        The segment to split.
    point : (float, float)
        ``(lon, lat)``; the split is at its projection onto the segment.
    node : hashable
        Id of the new node.
    node_attrs : dict
        Attributes of the new node (``x`` and ``y`` are set to the split point).

    Returns
    -------
    (str, str)
        Ids of the piece from the segment's first node (its id's ``From``) and of the other.

    Raises
    ------
    UnknownElementError
        If the segment is not in the graph (a ``KeyError``).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node(1, x=0.0, y=0.0, name="A"); g.add_node(2, x=1.0, y=0.0, name="B")
    >>> for a, b in ((1, 2), (2, 1)):
    ...     _ = g.add_edge(a, b, segment_id="R:A-B", length_km=100.0, travel_time_h=2.0,
    ...                    speed_kph=50.0, country="SEN")
    >>> split_segment(g, "R:A-B", (0.25, 0.01), 3, {"name": "P"})
    ('R:A-B#1', 'R:A-B#2')
    >>> round(g.edges[1, 3, 0]["length_km"], 1), round(g.edges[3, 2, 0]["length_km"], 1)
    (25.0, 75.0)
    """
    segments = _segments(graph)
    if segment_id not in segments:
        raise UnknownElementError(
            f"Segment {segment_id!r} is not in the network; give a segment_id of its edges"
        )
    edges = segments[segment_id]
    fwd, inv = _local(*point)
    u0, v0, k0 = edges[0]
    line_m = _project(_geometry(graph, u0, v0, k0), fwd)
    total = line_m.length
    along = line_m.project(Point(0.0, 0.0))
    t = along / total if total > 0 else 0.5
    first_m = substring(line_m, 0.0, along)
    second_m = substring(line_m, along, total)
    first = _project(first_m, inv, densify_deg=None)
    second = _project(second_m, inv, densify_deg=None)
    split_xy = second.coords[0]
    # The id names the segment "REF:From-To"; piece #1 starts at From.
    body = segment_id.split(":", 1)[-1]
    u0_is_from = body.startswith(_node_label(graph, u0) + "-") or not body.startswith(
        _node_label(graph, v0) + "-"
    )
    existing = {d["segment_id"] for _, _, d in graph.edges(data=True)}
    id_u0, id_v0 = _piece_ids(segment_id, existing)
    if not u0_is_from:
        id_u0, id_v0 = id_v0, id_u0
    graph.add_node(node, **{**node_attrs, "x": float(split_xy[0]), "y": float(split_xy[1])})
    mids = [first.interpolate(0.5, normalized=True), second.interpolate(0.5, normalized=True)]
    iso_u0, iso_v0 = country_of_points([m.x for m in mids], [m.y for m in mids])
    for u, v, k in edges:
        data = dict(graph.edges[u, v, k])
        graph.remove_edge(u, v, k)
        forward = (u, v) == (u0, v0)
        # piece touching u0: fraction t of the segment; piece touching v0: 1 - t
        pieces = (
            ((u, node, t, first, id_u0, iso_u0), (node, v, 1 - t, second, id_v0, iso_v0))
            if forward
            else ((u, node, 1 - t, shapely.reverse(second), id_v0, iso_v0),
                  (node, v, t, shapely.reverse(first), id_u0, iso_u0))
        )  # fmt: skip
        for a, b, share, geom, seg, iso in pieces:
            attrs = dict(data)
            attrs["length_km"] = float(data["length_km"]) * share
            attrs["travel_time_h"] = float(data["travel_time_h"]) * share
            attrs["segment_id"] = seg
            attrs["country"] = iso
            attrs["geometry"] = geom
            graph.add_edge(a, b, **attrs)
    _mark_border_crossings(graph, (u0, v0, node))
    return (id_u0, id_v0) if u0_is_from else (id_v0, id_u0)


def _nearest_on_segments(
    graph: nx.MultiDiGraph, lon: float, lat: float, within_km: float
) -> tuple[str, float, tuple[float, float], tuple[Any, Any, Any]] | None:
    """Nearest segment within a distance: (segment id, km, nearest point, one edge)."""
    segs = _segments(graph)
    ids = list(segs)
    geoms = [_geometry(graph, *segs[s][0]) for s in ids]
    tree = shapely.STRtree(geoms)
    dlat = within_km / 110.0
    dlon = within_km / (110.0 * max(math.cos(math.radians(lat)), 0.05))
    box = shapely.box(lon - dlon, lat - dlat, lon + dlon, lat + dlat)
    local = _local(lon, lat)  # once: a transformer takes about 20 ms to make
    best: tuple[str, float, tuple[float, float], tuple[Any, Any, Any]] | None = None
    for i in tree.query(box):
        dist_km, point = _nearest_point(geoms[i], lon, lat, local=local)
        if dist_km <= within_km and (best is None or dist_km < best[1]):
            best = (ids[i], dist_km, point, segs[ids[i]][0])
    return best


def _nearest_point(
    line: LineString, lon: float, lat: float, *,
    local: tuple[Transformer, Transformer] | None = None,
) -> tuple[float, tuple[float, float]]:
    """Distance in km from a point to a line (in degrees) and the line's point nearest it
    (``local``: :func:`_local` of the point, when the caller has it)."""
    fwd, inv = _local(lon, lat) if local is None else local
    line_m = _project(line, fwd)
    near = line_m.interpolate(line_m.project(Point(0.0, 0.0)))
    x, y = inv.transform(near.x, near.y)
    return line_m.distance(Point(0.0, 0.0)) / 1000.0, (float(x), float(y))


def _post_border(place: Place) -> tuple[str, BaseGeometry] | None:
    """The post's border: its country's boundary with the nearest other country (that
    country's ISO3 and the shared boundary), or None (a country not on the map, no shared
    boundary)."""
    shapes = countries()
    own = shapes[shapes["iso3"] == place.country]
    if own.empty:
        return None
    others = shapes[shapes["iso3"] != place.country]
    pt = Point(place.lon, place.lat)
    # Nearest neighbouring country; degrees are fine to rank a handful of polygons.
    i = int(np.argmin(shapely.distance(others.geometry.values, pt)))
    border = own.geometry.values[0].boundary.intersection(others.geometry.values[i].boundary)
    return None if border.is_empty else (str(others["iso3"].iloc[i]), border)


def _border_crossing(
    graph: nx.MultiDiGraph, place: Place, within_km: float, *,
    segment_ids: list[str] | None = None,
) -> tuple[str, float, tuple[float, float]] | None:
    """Nearest point where a segment (of ``segment_ids``, default any) crosses the border of
    the post's country and its neighbour: (segment id, km from the post, the point)."""
    found = _post_border(place)
    if found is None:
        return None
    border = found[1]
    segments = _segments(graph)
    best: tuple[str, float, tuple[float, float]] | None = None
    for seg_id in segments if segment_ids is None else segment_ids:
        hit = _geometry(graph, *segments[seg_id][0]).intersection(border)
        if hit.is_empty:
            continue
        for part in getattr(hit, "geoms", [hit]):
            q = part if isinstance(part, Point) else part.centroid
            dist_km = float(_GEOD.inv(place.lon, place.lat, q.x, q.y)[2]) / 1000.0
            if dist_km <= within_km and (best is None or dist_km < best[1]):
                best = (seg_id, dist_km, (q.x, q.y))
    return best


def _warn_off_border(
    graph: nx.MultiDiGraph, place: Place, segment_id: str, point: tuple[float, float],
    road_tolerance_km: float,
) -> None:
    """Warn that a border post goes onto the nearest road, not where a road crosses its border.

    Only the traffic of that road passes the post (it is inserted between the segment's two
    ends), so the cap is right; but the post stands off the border, e.g. Tengréla-Kadiana on
    the West-African layer, 11.4 km inside Côte d'Ivoire on the road that crosses 25.9 km from
    the post's coordinates.
    """
    crossing = _border_crossing(graph, place, math.inf, segment_ids=[segment_id])
    if crossing is None:
        logger.warning(
            "Border post '%s' inserted on %s, the nearest road (%.1f km away), which does not "
            "cross its border; no road crosses it within the %.1f km road tolerance. Check the "
            "post's coordinates", place.name, segment_id,
            float(_GEOD.inv(place.lon, place.lat, *point)[2]) / 1000.0, road_tolerance_km,
        )  # fmt: skip
        return
    along_km = float(_GEOD.inv(*point, *crossing[2])[2]) / 1000.0
    logger.warning(
        "Border post '%s' inserted on %s %.1f km from where that road crosses the border: the "
        "crossing is %.1f km from the post's coordinates, beyond the %.1f km road tolerance. "
        "Only that road's traffic passes the post; to put it on the border, give the post "
        "coordinates nearer the crossing (%s) or raise road_tolerance_km", place.name,
        segment_id, along_km, crossing[1], road_tolerance_km,
        lat_lon_text(crossing[2][1], crossing[2][0], 3),
    )  # fmt: skip


def _attach(
    graph: nx.MultiDiGraph, place: Place, node: Any, dist_km: float, owner: dict[Any, str]
) -> None:
    if node in owner:
        raise ConnectivityError(
            f"Places '{owner[node]}' and '{place.name}' both land on node {node}; move one of "
            "them or use a network with more nodes"
        )
    owner[node] = place.name
    graph.nodes[node].update(_place_attrs(place, dist_km))


def _place_attrs(place: Place, dist_km: float) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "name": place.name,
        "role": place.role,
        "country": place.country,
        "snap_distance_km": dist_km,
        "_place": place.name,
    }
    for key in ("supply_m3_per_day", "demand_m3_per_day", "capacity_trucks_per_day"):
        if getattr(place, key) is not None:
            attrs[key] = getattr(place, key)
    return attrs


def place_on_edges(
    graph: nx.MultiDiGraph,
    places: list[Place],
    *,
    snap_tolerance_km: float,
    road_tolerance_km: float,
) -> dict[str, Placement]:
    """Put places that matched no node onto the nearest road or border crossing.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A network with segment ids (nodes of places already snapped carry ``_place``).
    places : list of Place
        The places that matched no node within ``snap_tolerance_km``.
    snap_tolerance_km : float
        The node snapping tolerance; a border post with no road this close goes to the
        nearest border crossing instead of the nearest road.
    road_tolerance_km : float
        Largest distance from a place to the road (or border crossing) it is put on.

    Returns
    -------
    dict of str to Placement
        One entry per place given: ``edge``, ``border crossing``, ``node`` (when the nearest
        point of the road is a segment end) or ``dropped``.

    Raises
    ------
    ConnectivityError
        If a place would land on a node that already holds another place.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node(1, x=0.0, y=0.0, name="A"); g.add_node(2, x=1.0, y=0.0, name="B")
    >>> for a, b in ((1, 2), (2, 1)):
    ...     _ = g.add_edge(a, b, segment_id="R:A-B", length_km=111.0, travel_time_h=2.0,
    ...                    country="SEN")
    >>> p = Place("P", "city", "SEN", 0.1, 0.5)
    >>> place_on_edges(g, [p], snap_tolerance_km=10, road_tolerance_km=25)["P"].method
    'edge'
    """
    owner = {n: d["_place"] for n, d in graph.nodes(data=True) if "_place" in d}
    out: dict[str, Placement] = {}
    for place in places:
        near = _nearest_on_segments(graph, place.lon, place.lat, road_tolerance_km)
        target: tuple[str, float, tuple[float, float]] | None = None
        method = "edge"
        if place.role == "border" and (near is None or near[1] > snap_tolerance_km):
            crossing = _border_crossing(graph, place, road_tolerance_km)
            if crossing is not None:
                target, method = crossing, "border crossing"
        if target is None and near is not None:
            target = (near[0], near[1], near[2])
            if place.role == "border" and near[1] > snap_tolerance_km:
                _warn_off_border(graph, place, near[0], near[2], road_tolerance_km)
        if target is None:
            far = _nearest_on_segments(graph, place.lon, place.lat, math.inf)
            dist = far[1] if far is not None else math.inf
            out[place.name] = Placement(place.name, "dropped", dist)
            logger.warning(
                "Place '%s' dropped: the nearest road is %.1f km away, beyond the %.1f km road "
                "tolerance", place.name, dist, road_tolerance_km,
            )  # fmt: skip
            continue
        seg_id, _, (x, y) = target
        dist_km = float(_GEOD.inv(place.lon, place.lat, x, y)[2]) / 1000.0
        u, v, _k = _segments(graph)[seg_id][0]
        # A projection onto a segment end attaches the place to that node.
        ends = {n: float(_GEOD.inv(x, y, graph.nodes[n]["x"], graph.nodes[n]["y"])[2]) / 1000.0
                for n in (u, v)}  # fmt: skip
        end = min(ends, key=lambda n: ends[n])
        if ends[end] < _END_KM:
            node_dist = float(_GEOD.inv(place.lon, place.lat, graph.nodes[end]["x"],
                                        graph.nodes[end]["y"])[2]) / 1000.0  # fmt: skip
            _attach(graph, place, end, node_dist, owner)
            out[place.name] = Placement(
                place.name, method if method == "border crossing" else "node", node_dist, end,
                seg_id if method == "border crossing" else "",
            )
        else:
            node = _new_node_id(graph, place.name)
            split_segment(graph, seg_id, (x, y), node, _place_attrs(place, dist_km))
            owner[node] = place.name
            out[place.name] = Placement(place.name, method, dist_km, node, seg_id)
        logger.info("Place '%s' %s", place.name, out[place.name].describe())
    return out


#: Length of the crossing that joins the two halves of a junction split for a border post
#: (:func:`_separate_junction`). Assumption: the source puts the crossing at one point (its
#: length is 0 there); a token length, since a segment's must be positive, that changes no
#: route's km measurably.
_CROSSING_KM = 0.1

#: Place attributes a post takes with it when it moves off a node (the node is then a junction).
_PLACE_KEYS = ("name", "role", "country", "snap_distance_km", "_place", "supply_m3_per_day",
               "demand_m3_per_day", "capacity_trucks_per_day")  # fmt: skip


def _roads_at(graph: nx.MultiDiGraph, node: Any) -> dict[str, str]:
    """The segments at a node and their countries."""
    roads = {str(d["segment_id"]): str(d["country"]) for _, _, d in graph.in_edges(node, data=True)}
    roads |= {str(d["segment_id"]): str(d["country"]) for _, _, d in graph.out_edges(node, data=True)}
    return roads


def _far_ends(graph: nx.MultiDiGraph, node: Any) -> dict[str, str]:
    """The segments at a node and the countries of their other ends (the node's, for a loop)."""
    ends = {str(d["segment_id"]): str(graph.nodes[u]["country"])
            for u, _, d in graph.in_edges(node, data=True)}  # fmt: skip
    ends |= {str(d["segment_id"]): str(graph.nodes[v]["country"])
             for _, v, d in graph.out_edges(node, data=True)}  # fmt: skip
    return ends


def _by_country(roads: dict[str, str]) -> dict[str, list[str]]:
    """Segments grouped by country."""
    sides: dict[str, list[str]] = {}
    for seg, iso in roads.items():
        sides.setdefault(iso, []).append(seg)
    return sides


def _check_countries(graph: nx.MultiDiGraph, nodes: list[Any]) -> None:
    """Raise one :class:`SchemaError` listing every road at ``nodes`` (and every node at their
    other ends) without a ``country``: the sides of a post's junction are told by them."""
    problems: list[str] = []
    for node in nodes:
        for u, v, d in [*graph.in_edges(node, data=True), *graph.out_edges(node, data=True)]:
            if "country" not in d:
                problems.append(f"segment '{d.get('segment_id', (u, v))}' at node {node!r} has no country")
            for end in (u, v):
                if "country" not in graph.nodes[end]:
                    problems.append(f"node {end!r} has no country")
    if problems:
        unique = list(dict.fromkeys(problems))
        raise SchemaError(
            f"{len(unique)} road(s) or node(s) at border posts' junctions have no 'country' (ISO3), "
            "which tells the two sides of a border apart; set it on every segment and node (as "
            "'network build' does)", problems=unique)  # fmt: skip


def move_posts_off_junctions(
    graph: nx.MultiDiGraph,
    places: list[Place],
    placements: dict[str, Placement],
    *,
    road_tolerance_km: float,
) -> dict[str, Placement]:
    """Move each border post that stands on a junction onto the road that crosses there.

    A border post caps every route through its node. On a junction of three roads or more,
    two of them lie on one side of the border (by their ``country``), and traffic between
    those passes the post without crossing: on the West-African layer the Kidira-Diboli post
    stood on the Kidira junction, where the Senegalese roads from Tambacounda and from Bakel
    meet the road to Kayes, so Senegalese traffic between them was capped by the post. Where
    exactly one road is on the other side, every crossing passes that road: the post goes onto
    it, split at the point where it crosses the post's border (its country's Natural Earth
    boundary with the nearest other country) nearest the post, if that point is within
    ``road_tolerance_km`` of the post's coordinates, else at the road's point nearest the
    post's coordinates (the 1:50m boundary runs a few km off the border, and a border town's
    junction can lie on the map's other side); the node it left becomes a junction. Where
    each side has two roads or more, no one road carries every crossing (the source joins both
    sides at one point: Rosso on the West-African layer): the junction is split in two, one per
    country, :data:`_CROSSING_KM` apart, joined by a crossing ``crossing:<post>`` that holds the
    post (its two pieces ``#1`` from the junction kept, ``#2`` to the new one); so is the
    junction of a post whose one road has no point away from the junction near it (it crosses
    no border near the post, whose coordinates are at the junction), with a warning. Where
    the roads' ``country`` (their midpoints' on the 1:50m map) is not of two countries one of
    which is the post's, the countries of their other ends tell the sides apart (a border
    town's junction whose road over the border is of its own country, e.g. once the other
    town's post split it at the map's border); where those are not either, the post stays,
    with a warning.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A network with segment ids and places placed (``_place`` on their nodes); changed in
        place.
    places : list of Place
        The places of the network (only ``border`` ones can move).
    placements : dict of str to Placement
        How each place was placed.
    road_tolerance_km : float
        Largest distance from a post's coordinates to the border crossing it is moved to.

    Returns
    -------
    dict of str to Placement
        ``placements`` with the moved posts' entries replaced (method ``border crossing`` or
        ``edge``, the segment split or the crossing added).

    Raises
    ------
    SchemaError
        A road at a post's junction of three roads or more, or a node at its other end, has no
        ``country`` (every problem listed).

    Examples
    --------
    Two Senegalese roads (from A and from B) meet the road to Mali (M) at the junction J,
    where the post stands; the road J-M crosses the border (the 1:50m map's, near 12.2W):

    >>> g = nx.MultiDiGraph()
    >>> for n, x, y in (("A", -13.0, 14.0), ("B", -12.6, 15.0), ("J", -12.25, 14.45),
    ...                 ("M", -11.5, 14.45)):
    ...     g.add_node(n, x=x, y=y, name=n, role="junction", country="SEN")
    >>> for u, v, iso in (("A", "J", "SEN"), ("B", "J", "SEN"), ("J", "M", "MLI")):
    ...     for a, b in ((u, v), (v, u)):
    ...         _ = g.add_edge(a, b, segment_id=f"R:{u}-{v}", length_km=80.0,
    ...                        travel_time_h=1.6, country=iso)
    >>> post = Place("Post", "border", "MLI", 14.45, -12.25)
    >>> g.nodes["J"].update(name="Post", role="border", country="MLI", _place="Post")
    >>> out = move_posts_off_junctions(g, [post], {"Post": Placement("Post", "node", 0.0, "J")},
    ...                               road_tolerance_km=25.0)
    >>> out["Post"].method, out["Post"].segment_id, g.nodes["J"]["role"]
    ('border crossing', 'R:J-M', 'junction')
    >>> sorted(d["segment_id"] for _, _, d in g.out_edges(out["Post"].node, data=True))
    ['R:J-M#1', 'R:J-M#2']
    """
    out = dict(placements)
    junctions: dict[str, Any] = {}  # post -> its node, where three roads or more meet
    for place in places:
        placement = placements.get(place.name)
        if place.role == "border" and placement is not None and placement.node is not None:
            ids = {d["segment_id"] for *_, d in graph.in_edges(placement.node, data=True)}
            ids |= {d["segment_id"] for *_, d in graph.out_edges(placement.node, data=True)}
            if len(ids) >= 3:  # else one road through the post: only its traffic passes
                junctions[place.name] = placement.node
    _check_countries(graph, list(junctions.values()))
    for place in places:
        if place.name not in junctions:
            continue
        node = junctions[place.name]
        roads = _roads_at(graph, node)
        if len(roads) < 3:  # an earlier post's move left one road through this one
            continue
        sides = _by_country(roads)
        if len(sides) != 2 or place.country not in sides:
            # Every road of a border town's junction can be of one country by its midpoint: the
            # road over the border when the post of the other side's town split it at the
            # map's border (or the map's border runs beyond the other town). Their far ends
            # tell the sides apart then.
            ends = _by_country(_far_ends(graph, node))
            if len(ends) == 2 and place.country in ends:
                sides = ends
        lone = [segs[0] for segs in sides.values() if len(segs) == 1]
        listed = "; ".join(f"{iso}: {', '.join(sorted(segs))}" for iso, segs in sorted(sides.items()))
        if len(sides) != 2 or place.country not in sides:
            logger.warning(
                "Border post '%s' stands on a junction of %d roads (%s), not of two countries "
                "one of which is the post's (%s): traffic between two roads of one country may "
                "pass the post and be capped by it. Kept there; give the post coordinates on a "
                "road that only crossing traffic uses, or check the network's roads at node %s",
                place.name, len(roads), listed, place.country, node,
            )  # fmt: skip
            continue
        if not lone:
            out[place.name] = _separate_junction(graph, place, node, sides)
            logger.info(
                "Border post '%s' stood on the junction %s of %d roads (%s), two or more on each "
                "side, where traffic between two roads of one country passed it: the junction "
                "split in two, one per country, joined by the crossing %s that holds the post",
                place.name, node, len(roads), listed, out[place.name].segment_id,
            )  # fmt: skip
            continue
        seg = lone[0]
        u, v, _ = _segments(graph)[seg][0]
        method = "border crossing"
        point: tuple[float, float] | None = None
        if u != v:  # a loop (both ends at the junction) has no point for the post
            crossing = _border_crossing(graph, place, road_tolerance_km, segment_ids=[seg])
            if crossing is not None:
                point = crossing[2]
            else:
                method = "edge"
                _, point = _nearest_point(_geometry(graph, u, v, _segments(graph)[seg][0][2]),
                                          place.lon, place.lat)  # fmt: skip
        if point is None or min(
            float(_GEOD.inv(*point, graph.nodes[n]["x"], graph.nodes[n]["y"])[2]) / 1000.0
            for n in (u, v)
        ) < _END_KM:
            # No point of the one road to put the post at (it crosses no border near the post,
            # whose coordinates are at the junction; it is shorter than _END_KM; or a loop):
            # kept on the junction, the post would cap the other side's traffic between its
            # roads. The junction is split instead, as with two roads or more on each side.
            out[place.name] = _separate_junction(graph, place, node, sides)
            logger.warning(
                "Border post '%s' stood on the junction %s of %d roads (%s), where traffic "
                "between two roads of one country passed it, and %s, the one road to the other "
                "side, has no point for the post away from its ends (where it crosses its border "
                "within %.1f km, else its point nearest the post's coordinates, is at the "
                "junction): the junction split in two, one per country, joined by the crossing "
                "%s that holds the post; give the post coordinates on that road to put it there",
                place.name, node, len(roads), listed, seg, road_tolerance_km,
                out[place.name].segment_id,
            )  # fmt: skip
            continue
        dist_km = float(_GEOD.inv(place.lon, place.lat, *point)[2]) / 1000.0
        _demote(graph, node)
        new = _new_node_id(graph, place.name)
        split_segment(graph, seg, point, new, _place_attrs(place, dist_km))
        out[place.name] = Placement(place.name, method, dist_km, new, seg)
        logger.info(
            "Border post '%s' moved off the junction %s of %d roads (%s), where traffic between "
            "two roads of one country passed it: %s on %s, the one road to the other side",
            place.name, node, len(roads), listed,
            "at its border crossing" if method == "border crossing" else "at its point nearest "
            "the post", seg,
        )  # fmt: skip
    return out


def _demote(graph: nx.MultiDiGraph, node: Any) -> None:
    """A place's node back to a junction, as the build derives one (build._derive_node_attributes)."""
    data = graph.nodes[node]
    for key in _PLACE_KEYS:
        data.pop(key, None)
    data.update(role="junction", name="", country=country_of_points([data["x"]], [data["y"]])[0])


def _separate_junction(
    graph: nx.MultiDiGraph, place: Place, node: Any, sides: dict[str, list[str]]
) -> Placement:
    """Split a post's junction in two, one per side of the border.

    Used where each side has two roads or more, or where the one road of a side has no point
    for the post (:func:`move_posts_off_junctions`). The source joins both sides at one point (the West-African layer's Rosso: the roads from
    Nouakchott and toward Boghé meet those from Saint-Louis, Louga and Richard-Toll), so no
    road carries only crossing traffic. The roads of the side the node's point lies in (by the
    1:50m map; else the post's country) keep the node; the others move to a new junction
    :data:`_CROSSING_KM` away toward the post's coordinates (toward its border when they are
    the node's), their lines drawn on to it (their lengths kept); a crossing joins the two
    through the post, half way: ``crossing:<post>#1`` from the node, ``#2`` to the new junction
    (both directions; the attributes of the junction's first road, its largest speed, as
    capacity what the roads of either side bring together, no ``osmid``). Each junction then passes its own country's traffic; only crossings
    pass the post.
    """
    x, y = float(graph.nodes[node]["x"]), float(graph.nodes[node]["y"])
    at = country_of_points([x], [y])[0]
    stay = at if at in sides else place.country if place.country in sides else sorted(sides)[0]
    other = next(iso for iso in sorted(sides) if iso != stay)
    moving = set(sides[other])
    edges = [(u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)
             if d["segment_id"] in moving or d["segment_id"] in sides[stay]]  # fmt: skip
    template = dict(min(edges, key=lambda e: str(e[3]["segment_id"]))[3])
    # What the roads of either side can bring together (each road's larger direction): the
    # crossing never limits what the post and the roads let through. It took the largest road's
    # capacity, which capped a post passing more than one road (until 2026-12-05; no shipped
    # post does: Rosso's 100 trucks/day against roads of 1,500).
    by_road: dict[str, float] = {}
    for *_, d in edges:
        seg = str(d["segment_id"])
        by_road[seg] = max(by_road.get(seg, 0.0), float(d["capacity_trucks_per_day"]))
    capacity = min(sum(by_road[seg] for seg in segs if seg in by_road) for segs in sides.values())
    speed = max(float(d["speed_kph"]) for *_, d in edges)
    azimuth, _, to_place_m = _GEOD.inv(x, y, place.lon, place.lat)
    if to_place_m < 10.0:
        found = _post_border(place)
        if found is not None:
            q = nearest_points(found[1], Point(x, y))[0]
            azimuth = _GEOD.inv(x, y, q.x, q.y)[0]
    mx, my, _ = _GEOD.fwd(x, y, azimuth, _CROSSING_KM * 1000.0)
    px, py, _ = _GEOD.fwd(x, y, azimuth, _CROSSING_KM * 500.0)
    _demote(graph, node)
    half = _new_node_id(graph, f"{place.name} ({other})")
    graph.add_node(half, x=float(mx), y=float(my), role="junction", name="", country=other)
    for u, v, k, d in [e for e in edges if e[3]["segment_id"] in moving]:
        graph.remove_edge(u, v, k)
        attrs = dict(d)
        line = d.get("geometry")
        if isinstance(line, LineString):
            coords = list(line.coords)
            # drawn on at each end at the node (both for a loop)
            coords = [(mx, my), *coords] if u == node else coords
            attrs["geometry"] = LineString([*coords, (mx, my)] if v == node else coords)
        graph.add_edge(half if u == node else u, half if v == node else v, **attrs)
    post = _new_node_id(graph, place.name)
    dist_km = float(_GEOD.inv(place.lon, place.lat, px, py)[2]) / 1000.0
    graph.add_node(post, x=float(px), y=float(py), **_place_attrs(place, dist_km))
    seg_id = f"crossing:{place.name}"
    ends = {node: (x, y), post: (float(px), float(py)), half: (float(mx), float(my))}
    for a, b, piece, iso in ((node, post, "#1", stay), (post, half, "#2", other)):
        for u, v in ((a, b), (b, a)):
            attrs = {**template, "segment_id": seg_id + piece, "country": iso, "osmid": [],
                     "ref": "", "name": "", "corridors": [], "capacity_trucks_per_day": capacity,
                     "speed_kph": speed, "length_km": _CROSSING_KM / 2,
                     "travel_time_h": _CROSSING_KM / 2 / speed if speed > 0 else math.inf,
                     "geometry": LineString([ends[u], ends[v]])}  # fmt: skip
            graph.add_edge(u, v, **attrs)
    _mark_border_crossings(graph, ends)
    return Placement(place.name, "border crossing", dist_km, post, seg_id)
