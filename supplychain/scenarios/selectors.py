"""Selectors: pick road segments (and border posts) of a network, with a reason for each.

Every selector is a pure function of a network (a ``MultiDiGraph`` in the project schema) that
returns a ``dict`` mapping each selected ``segment_id`` (or node name) to a one-line
explanation of why it was selected. Unknown ids, places, road numbers or corridors raise
:class:`~supplychain.errors.ParameterError` naming the item and the values the network has.

Selectors
---------
:func:`select_segments`
    By ``segment_id``.
:func:`select_ref`
    By road number (``RN1``), optionally between two named places along that road.
:func:`select_corridor`
    By corridor name (edge attribute ``corridors``).
:func:`select_border_posts`
    Border-post nodes by name (a node selector).
:func:`select_unposted`
    The roads into the demand country that pass no border post.
:func:`select_bbox`, :func:`select_polygon`, :func:`select_polygon_file`, :func:`select_near`
    By area: a lon/lat box, a polygon (or a GeoJSON file), or within a distance of a place.

Distances are WGS84 geodesics (pyproj ``Geod``) from the point to the nearest point of the line,
found in the project's azimuthal equidistant projection (lines densified to about 1 km first).
A segment without ``geometry`` is the straight line (in lon/lat, as for shapely and GeoJSON)
between its end nodes.

Over 500 lines on purpose: one short function per way of selecting (with its docstring and
example) over one shared segment index and geometry helpers; they are read side by side.
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import math
import numbers
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import networkx as nx
import numpy as np
import numpy.typing as npt
import shapely
from pyproj import Geod
from shapely.geometry import LineString, box, shape
from shapely.geometry.base import BaseGeometry

from supplychain._json import loads as load_json
from supplychain._names import suggest
from supplychain._paths import as_path
from supplychain._toml import refuse_not_a_file
from supplychain.errors import ArgumentTypeError, DataFileError, ParameterError
from supplychain.networks.geo import lat_lon_text, metric_transformers
from supplychain.networks.schema import LAT_RANGE, LON_RANGE

__all__ = [
    "ref_codes",
    "segment_geometries",
    "select_bbox",
    "select_border_posts",
    "select_corridor",
    "select_near",
    "select_polygon",
    "select_polygon_file",
    "select_ref",
    "select_segments",
    "select_unposted",
]

logger = logging.getLogger(__name__)


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _on_a_network(func: Callable[Concatenate[nx.MultiDiGraph, _P], _R]) -> Callable[Concatenate[nx.MultiDiGraph, _P], _R]:
    """Refuse a selector's ``graph`` that is not a network before it is read (fuzz33: None met
    an AttributeError in the segments' geometries)."""

    @functools.wraps(func)
    def checked(graph: nx.MultiDiGraph, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        if not isinstance(graph, nx.MultiDiGraph):
            raise ArgumentTypeError(f"graph is a {type(graph).__name__}, not a networkx.MultiDiGraph; give "
                                    "supplychain.networks.build_network() or load_network(path)")  # fmt: skip
        return func(graph, *args, **kwargs)

    return checked


def _check_text(name: str, value: object) -> None:
    """Refuse a name given in code that is not a string (None met an AttributeError or a
    TypeError in the close-name suggestions: fuzz33)."""
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{name} = {value!r}: give a string, e.g. {name}='RN1'" if name == "ref"
                                else f"{name} = {value!r}: give a name (a string)")  # fmt: skip



def ref_codes(ref: str) -> set[str]:
    """The road numbers in a ``ref`` attribute (``"N1;RN1"`` holds two), upper-cased.

    Parameters
    ----------
    ref : str
        The edge attribute, ``;``-separated as in OSM.

    Returns
    -------
    set of str

    Examples
    --------
    >>> sorted(ref_codes("N1; rn1"))
    ['N1', 'RN1']
    >>> ref_codes("")
    set()
    """
    return {part.strip().upper() for part in str(ref).split(";") if part.strip()}


