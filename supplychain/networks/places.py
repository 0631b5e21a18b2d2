"""Places and corridors: defined once in ``models/`` and snapped onto any network.

Places are the ports and depots where tankers load, the border posts and the demand cities.
Corridors are named chains of waypoints (port to Bamako) used to clip OSM data to a buffer
and to label each segment with the corridors it serves. One mechanism serves every source:
no role is hard-wired in a network file.
"""

from __future__ import annotations

import enum
import itertools
import logging
import math
import numbers
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import networkx as nx
import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import LineString, MultiLineString
from shapely.geometry.base import BaseGeometry

from supplychain._paths import MODELS_DIR, as_path
from supplychain._toml import Checker, one_line_problem, padded_problem, read_toml
from supplychain.errors import ArgumentError, ArgumentTypeError, ConnectivityError, ParameterError
from supplychain.networks.geo import buffer_km, haversine_km
from supplychain.networks.schema import LAT_RANGE, LON_RANGE, check_network_argument

__all__ = [
    "DEFAULT_CORRIDORS_PATH",
    "DEFAULT_PLACES_PATH",
    "HUB",
    "LOOK_UP",
    "PLACE_ROLES",
    "Corridor",
    "Place",
    "SnapResult",
    "assign_corridors",
    "corridor_buffer",
    "hub_node",
    "load_corridors",
    "load_places",
    "snap_places",
]

logger = logging.getLogger(__name__)

#: Places file shipped with the project.
DEFAULT_PLACES_PATH: Path = MODELS_DIR / "places.toml"
#: Corridor skeleton shipped with the project.
DEFAULT_CORRIDORS_PATH: Path = MODELS_DIR / "corridors.toml"
#: The place every port must reach.
HUB = "Bamako"
#: Roles a place can take.
PLACE_ROLES: tuple[str, ...] = ("port", "depot", "border", "city")


class _Unresolved(enum.Enum):
    """The type of :data:`LOOK_UP`."""

    LOOK_UP = "look the hub node up"


#: Default of a ``hub`` keyword: the hub node is not known yet, :func:`hub_node` looks it up.
#: A caller that has looked it up passes it on instead (a node id, or None when there is none).
LOOK_UP: Final = _Unresolved.LOOK_UP


def hub_node(graph: nx.MultiDiGraph, *, hub: Hashable | None = LOOK_UP) -> Hashable | None:
    """The hub's node (the first node named :data:`HUB`), looked up only when not given.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A network whose nodes may have a ``name``.
    hub : node id or None, optional
        The hub node as a caller looked it up already (None: the network has none); returned
        as it is. Default :data:`LOOK_UP`: look it up in ``graph``.

    Returns
    -------
    node id or None
        None when no node is named :data:`HUB`.

    Raises
    ------
    ArgumentError
        If ``hub`` is given and is not a node of ``graph`` (a place's name for its node id).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node(7, name="Bamako")
    >>> hub_node(g), hub_node(g, hub=None), hub_node(nx.MultiDiGraph())
    (7, None, None)
    """
    if hub is not LOOK_UP:
        # A hub that is no node (its name for its id) met a KeyError deep in the max flow
        # (run_scenario(..., hub="Bamako"): fuzz33); a dict lookup, so one per command still.
        if hub is not None and hub not in graph:
            raise ArgumentError(f"hub = {hub!r} is not a node of the network; give a node id "
                                "(hub_node(graph) finds the node named Bamako), or None for no hub")  # fmt: skip
        return hub
    return _find_hub(graph)


def _find_hub(graph: nx.MultiDiGraph) -> Hashable | None:
    """The first node named :data:`HUB` (a pass over every node), or None."""
    return next((n for n, name in graph.nodes(data="name") if name == HUB), None)

_PLACE_KEYS = {
    "name", "role", "country", "lat", "lon",
    "supply_m3_per_day", "demand_m3_per_day", "capacity_trucks_per_day",
}  # fmt: skip


