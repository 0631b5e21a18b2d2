"""Roads that enter the demand country away from every border post.

The border posts of ``models/places.toml`` carry the crossing capacities and border waits the
models apply. On the embedded network every road into Mali passes one; on an imported layer
(OSM, GIS) other roads cross the border too, and fuel routed on them skips the posts' limits
(on the West-African layer 8 roads into Mali, among them Kayes from Senegal, San from Burkina
Faso and a Guinean road: with every post closed, demand was still served in full). The build
lists them so that a planner can add a post or close them in a scenario.

A post also stands on the border: :func:`label_post_sides` gives the segments on its two
sides the post's two countries where the coarse 1:50m boundary puts both sides in one (Kidira,
on the Senegal bank of the Falémé, falls 1-2 km inside the map's Mali), and
:func:`label_junction_countries` then gives a junction whose roads all lie in one country that
country (the town Kidira itself).
"""

from __future__ import annotations

import logging
from collections.abc import Hashable
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx
import shapely
from shapely.geometry import LineString, Point

from supplychain.networks.geo import _mark_border_crossings, countries, lat_lon_text

__all__ = ["UnpostedEntry", "label_junction_countries", "label_post_sides", "unposted_entries"]

logger = logging.getLogger(__name__)

@dataclass(frozen=True)
class UnpostedEntry:
    """A road segment entering the demand country with no border post within reach.

    Parameters
    ----------
    segment_id : str
        The segment that crosses into the country.
    from_country, to_country : str
        ISO3 of its two ends.
    lon, lat : float
        The segment's end inside the country (on a simplified layer that may be a town well
        inside the border, the segment being one long line).

    Examples
    --------
    >>> UnpostedEntry("RN1:A-B", "SEN", "MLI", -11.4, 14.4).describe()
    'RN1:A-B (from SEN, its end in MLI at 14.40N 11.40W)'
    """

    segment_id: str
    from_country: str
    to_country: str
    lon: float
    lat: float

    def describe(self) -> str:
        """``segment (from ISO3, its end in ISO3 at lat lon)``, for messages.

        Returns
        -------
        str
        """
        return (f"{self.segment_id} (from {self.from_country}, its end in {self.to_country} at "
                f"{lat_lon_text(self.lat, self.lon)})")

    def to_dict(self) -> dict[str, object]:
        """Plain dictionary (JSON-serialisable).

        Returns
        -------
        dict of str to object
            One key per field.

        Examples
        --------
        >>> UnpostedEntry("RN1:A-B", "SEN", "MLI", -11.4, 14.4).to_dict()
        {'segment_id': 'RN1:A-B', 'from_country': 'SEN', 'to_country': 'MLI', 'lon': -11.4, 'lat': 14.4}
        """
        return asdict(self)


def unposted_entries(graph: nx.MultiDiGraph) -> list[UnpostedEntry]:
    """Segments by which fuel can reach a demand city from a loading point without passing any
    border post.

    With every node of role ``border`` taken out of the network, a directed edge from a node of
    another country to a node of a demand city's country (``country`` node attribute) is an
    unposted entry when a loading point (``supply_m3_per_day`` > 0) still reaches its tail and a
    demand city is still reachable from its head without leaving that country. A road whose
    post stands a few km inside the border is posted: past the post is the only way on.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A built network (schema attributes).

    Returns
    -------
    list of UnpostedEntry
        One per segment, sorted by segment id.

    Examples
    --------
    >>> from supplychain.networks.build import build_network
    >>> unposted_entries(build_network())  # every road into Mali passes a post
    []
    """
    cities = [n for n, d in graph.nodes(data=True) if (d.get("demand_m3_per_day") or 0.0) > 0]
    demand_countries = {graph.nodes[n].get("country") for n in cities}
    posts = {n for n, d in graph.nodes(data=True) if d.get("role") == "border"}
    supply = [n for n, d in graph.nodes(data=True)
              if (d.get("supply_m3_per_day") or 0.0) > 0 and n not in posts]  # fmt: skip
    open_roads = graph.subgraph([n for n in graph.nodes if n not in posts])
    loaded: set[Hashable] = set()
    for s in supply:
        if s not in loaded:
            loaded |= nx.descendants(open_roads, s) | {s}
    # Cities reached inside their own country: a road whose head only leads back out (to enter
    # again by another road) is not a way in.
    served: set[Hashable] = set()
    for country in demand_countries:
        inside = open_roads.subgraph([n for n in open_roads if graph.nodes[n].get("country") == country])
        reverse = inside.reverse(copy=False)
        for c in cities:
            if c in inside and c not in served:
                served |= nx.descendants(reverse, c) | {c}
    found: dict[str, UnpostedEntry] = {}
    for u, v, d in open_roads.edges(data=True):
        cu, cv = graph.nodes[u].get("country"), graph.nodes[v].get("country")
        if cv not in demand_countries or cu == cv or u not in loaded or v not in served:
            continue
        seg = str(d.get("segment_id", f"{u}-{v}"))
        found.setdefault(seg, UnpostedEntry(seg, str(cu), str(cv), float(graph.nodes[v]["x"]),
                                            float(graph.nodes[v]["y"])))  # fmt: skip
    logger.debug("Unposted entries: %d road(s) into %s reach a city from %d loading point(s) "
                 "without passing any of %d border post(s)", len(found),
                 ",".join(sorted(map(str, demand_countries))) or "no demand country",
                 len(supply), len(posts))  # fmt: skip
    return [found[s] for s in sorted(found)]