@_on_a_network
def segment_geometries(graph: nx.MultiDiGraph) -> dict[str, LineString]:
    """One WGS84 line per ``segment_id``: its ``geometry``, or the straight end-to-end line.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        Edges with ``segment_id`` (and optionally ``geometry``); nodes with ``x``/``y``.

    Returns
    -------
    dict of str to shapely.LineString

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node(1, x=-8.0, y=12.6); g.add_node(2, x=-7.5, y=12.6)
    >>> g.add_edge(1, 2, segment_id="a")
    0
    >>> segment_geometries(g)["a"].wkt
    'LINESTRING (-8 12.6, -7.5 12.6)'
    """
    lines: dict[str, LineString] = {}
    for u, v, data in graph.edges(data=True):
        sid = data["segment_id"]
        geom = data.get("geometry")
        if geom is not None:
            # A geometry beats the straight line of a direction seen earlier.
            lines[sid] = geom
        elif sid not in lines:
            a, b = graph.nodes[u], graph.nodes[v]
            lines[sid] = LineString([(a["x"], a["y"]), (b["x"], b["y"])])
    return lines


def _segment_ids(graph: nx.MultiDiGraph) -> set[str]:
    return {data["segment_id"] for _, _, data in graph.edges(data=True)}


def _named_nodes(graph: nx.MultiDiGraph) -> dict[str, Any]:
    return {data["name"]: n for n, data in graph.nodes(data=True) if data.get("name")}


def _node_named(graph: nx.MultiDiGraph, name: str) -> Any:
    nodes = _named_nodes(graph)
    if name not in nodes:
        raise ParameterError(
            f"Place {name!r} is not a named node of the network; {suggest(name, nodes, 'places')}"
        )
    return nodes[name]


#: Vertex spacing (degrees, about 1 km) before projecting: a line is straight in lon/lat.
_DENSIFY_DEG = 0.01
#: Metric pre-filter slack: the projection's scale error stays below 4 % within 3,000 km.
_PREFILTER_FACTOR, _PREFILTER_SLACK_M = 1.05, 500.0
_GEOD = Geod(ellps="WGS84")
#: Missing segment ids named in one message; the others are counted ("and 12 more").
_LISTED = 5