@dataclass(frozen=True)
class Place:
    """A named place snapped onto the network.

    Parameters
    ----------
    name : str
        Unique name (e.g. ``"Kidira-Diboli border"``).
    role : {"port", "depot", "border", "city"}
        What the place does in the supply chain.
    country : str
        ISO3 code.
    lat, lon : float
        WGS84 coordinates.
    supply_m3_per_day, demand_m3_per_day, capacity_trucks_per_day : float or None
        Fuel a loading point can supply, a city consumes, trucks a post or loading point handles.

    Examples
    --------
    >>> Place("Bamako", "city", "MLI", 12.64, -8.0).role
    'city'
    """

    name: str
    role: str
    country: str
    lat: float
    lon: float
    supply_m3_per_day: float | None = None
    demand_m3_per_day: float | None = None
    capacity_trucks_per_day: float | None = None


@dataclass(frozen=True)
class Corridor:
    """A named corridor: an ordered chain of waypoints from a port to Bamako.

    Parameters
    ----------
    name : str
        Corridor name (``"Dakar-Bamako via Kayes"``).
    waypoints : tuple of (str, float, float)
        ``(name, lat, lon)`` in travel order.

    Examples
    --------
    >>> Corridor("x", (("A", 0.0, 0.0), ("B", 0.0, 1.0))).line.length
    1.0
    """

    name: str
    waypoints: tuple[tuple[str, float, float], ...]

    @property
    def line(self) -> LineString:
        """The waypoint chain as a WGS84 line (lon, lat).

        Returns
        -------
        shapely.geometry.LineString
            One vertex per waypoint, in travel order, x = longitude and y = latitude
            (degrees; its ``length`` is in degrees, not km).
        """
        return LineString([(lon, lat) for _, lat, lon in self.waypoints])


def load_places(path: str | Path | None = None) -> list[Place]:
    """Read and validate a places file.

    Parameters
    ----------
    path : str or Path, optional
        TOML file with ``[[place]]`` tables; default ``models/places.toml``.

    Returns
    -------
    list of Place

    Raises
    ------
    DataFileError
        If the file is missing or not TOML.
    ParameterError
        Listing every unknown key, bad value and duplicate name.

    Examples
    --------
    >>> any(p.name == "Bamako" for p in load_places())
    True
    """
    path = as_path(path) if path is not None else DEFAULT_PLACES_PATH
    data = read_toml(path)
    chk = Checker(path)
    chk.unknown_keys(data, {"place"}, "")
    entries = data.get("place", [])
    if not isinstance(entries, list) or not entries:
        chk.add("place", "expected one or more [[place]] tables")
        entries = []
    places: list[Place] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        prefix = f"place[{i}]."
        if not isinstance(entry, dict):
            chk.add(f"place[{i}]", "expected a table")
            continue
        chk.unknown_keys(entry, _PLACE_KEYS, prefix)
        name = chk.string(entry, "name", prefix)
        if (broken := one_line_problem(name) or padded_problem(name)) is not None:  # printed in every listing (fuzz29)
            chk.add(f"{prefix}name", broken)
            name = None
        if name is not None:
            prefix = f"place[{i}] ({name})."
            if name in seen:
                chk.add(f"place[{i}].name", f"duplicate place name {name!r}; names must be unique")
            seen.add(name)
        role = chk.string(entry, "role", prefix)
        if role is not None and role not in PLACE_ROLES:
            chk.add(f"{prefix}role", f"{role!r}; expected one of {', '.join(PLACE_ROLES)}")
        country = chk.string(entry, "country", prefix)
        if country is not None and not (len(country) == 3 and country.isupper()):
            chk.add(f"{prefix}country", f"{country!r}; expected an ISO3 code such as 'MLI'")
        lat = chk.number(entry, "lat", prefix, minimum=LAT_RANGE[0], maximum=LAT_RANGE[1], required=True)
        lon = chk.number(entry, "lon", prefix, minimum=LON_RANGE[0], maximum=LON_RANGE[1], required=True)
        supply = chk.number(entry, "supply_m3_per_day", prefix)
        demand = chk.number(entry, "demand_m3_per_day", prefix)
        capacity = chk.number(entry, "capacity_trucks_per_day", prefix)
        # The LP loads at every node with a supply and serves every node with a demand, whatever
        # its role: a port's demand was served as "Tambacounda -> Tambacounda", a city's supply
        # loaded, while the outputs counted demand cities and loading points by role.
        if supply and role is not None and role in PLACE_ROLES and role not in ("port", "depot"):
            chk.add(f"{prefix}supply_m3_per_day", f"a {role} loads no fuel (ports and depots do); drop "
                    'it, or make the place role = "depot"')  # fmt: skip
        if demand and role is not None and role in PLACE_ROLES and role != "city":
            chk.add(f"{prefix}demand_m3_per_day", f"a {role} has no demand served (cities do); drop it, "
                    'or give it to a place of role = "city"')  # fmt: skip
        if None not in (name, role, country, lat, lon):
            places.append(
                Place(str(name), str(role), str(country), float(lat or 0), float(lon or 0),
                      supply, demand, capacity)
            )
    if not chk.problems and not any(p.name == HUB for p in places):
        chk.add("place", f"no place named {HUB!r}; every network needs the hub")
    if chk.problems:
        raise ParameterError(
            f"Places file '{path}' has {len(chk.problems)} problem(s)", problems=chk.problems
        )
    logger.debug("Loaded %d places from %s", len(places), path)
    return places