def label_post_sides(graph: nx.MultiDiGraph) -> list[str]:
    """Give the segments on either side of a border post the post's two countries.

    A segment's country is that of its midpoint on the 1:50m Natural Earth boundaries, which
    run a few km off the real border: at Kidira-Diboli (a bridge over the Falémé) the Senegal
    town Kidira falls inside the map's Mali, and both of the post's segments were labelled
    MLI. A border post stands on the border, so where every segment touching a post (role
    ``border``) has one country, the boundary is moved to pass through the post: a segment
    whose midpoint lies further toward the neighbouring country (the nearest country other than
    the post's ``country``; measured as distance to that country minus distance to the post's,
    in degrees) than the post itself is the neighbour's, the others the post's country. Posts
    whose segments the map already puts in two or more countries, posts of a country not on
    the map and posts with every segment on one side are left as they are. ``border_crossing``
    is updated on the nodes of the segments relabelled.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A built network (``country``, ``x``, ``y`` on nodes; ``segment_id``, ``country`` and
        optionally ``geometry`` on edges); changed in place.

    Returns
    -------
    list of str
        The segment ids relabelled, sorted.

    Examples
    --------
    Kidira (12.21W, on the map's Mali side) - the post (MLI, 12.195W) - Diboli (12.18W):

    >>> g = nx.MultiDiGraph()
    >>> for n, x, role in (("Kidira", -12.21, "junction"), ("Post", -12.195, "border"),
    ...                    ("Diboli", -12.18, "junction")):
    ...     g.add_node(n, x=x, y=14.46, country="MLI", role=role)
    >>> for u, v in (("Kidira", "Post"), ("Post", "Diboli")):
    ...     _ = g.add_edge(u, v, segment_id=f"R:{u}-{v}", country="MLI")
    >>> label_post_sides(g)
    ['R:Kidira-Post']
    >>> g.edges["Kidira", "Post", 0]["country"], g.nodes["Post"]["border_crossing"]
    ('SEN', True)
    """
    posts = [n for n, d in graph.nodes(data=True) if d.get("role") == "border"]
    if not posts:
        return []
    shapes = countries()
    changed: dict[str, str] = {}
    touched: set[Hashable] = set()
    for post in posts:
        own_iso = graph.nodes[post].get("country")
        segments: dict[str, list[tuple[Hashable, Hashable, Any]]] = {}
        for u, v, k, d in (*graph.in_edges(post, keys=True, data=True), *graph.out_edges(post, keys=True, data=True)):
            segments.setdefault(str(d["segment_id"]), []).append((u, v, k))
        isos = {graph.edges[e]["country"] for edges in segments.values() for e in edges}
        own = shapes[shapes["iso3"] == own_iso]
        if len(segments) < 2 or len(isos) != 1 or own.empty:
            continue
        others = shapes[shapes["iso3"] != own_iso]
        point = Point(graph.nodes[post]["x"], graph.nodes[post]["y"])
        nearest = int(shapely.distance(others.geometry.values, point).argmin())
        other_iso, other_shape = str(others["iso3"].iloc[nearest]), others.geometry.values[nearest]
        own_shape = own.geometry.values[0]

        def toward_own(p: Point, own_shape: Any = own_shape, other_shape: Any = other_shape) -> float:
            return float(shapely.distance(other_shape, p) - shapely.distance(own_shape, p))

        at_post = toward_own(point)
        side = {s: toward_own(_midpoint(graph, edges[0])) >= at_post for s, edges in segments.items()}
        if all(side.values()) or not any(side.values()):
            continue  # every segment on one side: no crossing to place at the post
        for s, edges in segments.items():
            iso = own_iso if side[s] else other_iso
            if iso == graph.edges[edges[0]]["country"]:
                continue
            for u, v, k in edges:  # both directions: each touches the post
                graph.edges[u, v, k]["country"] = iso
                touched |= {u, v}
            changed[s] = iso
    _mark_border_crossings(graph, touched)
    if changed:
        logger.info("Segments beside border posts given the post's other side: %s",
                    ", ".join(f"{s} {iso}" for s, iso in sorted(changed.items())))  # fmt: skip
    return sorted(changed)