def _metric(geoms: Any, inverse: bool = False) -> npt.NDArray[Any]:
    fwd, inv = metric_transformers()
    tr = inv if inverse else fwd

    def apply(xy: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.column_stack(tr.transform(xy[:, 0], xy[:, 1]))

    return np.asarray(shapely.transform(geoms, apply), dtype=object)


class _SegmentIndex:
    """Segment lines with a spatial index, for 'within R km of a point' queries.

    Candidates come from a metric projection (the project's azimuthal equidistant one); the
    reported distance is the WGS84 geodesic from the point to the nearest point of the line.
    """

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        lines = segment_geometries(graph)
        self.ids = list(lines)
        dense = shapely.segmentize(np.asarray([lines[s] for s in self.ids], dtype=object),
                                   _DENSIFY_DEG)  # fmt: skip
        self.metric = _metric(dense)
        self.tree = shapely.STRtree(self.metric)

    def within(self, lon: float, lat: float, radius_km: float) -> dict[str, float]:
        """Segment id to distance in km for every segment within ``radius_km`` of the point."""
        return self.within_many([lon], [lat], radius_km)[0]

    def within_many(
        self, lons: Sequence[float], lats: Sequence[float], radius_km: float
    ) -> list[dict[str, float]]:
        """:meth:`within` for many points at once (vectorised)."""
        found: list[dict[str, float]] = [{} for _ in lons]
        if not len(lons) or not self.ids:
            return found
        x, y = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
        points = _metric(shapely.points(x, y))
        reach = radius_km * 1000.0 * _PREFILTER_FACTOR + _PREFILTER_SLACK_M
        pt_idx, line_idx = self.tree.query(points, predicate="dwithin", distance=reach)
        if len(pt_idx) == 0:
            return found
        link = shapely.shortest_line(points[pt_idx], self.metric[line_idx])
        nearest = shapely.get_coordinates(_metric(shapely.get_point(link, 1), inverse=True))
        _, _, metres = _GEOD.inv(x[pt_idx], y[pt_idx], nearest[:, 0], nearest[:, 1])
        for k, i, m in zip(pt_idx, line_idx, np.atleast_1d(metres), strict=True):
            if m <= radius_km * 1000.0:
                found[k][self.ids[i]] = float(m) / 1000.0
        return found


# --------------------------------------------------------------------------------------------
# Selectors
# --------------------------------------------------------------------------------------------


@_on_a_network
def select_segments(graph: nx.MultiDiGraph, segment_ids: Iterable[str]) -> dict[str, str]:
    """Select segments by id.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    segment_ids : iterable of str

    Returns
    -------
    dict of str to str
        Segment id to explanation.

    Raises
    ------
    ParameterError
        Naming every id the network does not have (with close matches).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge(1, 2, segment_id="RN1:A-B")
    0
    >>> select_segments(g, ["RN1:A-B"])
    {'RN1:A-B': 'segment RN1:A-B'}
    """
    known = _segment_ids(graph)
    ids = list(segment_ids)
    missing = [s for s in ids if s not in known]
    if missing:
        # A near miss gets its suggestion; the rest share one list of known segments, so a
        # scenario written for another network gives one readable line, not one list per id.
        near = {s: suggest(s, known, "segments") for s in missing}
        problems = [f"segment {s!r} is not in the network; {hint}" for s, hint in near.items()
                    if hint.startswith("did you mean")]  # fmt: skip
        far = [s for s, hint in near.items() if not hint.startswith("did you mean")]
        if len(far) == 1:
            problems.append(f"segment {far[0]!r} is not in the network; {near[far[0]]}")
        elif far:
            listed = ", ".join(map(repr, far[:_LISTED]))
            more = f" and {len(far) - _LISTED} more" if len(far) > _LISTED else ""
            problems.append(f"segments {listed}{more} are not in the network; "
                            f"{near[far[0]]}")  # fmt: skip
        raise ParameterError("; ".join(problems))
    return {s: f"segment {s}" for s in ids}


@_on_a_network
def select_ref(
    graph: nx.MultiDiGraph, ref: str, *, between: tuple[str, str] | None = None
) -> dict[str, str]:
    """Select the segments of one road number, optionally only between two named places.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    ref : str
        Road number, e.g. ``"RN1"``; matches an edge whose ``ref`` lists it (``"N1;RN1"``),
        case-insensitively.
    between : (str, str), optional
        Keyword-only. Two node names; only the segments on the shortest path (by ``length_km``) between them
        that uses this road only are selected.

    Returns
    -------
    dict of str to str
        Segment id to explanation.

    Raises
    ------
    ParameterError
        If no segment carries the road number, a place is not on the network or not on the
        road, or the road does not join the two places.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for n, x in enumerate([-11.4, -10.7, -9.2]):
    ...     g.add_node(n, x=x, y=14.5, name=["Kayes", "Sandaré", "Diéma"][n])
    >>> _ = g.add_edge(0, 1, segment_id="RN1:Kayes-Sandaré", ref="RN1", length_km=76.0)
    >>> _ = g.add_edge(1, 2, segment_id="RN1:Sandaré-Diéma", ref="N1;RN1", length_km=160.0)
    >>> sorted(select_ref(g, "RN1", between=("Kayes", "Diéma")))
    ['RN1:Kayes-Sandaré', 'RN1:Sandaré-Diéma']
    >>> select_ref(g, "rn1", between=("Kayes", "Sandaré"))
    {'RN1:Kayes-Sandaré': 'road RN1 between Kayes and Sandaré'}
    """
    _check_text("ref", ref)
    code = ref.strip().upper()
    edges = [
        (u, v, k)
        for u, v, k, data in graph.edges(keys=True, data=True)
        if code in ref_codes(data.get("ref", ""))
    ]
    if not edges:
        refs = {c for _, _, d in graph.edges(data=True) for c in ref_codes(d.get("ref", ""))}
        # A layer without road numbers (most GIS layers: no `ref` column, or one under another
        # name) is the common case on real data: say so and how to select instead.
        none = ("the network has no road numbers (no segment has a 'ref'): select by 'near', "
                "'bbox' or 'polygon', or 'segments' rules instead, or map the layer's road-number "
                "column with --map ref=COLUMN at 'supplychain network build'")
        raise ParameterError(
            f"Road {ref!r} is not in the network; {suggest(code, refs, 'roads', none=none)}"
        )
    if between is None:
        return {graph.edges[e]["segment_id"]: f"road {code}" for e in edges}
    road = graph.edge_subgraph(edges).to_undirected(as_view=True)
    ends = []
    for name in between:
        node = _node_named(graph, name)
        if node not in road:
            on_road = sorted(str(road.nodes[n]["name"]) for n in road if road.nodes[n].get("name"))
            raise ParameterError(
                f"Place {name!r} is not on road {code}; named places on {code}: "
                f"{', '.join(on_road) or 'none'}"
            )
        ends.append(node)
    try:
        path = nx.shortest_path(road, ends[0], ends[1], weight="length_km")
    except nx.NetworkXNoPath:
        raise ParameterError(
            f"Road {code} does not join {between[0]!r} and {between[1]!r} in this network; "
            "select the segments by id or by corridor instead"
        ) from None
    why = f"road {code} between {between[0]} and {between[1]}"
    selected: dict[str, str] = {}
    for u, v in itertools.pairwise(path):
        data = min(road[u][v].values(), key=lambda d: float(d.get("length_km", 0.0)))
        selected[data["segment_id"]] = why
    return selected


@_on_a_network
def select_corridor(graph: nx.MultiDiGraph, corridor: str) -> dict[str, str]:
    """Select the segments labelled with a corridor (edge attribute ``corridors``).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    corridor : str
        Corridor name from ``models/corridors.toml`` (e.g. ``"Abidjan-Bamako"``).

    Returns
    -------
    dict of str to str

    Raises
    ------
    ParameterError
        If no segment carries the corridor (listing the corridors the network has).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge(1, 2, segment_id="a", corridors=["Abidjan-Bamako"])
    >>> _ = g.add_edge(2, 3, segment_id="b", corridors=[])
    >>> select_corridor(g, "Abidjan-Bamako")
    {'a': 'corridor Abidjan-Bamako'}
    """
    _check_text("corridor", corridor)
    selected = {
        data["segment_id"]: f"corridor {corridor}"
        for _, _, data in graph.edges(data=True)
        if corridor in data.get("corridors", ())
    }
    if not selected:
        known = {c for _, _, d in graph.edges(data=True) for c in d.get("corridors", ())}
        raise ParameterError(
            f"Corridor {corridor!r} labels no segment of the network; "
            f"{suggest(corridor, known, 'corridors')}"
        )
    return selected


@_on_a_network
def select_border_posts(graph: nx.MultiDiGraph, names: Iterable[str]) -> dict[str, str]:
    """Select border-post nodes (``role == "border"``) by name.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    names : iterable of str

    Returns
    -------
    dict of str to str
        Node name to explanation.

    Raises
    ------
    ParameterError
        Naming every name that is not a border post of the network.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node(1, name="Gogui border", role="border"); g.add_node(2, name="Kayes", role="city")
    >>> select_border_posts(g, ["Gogui border"])
    {'Gogui border': 'border post Gogui border'}
    """
    posts = {d["name"] for _, d in graph.nodes(data=True) if d.get("role") == "border"}
    wanted = list(names)
    problems = [
        f"{n!r} is not a border post of the network; {suggest(n, posts, 'border posts')}"
        for n in wanted
        if n not in posts
    ]
    if problems:
        raise ParameterError("; ".join(problems))
    return {n: f"border post {n}" for n in wanted}


@_on_a_network
def select_unposted(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Select the roads into the demand country (Mali) that pass no border post.

    They are :func:`~supplychain.networks.borders.unposted_entries`: on an imported layer, the
    roads across the border away from the posts of ``models/places.toml``, on which fuel skips
    the posts' capacities and waits. Closing them sends fuel through the posts. A network
    without any selects nothing (the embedded one).

    Parameters
    ----------
    graph : networkx.MultiDiGraph

    Returns
    -------
    dict of str to str
        Segment id to explanation.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", country="SEN", supply_m3_per_day=10.0, x=-12.0, y=14.0)
    >>> g.add_node("C", country="MLI", demand_m3_per_day=5.0, x=-11.0, y=14.0)
    >>> for u, v in (("P", "C"), ("C", "P")):
    ...     _ = g.add_edge(u, v, segment_id="R:P-C")
    >>> select_unposted(g)
    {'R:P-C': 'road into MLI from SEN that passes no border post (its end at 14.00N 11.00W)'}
    """
    from supplychain.networks.borders import unposted_entries

    return {e.segment_id: (f"road into {e.to_country} from {e.from_country} that passes no border "
                           f"post (its end at {lat_lon_text(e.lat, e.lon)})")
            for e in unposted_entries(graph)}  # fmt: skip


def _check_bbox(bbox: Sequence[float]) -> tuple[float, float, float, float]:
    if len(bbox) != 4:
        raise ParameterError(
            f"bbox {list(bbox)!r} must have 4 numbers [min_lon, min_lat, max_lon, max_lat]"
        )
    try:
        min_lon, min_lat, max_lon, max_lat = (float(v) for v in bbox)
    except OverflowError:  # an integer past any float: "unexpected OverflowError" (fuzz29)
        min_lon = min_lat = max_lon = max_lat = math.nan
    if not (-180 <= min_lon < max_lon <= 180 and -90 <= min_lat < max_lat <= 90):
        raise ParameterError(
            f"bbox {list(bbox)!r} is not [min_lon, min_lat, max_lon, max_lat] with "
            "min < max, longitudes in -180..180 and latitudes in -90..90"
        )
    return min_lon, min_lat, max_lon, max_lat


@_on_a_network
def select_polygon(graph: nx.MultiDiGraph, area: BaseGeometry, label: str) -> dict[str, str]:
    """Select the segments whose line touches an area (WGS84 lon/lat geometry).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    area : shapely geometry
        Polygon(s) in WGS84 degrees.
    label : str
        How the explanation names the area.

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> from shapely.geometry import box
    >>> g = nx.MultiDiGraph()
    >>> g.add_node(1, x=-8.0, y=12.6); g.add_node(2, x=-7.0, y=12.6)
    >>> _ = g.add_edge(1, 2, segment_id="a")
    >>> select_polygon(g, box(-7.5, 12.0, -7.4, 13.0), "a box")
    {'a': 'crosses a box'}
    """
    lines = segment_geometries(graph)
    ids = list(lines)
    hits = shapely.intersects(np.asarray([lines[s] for s in ids], dtype=object), area)
    return {s: f"crosses {label}" for s, hit in zip(ids, hits, strict=True) if hit}


@_on_a_network
def select_bbox(graph: nx.MultiDiGraph, bbox: Sequence[float]) -> dict[str, str]:
    """Select the segments whose line enters a lon/lat box.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    bbox : sequence of 4 floats
        ``[min_lon, min_lat, max_lon, max_lat]`` in WGS84 degrees.

    Returns
    -------
    dict of str to str

    Raises
    ------
    ParameterError
        If the box is malformed.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node(1, x=-8.0, y=12.6); g.add_node(2, x=-7.0, y=12.6)
    >>> _ = g.add_edge(1, 2, segment_id="a")
    >>> select_bbox(g, [-7.5, 12.5, -7.4, 12.7])
    {'a': 'crosses bbox [-7.5, 12.5, -7.4, 12.7]'}
    """
    b = _check_bbox(bbox)
    return select_polygon(graph, box(*b), f"bbox [{', '.join(f'{v:g}' for v in b)}]")


def _bad_position(coordinates: Any) -> list[Any] | None:
    """The first position of GeoJSON ``coordinates`` (nested lists of ``[lon, lat]``) that is not
    finite WGS84 degrees, or None: a NaN ended in "unexpected GEOSException", 1e308 in numpy
    overflow warnings and an area matching nothing. Other malformations are left to
    :func:`shapely.geometry.shape`.

    >>> _bad_position([[[-9, 12], [-7, 12], [-7, 13], [-9, 12]]]) is None
    True
    >>> _bad_position([[[-9, 12], [200, 12], [-9, 12]]])
    [200, 12]
    """
    if not isinstance(coordinates, list):
        return None
    numbers = [c for c in coordinates[:2] if isinstance(c, int | float) and not isinstance(c, bool)]
    if len(numbers) == 2 and len(coordinates) >= 2:  # a position
        lon, lat = numbers  # compared as given: float() of a 400-digit integer overflowed (fuzz29)
        ok = LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]  # NaN: False
        return None if ok else coordinates
    for part in coordinates:
        if (bad := _bad_position(part)) is not None:
            return bad
    return None


def _read_polygon(path: Path) -> BaseGeometry:
    refuse_not_a_file(path, f"GeoJSON file '{path}'")
    try:
        # A byte-order mark (Notepad's "UTF-8 with BOM") is read past, as in TOML and CSV files:
        # "Unexpected UTF-8 BOM (decode using utf-8-sig)" (fuzz29).
        data = load_json(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise DataFileError(f"GeoJSON file '{path}' does not exist; check the path.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataFileError(f"File '{path}' is not readable GeoJSON: {exc}.") from None
    except RecursionError:  # "unexpected RecursionError" before 2026-12-05
        raise DataFileError(f"File '{path}' is not readable GeoJSON: nested too deeply (lists within "
                            "each other); check that it is the polygon file meant.") from None
    if not isinstance(data, dict):
        raise DataFileError(f"File '{path}' is not a GeoJSON object.")
    _check_crs(data, path)
    items: list[Any]
    if data.get("type") == "FeatureCollection":
        features = data.get("features", [])
        if not isinstance(features, list):  # `"features": 5` raised TypeError
            raise DataFileError(f"GeoJSON file '{path}' has 'features' = {features!r:.40}, not a list of "
                                "features; give [{\"type\": \"Feature\", \"geometry\": {...}}, ...]")
        items = [f.get("geometry") for f in features if isinstance(f, dict)]
    elif data.get("type") == "Feature":
        items = [data.get("geometry")]
    else:
        items = [data]
    polygons = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or item.get("type") not in ("Polygon", "MultiPolygon"):
            kind = item.get("type") if isinstance(item, dict) else item
            raise DataFileError(
                f"GeoJSON file '{path}' geometry {i} is {kind!r}; expected Polygon or "
                "MultiPolygon in WGS84 lon/lat"
            )
        if (bad := _bad_position(item.get("coordinates"))) is not None:
            raise DataFileError(
                f"GeoJSON file '{path}' geometry {i} has the position {bad!r}; give WGS84 longitude "
                f"{LON_RANGE[0]:g}..{LON_RANGE[1]:g} and latitude {LAT_RANGE[0]:g}..{LAT_RANGE[1]:g} "
                "(in that order, in degrees)"
            )
        try:
            polygons.append(shape(item))
        except (ValueError, TypeError, KeyError, IndexError, shapely.errors.GEOSException) as exc:
            raise DataFileError(
                f"GeoJSON file '{path}' geometry {i} is malformed ({exc}); expected Polygon "
                "coordinates as [[[lon, lat], ...]]"
            ) from None
        if polygons[-1].is_empty:  # "coordinates": []: "selects nothing on this network" (fuzz29)
            raise DataFileError(
                f"GeoJSON file '{path}' geometry {i} is an empty {item['type']} (no coordinates); give "
                "its rings of [lon, lat] positions"
            )
    if not polygons:
        raise DataFileError(f"GeoJSON file '{path}' holds no polygon; add a Polygon feature.")
    # A ring that crosses itself (a "bowtie") was mended without a word; the mended area is
    # the two loops, which may not be the area meant (fuzz30's list).
    # Each polygon of a MultiPolygon on its own: parts that overlap or nest are read as their
    # union, as before, without a word (make_valid of the whole MultiPolygon read their common
    # area as a hole: a part nested in another cut it out of the area).
    parts = [list(getattr(p, "geoms", [p])) for p in polygons]
    invalid = [(i, "; ".join(shapely.is_valid_reason(q) for q in qs if not q.is_valid))
               for i, qs in enumerate(parts) if not all(q.is_valid for q in qs)]  # fmt: skip
    if invalid:
        which = "; ".join(f"geometry {i} ({reason})" for i, reason in invalid)
        logger.warning("GeoJSON file '%s': %s not a valid polygon: %s; read as the valid parts of its "
                       "rings (shapely.make_valid): check that the area is the one meant", path,
                       "one geometry is" if len(invalid) == 1 else f"{len(invalid)} geometries are", which)
    area = shapely.union_all([q if q.is_valid else shapely.make_valid(q) for qs in parts for q in qs])
    if not area.is_valid:
        area = shapely.make_valid(area)
    return area


#: How a GeoJSON file's (obsolete, 2008) ``crs`` member may name WGS84 longitude/latitude, in
#: lower case: ``CRS84`` as an OGC name, URN or URL, ``EPSG:4326`` as a code, URN (with or without
#: the registry's version: ``urn:ogc:def:crs:EPSG:6.6:4326``) or URL
#: (``http://www.opengis.net/def/crs/EPSG/0/4326``, ``.../ref/epsg/4326/``), or ``WGS 84``.
_WGS84_NAME = re.compile(r"(?:^|[:/])(?:crs:?84|epsg(?::[\d.]*:|:|/(?:\d+/)?)4326)/?$|^wgs ?84$")


def _check_crs(data: dict[str, Any], path: Path) -> None:
    """Refuse a GeoJSON ``crs`` member naming other coordinates than WGS84 longitude/latitude.

    RFC 7946 dropped ``crs``: positions are WGS84 degrees. A file exported with ``"crs":
    {"type": "name", "properties": {"name": "EPSG:32629"}}`` and small enough numbers was
    read as degrees without a word (fuzz30's list). The member is looked for where GeoJSON 2008
    allowed it: on the file's object, on each feature and on each feature's geometry (those two
    were not looked at, review31). An empty member (``{}``, ``null``, ``""``, ``[]``) names
    nothing and is read past; a bare string (``"crs": "EPSG:4326"``, not GeoJSON 2008 but written by hand) is read
    as a name.

    Raises
    ------
    DataFileError
        Naming the file and its ``crs``.
    """
    holders: list[Any] = [data]
    if isinstance(data.get("features"), list):
        holders += [f for f in data["features"] if isinstance(f, dict)]
    holders += [h.get("geometry") for h in list(holders) if isinstance(h, dict) and h.get("type") == "Feature"]
    for holder in holders:
        crs = holder.get("crs") if isinstance(holder, dict) else None
        # Empty in any form names nothing: `"crs": ""` and `[]` were refused as naming another
        # system, `{}` read past (review32).
        if crs is None or crs in ({}, []) or (isinstance(crs, str) and not crs.strip()) or _names_wgs84(crs):
            continue
        raise DataFileError(f"GeoJSON file '{path}' has the crs {json.dumps(crs)[:120]}; give its polygons "
                            "in WGS84 longitude/latitude (RFC 7946: no crs member, or the name "
                            "'urn:ogc:def:crs:OGC:1.3:CRS84'); e.g. `ogr2ogr -t_srs EPSG:4326 out.geojson "
                            "in.geojson`")  # fmt: skip


def _names_wgs84(crs: Any) -> bool:
    """Whether a GeoJSON ``crs`` member names WGS84 longitude/latitude (:data:`_WGS84_NAME`).

    Examples
    --------
    >>> _names_wgs84({"type": "name", "properties": {"name": "EPSG:4326"}}), _names_wgs84("EPSG:32629")
    (True, False)
    """
    if isinstance(crs, str):
        names: list[Any] = [crs]
    else:
        props = crs.get("properties") if isinstance(crs, dict) else None
        props = props if isinstance(props, dict) else {}
        # A name ("type": "name"), a link's href ("type": "link") or, in GeoJSON's drafts before
        # 2008 (GeoServer wrote it), an EPSG code ("type": "EPSG", "properties": {"code": 4326}).
        names = [props.get("name"), props.get("href"), f"epsg:{props['code']}" if "code" in props else None]
    return any(isinstance(n, str) and _WGS84_NAME.search(n.strip().lower()) is not None for n in names)


@_on_a_network
def select_polygon_file(graph: nx.MultiDiGraph, path: str | Path) -> dict[str, str]:
    """Select the segments whose line enters the polygon(s) of a GeoJSON file.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    path : str or Path
        GeoJSON (RFC 7946, WGS84) Polygon/MultiPolygon geometry, Feature or FeatureCollection.

    Returns
    -------
    dict of str to str

    Raises
    ------
    DataFileError
        If the file is missing, not JSON, or holds something other than polygons.

    Examples
    --------
    >>> import tempfile, json
    >>> g = nx.MultiDiGraph()
    >>> g.add_node(1, x=-8.0, y=12.6); g.add_node(2, x=-7.0, y=12.6)
    >>> _ = g.add_edge(1, 2, segment_id="a")
    >>> poly = {"type": "Polygon", "coordinates": [[[-7.6, 12], [-7.4, 12], [-7.4, 13], [-7.6, 12]]]}
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d) / "area.geojson"
    ...     _ = p.write_text(json.dumps(poly))
    ...     select_polygon_file(g, p)
    {'a': "crosses polygon 'area.geojson'"}
    """
    path = as_path(path)
    return select_polygon(graph, _read_polygon(path), f"polygon '{path.name}'")


@_on_a_network
def select_near(graph: nx.MultiDiGraph, place: str, radius_km: float) -> dict[str, str]:
    """Select the segments that come within ``radius_km`` of a named place.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    place : str
        A node name (port, border post, city or named junction).
    radius_km : float
        Distance in km (geodesic, to a fraction of a percent).

    Returns
    -------
    dict of str to str
        Segment id to explanation with the distance.

    Raises
    ------
    ParameterError
        If the place is unknown or the radius negative.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node(1, x=-7.48, y=11.42, name="Bougouni"); g.add_node(2, x=-7.0, y=11.42)
    >>> g.add_node(3, x=-6.0, y=11.42)
    >>> _ = g.add_edge(1, 2, segment_id="a"); _ = g.add_edge(2, 3, segment_id="b")
    >>> select_near(g, "Bougouni", 20)
    {'a': '0.0 km from Bougouni (within the 20 km radius)'}
    """
    _check_text("place", place)
    if isinstance(radius_km, bool) or not isinstance(radius_km, numbers.Real):  # None: a bare TypeError
        raise ArgumentTypeError(f"radius_km = {radius_km!r}: give a number of km, 0 or more")
    if not radius_km >= 0:
        raise ParameterError(f"radius_km {radius_km!r} must be a number >= 0")
    node = graph.nodes[_node_named(graph, place)]
    hits = _SegmentIndex(graph).within(float(node["x"]), float(node["y"]), radius_km)
    return {
        s: f"{d:.1f} km from {place} (within the {radius_km:g} km radius)"
        for s, d in sorted(hits.items(), key=lambda kv: kv[1])
    }