def load_corridors(path: str | Path | None = None) -> list[Corridor]:
    """Read and validate a corridor skeleton file.

    Parameters
    ----------
    path : str or Path, optional
        TOML file with ``[[corridor]]`` tables (``name``, ``waypoints`` = list of
        ``{name, lat, lon}``); default ``models/corridors.toml``.

    Returns
    -------
    list of Corridor

    Raises
    ------
    DataFileError
        If the file is missing or not TOML.
    ParameterError
        Listing every bad key or value.

    Examples
    --------
    >>> len(load_corridors()) >= 5
    True
    """
    path = as_path(path) if path is not None else DEFAULT_CORRIDORS_PATH
    data = read_toml(path)
    chk = Checker(path)
    chk.unknown_keys(data, {"corridor"}, "")
    corridors: list[Corridor] = []
    seen: set[str] = set()
    entries = data.get("corridor", [])
    if not isinstance(entries, list):  # `corridor = false` raised TypeError; a string was read by letter
        chk.add("corridor", f"{entries!r} is not a list of [[corridor]] tables")
        entries = []
    for i, entry in enumerate(entries):
        prefix = f"corridor[{i}]."
        if not isinstance(entry, dict):
            chk.add(f"corridor[{i}]", "expected a table")
            continue
        chk.unknown_keys(entry, {"name", "waypoints"}, prefix)
        name = chk.string(entry, "name", prefix)
        if (broken := one_line_problem(name) or padded_problem(name)) is not None:
            chk.add(f"{prefix}name", broken)
            name = None
        elif name is not None and name in seen:  # the second's segments were labelled as the first's (fuzz29)
            chk.add(f"{prefix}name", f"duplicate corridor name {name!r}; names must be unique")
        if name is not None:
            seen.add(name)
        raw = entry.get("waypoints")
        if not isinstance(raw, list) or len(raw) < 2:
            chk.add(f"{prefix}waypoints", "expected a list of at least two {name, lat, lon} tables")
            continue
        points: list[tuple[str, float, float]] = []
        for j, wp in enumerate(raw):
            wprefix = f"{prefix}waypoints[{j}]."
            if not isinstance(wp, dict):
                chk.add(f"{prefix}waypoints[{j}]", "expected a {name, lat, lon} table")
                continue
            chk.unknown_keys(wp, {"name", "lat", "lon"}, wprefix)
            wname = chk.string(wp, "name", wprefix)
            if (broken := one_line_problem(wname)) is not None:
                chk.add(f"{wprefix}name", broken)
                wname = None
            lat = chk.number(wp, "lat", wprefix, minimum=LAT_RANGE[0], maximum=LAT_RANGE[1], required=True)
            lon = chk.number(wp, "lon", wprefix, minimum=LON_RANGE[0], maximum=LON_RANGE[1], required=True)
            if wname is not None and lat is not None and lon is not None:
                points.append((wname, lat, lon))
        if name is not None:
            corridors.append(Corridor(name, tuple(points)))
    if chk.problems:
        raise ParameterError(
            f"Corridor file '{path}' has {len(chk.problems)} problem(s)", problems=chk.problems
        )
    return corridors