def label_junction_countries(graph: nx.MultiDiGraph) -> list[Hashable]:
    """Give a junction whose road segments all lie in one country that country.

    A node's country is that of its point on the 1:50m Natural Earth boundaries, which run a
    few km off the border: the border towns Kidira (Senegal) and Kourémalé (Guinée) fell in the
    map's Mali, Rosso-Sénégal and Saint-Louis in Mauritania, every road at each in the other
    country (for Kidira once :func:`label_post_sides` put its road to the post in Senegal).
    The timeline counts fuel into Mali, where a loading point lies inside it, on the roads
    whose tail is outside Mali and head inside: with Kidira labelled MLI the road into Kidira
    was that crossing, named "(no border post)", not the Kidira-Diboli post. A node of role
    ``junction`` (not a place: places keep the country their file gives) with two or more
    segments, all of one country other than its own, takes that country; a dead end keeps its
    point's. Run after :func:`label_post_sides`.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A built network (``role`` and ``country`` on nodes, ``segment_id`` and ``country`` on
        edges); changed in place.

    Returns
    -------
    list of hashable
        The nodes relabelled, sorted by their text.

    Examples
    --------
    Goudiry (SEN) - Kidira (on the map's Mali side, both its roads in Senegal) - the post:

    >>> g = nx.MultiDiGraph()
    >>> for n, iso, role in (("Goudiry", "SEN", "junction"), ("Kidira", "MLI", "junction"),
    ...                      ("Post", "MLI", "border")):
    ...     g.add_node(n, country=iso, role=role)
    >>> for u, v in (("Goudiry", "Kidira"), ("Kidira", "Post")):
    ...     _ = g.add_edge(u, v, segment_id=f"R:{u}-{v}", country="SEN")
    >>> label_junction_countries(g), g.nodes["Kidira"]["country"]
    (['Kidira'], 'SEN')
    """
    changed: dict[Hashable, tuple[str, str]] = {}
    for n, d in graph.nodes(data=True):
        if d.get("role") != "junction":
            continue
        segments = {e["segment_id"]: e["country"] for _, _, e in graph.in_edges(n, data=True)}
        segments |= {e["segment_id"]: e["country"] for _, _, e in graph.out_edges(n, data=True)}
        isos = set(segments.values())
        if len(segments) < 2 or len(isos) != 1 or d.get("country") in isos:
            continue
        iso = str(isos.pop())
        changed[n] = (str(d.get("country")), iso)
        d["country"] = iso
    if changed:
        logger.info("Junctions given the country of all their roads: %s",
                    ", ".join(f"{graph.nodes[n].get('name') or n} {old}->{new}"
                              for n, (old, new) in sorted(changed.items(), key=lambda kv: str(kv[0]))))  # fmt: skip
    return sorted(changed, key=str)


def _midpoint(graph: nx.MultiDiGraph, edge: tuple[Hashable, Hashable, Any]) -> Point:
    """Midpoint of an edge: of its geometry, or of its two nodes (a straight segment)."""
    u, v, _ = edge
    geom = graph.edges[edge].get("geometry")
    if isinstance(geom, LineString):
        return geom.interpolate(0.5, normalized=True)
    return Point((graph.nodes[u]["x"] + graph.nodes[v]["x"]) / 2, (graph.nodes[u]["y"] + graph.nodes[v]["y"]) / 2)