def corridor_buffer(corridors: list[Corridor], distance_km: float) -> BaseGeometry:
    """The area within ``distance_km`` of any corridor's waypoint chain.

    Parameters
    ----------
    corridors : list of Corridor
    distance_km : float
        Buffer width (e.g. 50 km).

    Returns
    -------
    shapely geometry
        A (multi)polygon in WGS84.

    Examples
    --------
    >>> area = corridor_buffer(load_corridors(), 50)
    >>> from shapely.geometry import Point
    >>> area.contains(Point(-8.0, 12.64))  # Bamako
    True
    """
    lines = MultiLineString([c.line for c in corridors])
    return buffer_km(lines, distance_km)


@dataclass(frozen=True)
class SnapResult:
    """Where each place landed on a network.

    Parameters
    ----------
    matched : dict of str to (node, float)
        Place name to ``(node id, distance_km)``.
    unmatched : dict of str to (node, float)
        Place name to the nearest node and its distance, for places beyond the tolerance.

    Examples
    --------
    >>> SnapResult({}, {}).unmatched
    {}
    """

    matched: dict[str, tuple[Any, float]]
    unmatched: dict[str, tuple[Any, float]]


def _nearest(
    node_ids: list[Any], xs: np.ndarray, ys: np.ndarray, lon: float, lat: float
) -> tuple[Any, float]:
    dist = haversine_km(xs, ys, lon, lat)
    i = int(np.argmin(dist))
    return node_ids[i], float(dist[i])


def _check_tolerance(name: str, value: object, what: str) -> None:
    """Refuse a distance in km that is not a finite number >= 0 (``name`` = ``value``), naming
    ``what`` it is: an ArgumentTypeError for a value of another kind, an ArgumentError for a
    negative, NaN or infinite one."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ArgumentTypeError(f"{name} = {value!r}: give {what} in km, a number >= 0 (e.g. 10)")
    if not (math.isfinite(value) and float(value) >= 0):
        raise ArgumentError(f"{name} = {value!r}; give {what} in km, a finite number >= 0 (e.g. 10)")


def snap_places(
    graph: nx.MultiDiGraph, places: list[Place], *, tolerance_km: float
) -> SnapResult:
    """Snap each place to the nearest node within a tolerance and write its attributes there.

    Within the tolerance, a node of the hub's road network (weakly connected component) comes
    before a nearer node on a fragment joined to nothing; the hub, snapped first, takes the
    largest component within its tolerance. A place with no such node takes the nearest node.

    A snapped node receives ``name``, ``role``, ``country``, ``snap_distance_km`` and the
    place's supply, demand and capacity, plus ``_place`` (the place name) so simplification
    keeps it as a segment end. Places beyond the tolerance are returned as unmatched.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        Nodes with ``x`` (lon) and ``y`` (lat).
    places : list of Place
    tolerance_km : float
        Largest snapping distance, a finite number >= 0.

    Returns
    -------
    SnapResult

    Raises
    ------
    ConnectivityError
        If two places snap to the same node (they would be indistinguishable).
    ArgumentTypeError
        If ``graph`` is not a ``networkx.MultiDiGraph`` (None, a path), or ``tolerance_km``
        is not a number.
    ArgumentError
        If ``tolerance_km`` is negative, NaN or infinite.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node(1, x=-8.0, y=12.64)
    >>> snap_places(g, [Place("Bamako", "city", "MLI", 12.65, -8.0)], tolerance_km=10).matched
    {'Bamako': (1, 1.11...)}
    """
    check_network_argument(graph)
    # -1 matched no place and NaN none either, without a word; inf matched every place to its
    # nearest node however far (small37).
    _check_tolerance("tolerance_km", tolerance_km, "the largest snapping distance")
    node_ids = list(graph.nodes)
    if not node_ids:
        return SnapResult({}, {p.name: (None, float("inf")) for p in places})
    xs = np.fromiter((graph.nodes[n]["x"] for n in node_ids), dtype=float, count=len(node_ids))
    ys = np.fromiter((graph.nodes[n]["y"] for n in node_ids), dtype=float, count=len(node_ids))
    component, sizes = _components(graph, node_ids)
    matched: dict[str, tuple[Any, float]] = {}
    unmatched: dict[str, tuple[Any, float]] = {}
    owner: dict[Any, str] = {}
    problems: list[str] = []
    main: int | None = None  # the hub's component, once the hub is snapped
    # The hub first: the others then prefer the road network that reaches it.
    for place in sorted(places, key=lambda p: p.name != HUB):
        dists = haversine_km(xs, ys, place.lon, place.lat)
        i = int(np.argmin(dists))
        node, dist = node_ids[i], float(dists[i])
        within = np.flatnonzero(dists <= tolerance_km)
        if within.size:
            # A node of the hub's road network (for the hub: of the largest network within
            # reach) before a nearer one on a fragment joined to nothing, e.g. a town's
            # secondary street left alone once the streets joining it were filtered out.
            if main is not None and (component[within] == main).any():
                best = within[component[within] == main]
            else:
                best = within[sizes[component[within]] == sizes[component[within]].max()]
            j = int(best[np.argmin(dists[best])])
            if j != i:
                logger.info(
                    "Place '%s': the nearest node (%s, %.1f km) is on a separate road network of "
                    "%d node(s); snapped to node %s, %.1f km away, on %s", place.name, node, dist,
                    sizes[component[i]], node_ids[j], dists[j],
                    f"{HUB}'s network" if main is not None else "the largest network in reach",
                )  # fmt: skip
            node, dist = node_ids[j], float(dists[j])
            if place.name == HUB:
                main = int(component[j])
        if dist > tolerance_km:
            unmatched[place.name] = (node, dist)
            continue
        if node in owner:
            problems.append(
                f"Places '{owner[node]}' and '{place.name}' both snap to node {node}; move one "
                "of them or use a network with more nodes"
            )
            continue
        owner[node] = place.name
        matched[place.name] = (node, dist)
        attrs: dict[str, Any] = {
            "name": place.name,
            "role": place.role,
            "country": place.country,
            "snap_distance_km": dist,
            "_place": place.name,
        }
        for key in ("supply_m3_per_day", "demand_m3_per_day", "capacity_trucks_per_day"):
            if getattr(place, key) is not None:
                attrs[key] = getattr(place, key)
        graph.nodes[node].update(attrs)
    if problems:
        raise ConnectivityError("Places cannot be told apart on this network", problems=problems)
    for name, (node, dist) in unmatched.items():
        # Not a warning: finalize_network then inserts it onto a road or drops it (and warns).
        logger.info(
            "Place '%s' matches no node: the nearest (%s) is %.1f km away, beyond the %.1f km "
            "tolerance", name, node, dist, tolerance_km,
        )  # fmt: skip
    logger.info("Snapped %d of %d places (tolerance %.1f km)", len(matched), len(places), tolerance_km)
    return SnapResult(matched, unmatched)


def _components(
    graph: nx.MultiDiGraph, node_ids: list[Any]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Each node's weakly connected component (index into ``node_ids`` order) and the
    components' sizes in nodes."""
    index = {n: i for i, n in enumerate(node_ids)}
    component = np.zeros(len(node_ids), dtype=np.int64)
    sizes = []
    for c, comp in enumerate(nx.weakly_connected_components(graph)):
        component[[index[n] for n in comp]] = c
        sizes.append(len(comp))
    return component, np.asarray(sizes, dtype=np.int64)


def assign_corridors(
    graph: nx.MultiDiGraph, corridors: list[Corridor], *, tolerance_km: float,
    road_tolerance_km: float | None = None,
) -> dict[str, float]:
    """Label each segment with the corridors whose shortest waypoint chain uses it.

    Each corridor's waypoints snap to their nearest node; the shortest path by ``length_km``
    between consecutive snapped waypoints is the corridor. Both directions of a segment get
    the label. A waypoint with no node within ``tolerance_km`` is not a stop (a coarse layer
    has few nodes: a town beside a 200 km segment is far from both its ends) but is still
    checked: one between two stops must lie within ``road_tolerance_km`` of the road the
    corridor takes between them. Where it does not, the network has not the corridor's road
    there (the shortest road between the stops is another route) and the corridor is left
    unlabelled, with one warning naming it and the waypoints missed: labelling another road
    with a name that says "via" a town it does not pass would make a planner read fuel on
    the wrong corridor. Waypoints before the first stop or after the last (a network that
    does not reach a corridor's ends, e.g. one country's extract) only shorten the corridor.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A network with ``length_km`` and ``segment_id`` on its edges (``geometry`` optional:
        without it a segment is the straight line between its ends).
    corridors : list of Corridor
    tolerance_km : float
        Largest distance from a waypoint to the node it stops at.
    road_tolerance_km : float, optional
        Largest distance from a waypoint that is not a stop to the corridor's road between
        the stops around it; default ``tolerance_km``. :func:`~supplychain.networks.build.
        finalize_network` passes the network's ``road_tolerance_km``, the distance within
        which a place is put on a road.

    Returns
    -------
    dict of str to float
        Length in km of road each corridor found on this network uses: the ``length_km`` of
        each segment on its path counted once, so a waypoint off the road (Kati beside the
        Bamako road), reached out and back, does not count its spur twice. Corridors with
        fewer than two waypoints on the network, with a gap, or whose road misses a waypoint
        between two stops are left out and logged.

    Raises
    ------
    ArgumentTypeError
        If ``tolerance_km`` or ``road_tolerance_km`` is not a number.
    ArgumentError
        If either is negative, NaN or infinite.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node(1, x=0.0, y=0.0); g.add_node(2, x=1.0, y=0.0)
    >>> g.add_edge(1, 2, length_km=111.2, segment_id="a", corridors=[])
    0
    >>> assign_corridors(g, [Corridor("c", (("A", 0.0, 0.0), ("B", 0.0, 1.0)))], tolerance_km=5)
    {'c': 111.2}
    """
    # As snap_places': -1 or NaN made no waypoint a stop without a word, inf made every one a
    # stop however far from the road.
    _check_tolerance("tolerance_km", tolerance_km, "the largest distance from a waypoint to a node")
    if road_tolerance_km is not None:
        _check_tolerance("road_tolerance_km", road_tolerance_km,
                         "the largest distance from a waypoint to the corridor's road")  # fmt: skip
    road_km = tolerance_km if road_tolerance_km is None else road_tolerance_km
    node_ids = list(graph.nodes)
    xs = np.fromiter((graph.nodes[n]["x"] for n in node_ids), dtype=float, count=len(node_ids))
    ys = np.fromiter((graph.nodes[n]["y"] for n in node_ids), dtype=float, count=len(node_ids))
    seg_corridors: dict[str, set[str]] = {}
    lengths: dict[str, float] = {}
    beside: list[str] = []  # not a stop, within road_km of the corridor's road
    beyond: list[str] = []  # before the first stop or after the last (or no stops)
    missed: list[str] = []  # corridors whose road misses a waypoint between two stops
    for corridor in corridors:
        stops: list[Any] = []
        # Waypoints that are not stops, each with the number of stops before it.
        off: list[tuple[int, str, float, float, float]] = []
        for wname, lat, lon in corridor.waypoints:
            node, dist = _nearest(node_ids, xs, ys, lon, lat)
            if dist > tolerance_km:
                off.append((len(stops), wname, lat, lon, dist))
                continue
            stops.append(node)
        if len(stops) < 2:
            beyond += [f"{corridor.name}: {w} {d:.0f} km" for _, w, _, _, d in off]
            logger.warning("Corridor '%s' is not on this network", corridor.name)
            continue
        try:
            legs = [nx.shortest_path(graph, a, b, weight="length_km")
                    for a, b in itertools.pairwise(stops)]  # fmt: skip
        except nx.NetworkXNoPath:
            logger.warning("Corridor '%s' has a gap on this network; not labelled", corridor.name)
            continue
        misses = []
        for before, wname, lat, lon, dist in off:
            if before == 0 or before == len(stops):
                beyond.append(f"{corridor.name}: {wname} {dist:.0f} km")
                continue
            road = _distance_to_path_km(graph, legs[before - 1], lon, lat)
            if road > road_km:
                misses.append(f"{wname} {road:.0f} km")
            else:
                beside.append(f"{corridor.name}: {wname} {dist:.0f} km from a node, "
                              f"{road:.1f} km from its road")  # fmt: skip
        if misses:
            missed.append(f"{corridor.name} ({', '.join(misses)})")
            continue
        path = [stops[0]]
        for leg in legs:
            path += leg[1:]
        walked = [min(graph[u][v].values(), key=lambda d: float(d["length_km"]))
                  for u, v in itertools.pairwise(path)]  # fmt: skip
        # A stretch walked out and back (to a waypoint beside the road, such as Kati where a
        # layer's road enters Bamako without passing it) is no part of the corridor's road:
        # labelled, closing the corridor closed it too, and with it the other routes' last
        # kilometres into Bamako (the Kita road's on the West-African layer).
        seen = Counter(d["segment_id"] for d in walked)
        spur = {sid for sid, n in seen.items() if n > 1}
        used = {d["segment_id"]: float(d["length_km"]) for d in walked if d["segment_id"] not in spur}
        for sid in used:
            seg_corridors.setdefault(sid, set()).add(corridor.name)
        if spur:
            logger.info("Corridor '%s' reaches a waypoint off its road by %d segment(s) out and "
                        "back (%.1f km: %s); not labelled with it, so that closing the corridor "
                        "does not close them", corridor.name, len(spur),
                        sum(float(d["length_km"]) for d in walked if d["segment_id"] in spur) / 2,
                        ", ".join(sorted(spur)))  # fmt: skip
        lengths[corridor.name] = round(sum(used.values()), 3)
    if missed:
        # One line for all; the corridors keep no label rather than another road's.
        logger.warning(
            "%d corridor(s) not labelled: between the waypoints found on this network their "
            "shortest road misses a waypoint by more than %.1f km, so it is another route than "
            "the corridor's: %s. Their segments are not given the corridor (a scenario naming "
            "one labels no segment, an error); add the missing road to the source, or give the "
            "corridor waypoints on this network's roads in the corridors file", len(missed), road_km,
            "; ".join(missed),
        )  # fmt: skip
    if beyond:
        logger.warning(
            "%d corridor waypoint(s) are more than %.1f km from the network and were skipped "
            "(before a corridor's first waypoint on it or after its last: the corridor is "
            "labelled between those): %s%s", len(beyond),
            tolerance_km, "; ".join(beyond[:6]),
            f"; and {len(beyond) - 6} more (-v lists them)" if len(beyond) > 6 else "",
        )  # fmt: skip
        if len(beyond) > 6:
            logger.debug("All %d corridor waypoints skipped: %s", len(beyond), "; ".join(beyond))
    if beside:
        # Not a warning: the corridor's road passes them (a coarse layer's long segments).
        logger.info(
            "%d corridor waypoint(s) have no node within %.1f km but lie within %.1f km of the "
            "corridor's road: %s", len(beside), tolerance_km, road_km, "; ".join(beside),
        )  # fmt: skip
    for _, _, data in graph.edges(data=True):
        data["corridors"] = sorted(seg_corridors.get(data["segment_id"], ()))
    logger.info("Labelled %d segments with %d corridors", len(seg_corridors), len(lengths))
    return lengths


def _distance_to_path_km(graph: nx.MultiDiGraph, path: list[Any], lon: float, lat: float) -> float:
    """Distance in km from a point to a node path's road (each step's shortest edge's
    ``geometry``, else the straight line between its nodes), to within about 1 km: the
    lines are densified to 0.01 degree and the nearest vertex taken."""
    if len(path) < 2:
        node = graph.nodes[path[0]]
        return float(haversine_km(node["x"], node["y"], lon, lat))
    best = float("inf")
    for u, v in itertools.pairwise(path):
        data = min(graph[u][v].values(), key=lambda d: float(d["length_km"]))
        geom = data.get("geometry")
        if not isinstance(geom, LineString):
            geom = LineString([(graph.nodes[n]["x"], graph.nodes[n]["y"]) for n in (u, v)])
        coords = np.asarray(shapely.segmentize(geom, 0.01).coords)
        best = min(best, float(haversine_km(coords[:, 0], coords[:, 1], lon, lat).min()))
    return best
