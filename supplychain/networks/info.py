"""Summaries of a corridor network: counts, km by class and country, places, port reachability."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Hashable
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

from supplychain.errors import SchemaError
from supplychain.networks.borders import UnpostedEntry, unposted_entries
from supplychain.networks.placement import PLACEMENT_METHODS, Placement
from supplychain.networks.places import HUB, LOOK_UP, hub_node
from supplychain.networks.provenance import describe_build
from supplychain.networks.schema import (
    EDGE_ATTRIBUTES,
    NODE_ATTRIBUTES,
    _attribute_problems,
    _listed,
    check_network_argument,
)

__all__ = ["NetworkSummary", "PortRoute", "summarize_network"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PortRoute:
    """Shortest road route from a loading point to Bamako.

    Parameters
    ----------
    name : str
        Port or depot.
    country : str
        ISO3.
    reachable : bool
        Whether a road path exists.
    length_km, travel_time_h : float or None
        Shortest distance and the travel time along that route.
    border_posts : list of str
        Border posts (places with role ``border``) on that route.

    Examples
    --------
    >>> PortRoute("Dakar", "SEN", True, 1200.0, 22.0, []).reachable
    True
    """

    name: str
    country: str
    reachable: bool
    length_km: float | None
    travel_time_h: float | None
    border_posts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NetworkSummary:
    """What a network holds.

    Parameters
    ----------
    source : str
    nodes, directed_edges, segments : int
        Counts (a segment is one road stretch; two-way roads have two directed edges).
    road_km : float
        Total road length (each segment once).
    km_by_class, km_by_country : dict of str to float
    ports, depots, border_posts, cities : list of str
        Places snapped onto the network, by role; ``cities`` are the demand cities (a demand
        above 0, those the models serve).
    border_crossings : int
        Nodes where the road changes country.
    unmatched_places : list of str
        Places left off the network (farther than the road tolerance from every road).
    routes : list of PortRoute
        Each loading point's shortest route to Bamako.
    placements : list of dict
        How each place was placed (:meth:`Placement.to_dict`), when the network records it.
    unposted_entries : list of dict
        Roads by which fuel reaches the demand country's cities without passing a border post
        (:func:`~supplychain.networks.borders.unposted_entries`).
    cities_without_demand : list of str
        Places of role ``city`` with no demand (0 or none): not counted among the demand cities.
    loading_nothing : list of str
        Ports and depots that load nothing (no supply above 0, or a loading capacity of 0
        trucks/day): listed in ``ports`` and ``depots``, not counted among the loading points
        (:attr:`loading_points`).
    build : dict, optional
        How the network was built: its ``build`` attribute
        (:mod:`supplychain.networks.provenance`) with its ``created`` and ``build_revision``;
        None: not summarised (a summary made by hand), ``{}`` or no ``build`` key: the
        network does not record it.

    Examples
    --------
    >>> from supplychain.networks.build import build_network
    >>> summarize_network(build_network()).segments > 50
    True
    """

    source: str
    nodes: int
    directed_edges: int
    segments: int
    road_km: float
    km_by_class: dict[str, float]
    km_by_country: dict[str, float]
    ports: list[str]
    depots: list[str]
    border_posts: list[str]
    cities: list[str]
    border_crossings: int
    unmatched_places: list[str]
    routes: list[PortRoute]
    placements: list[dict[str, Any]] = field(default_factory=list)
    unposted_entries: list[dict[str, Any]] = field(default_factory=list)
    build: dict[str, Any] | None = None
    cities_without_demand: list[str] = field(default_factory=list)
    loading_nothing: list[str] = field(default_factory=list)

    @property
    def loading_points(self) -> int:
        """The ports and depots that load fuel (a supply above 0, a loading capacity not 0), as
        the models read them: a port of supply 0 was counted among `solve`'s "loading points".

        Returns
        -------
        int
            ``ports`` and ``depots`` less :attr:`loading_nothing`.

        Examples
        --------
        >>> s = NetworkSummary("tiny", 3, 4, 2, 1500.0, {}, {}, ["Dakar", "Kaolack"], [], [], [], 1, [], [],
        ...                    loading_nothing=["Kaolack"])
        >>> s.loading_points
        1
        """
        return len(self.ports) + len(self.depots) - len(self.loading_nothing)

    def to_dict(self) -> dict[str, Any]:
        """Plain dictionary (JSON-serialisable).

        Returns
        -------
        dict of str to object
            One key per field; ``routes`` as dictionaries of :class:`PortRoute`'s fields.

        Examples
        --------
        >>> s = NetworkSummary("tiny", 3, 4, 2, 1500.0, {"trunk": 1500.0},
        ...                    {"SEN": 700.0, "MLI": 800.0}, ["Dakar"], [], ["Diboli"], ["Bamako"],
        ...                    1, [], [PortRoute("Dakar", "SEN", True, 1500.0, 25.0, ["Diboli"])])
        >>> s.to_dict()["routes"]
        [{'name': 'Dakar', 'country': 'SEN', 'reachable': True, 'length_km': 1500.0, 'travel_time_h': 25.0, 'border_posts': ['Diboli']}]
        """
        return asdict(self)

    def to_text(self) -> str:
        """Readable multi-line summary for the terminal.

        Returns
        -------
        str
            Counts, km by road class and by country, places by role, how it was built (the
            command, or "in Python"; the source file's size and SHA-256; the version, build
            revision and time), roads into the country
            that pass no border post, places left off, how each place was placed, and each
            loading point's shortest route to Bamako (km, hours, border posts; or ``NOT
            CONNECTED``).

        Examples
        --------
        >>> s = NetworkSummary("tiny", 3, 4, 2, 1500.0, {"trunk": 1500.0},
        ...                    {"SEN": 700.0, "MLI": 800.0}, ["Dakar"], [], ["Diboli"], ["Bamako"],
        ...                    1, [], [PortRoute("Dakar", "SEN", True, 1500.0, 25.0, ["Diboli"])])
        >>> print(s.to_text())
        Network: tiny
          3 nodes, 2 road segments (4 directed edges), 1,500 km of road
          km by class:   trunk 1,500
          km by country: SEN 700, MLI 800
          ports (1): Dakar
          depots (0): -
          border posts (1): Diboli
          demand cities (1): Bamako
          border crossings detected: 1
          shortest road route to Bamako:
            Dakar                    SEN    1,500 km   25.0 h  via Diboli
        """
        lines = [
            f"Network: {self.source}",
            f"  {self.nodes} nodes, {self.segments} road segments ({self.directed_edges} directed "
            f"edges), {self.road_km:,.0f} km of road",
            "  km by class:   " + ", ".join(f"{k} {v:,.0f}" for k, v in self.km_by_class.items()),
            "  km by country: " + ", ".join(f"{k} {v:,.0f}" for k, v in self.km_by_country.items()),
            f"  ports ({len(self.ports)}): {', '.join(self.ports) or '-'}",
            f"  depots ({len(self.depots)}): {', '.join(self.depots) or '-'}",
            f"  border posts ({len(self.border_posts)}): {', '.join(self.border_posts) or '-'}",
            f"  demand cities ({len(self.cities)}): {', '.join(self.cities) or '-'}",
            f"  border crossings detected: {self.border_crossings}",
        ]
        if self.loading_nothing:  # a port of supply 0 was counted among the loading points
            lines.insert(-3, f"  ports and depots that load nothing ({len(self.loading_nothing)}): "
                             f"{', '.join(self.loading_nothing)}")  # fmt: skip
        if self.cities_without_demand:  # a city of demand 0 was counted among the demand cities
            lines.insert(-1, f"  cities without demand ({len(self.cities_without_demand)}): "
                             f"{', '.join(self.cities_without_demand)}")  # fmt: skip
        if self.build is not None:
            lines += [f"  {line}" for line in describe_build(
                self.build.get("build"), created=self.build.get("created"),
                revision=self.build.get("build_revision"))]  # fmt: skip
        if self.unposted_entries:
            lines.append(f"  roads into the country that pass no border post ({len(self.unposted_entries)}): "
                         "fuel there skips the posts' limits")
            lines += [f"    {UnpostedEntry(**e).describe()}" for e in self.unposted_entries]
        if self.unmatched_places:
            lines.append(f"  places not on this network: {', '.join(self.unmatched_places)}")
        if self.placements:
            how = [Placement(**p) for p in self.placements]
            counts = {m: sum(p.method == m for p in how) for m in PLACEMENT_METHODS}
            lines.append(
                f"  places ({len(how)}): {counts['node']} snapped to a node, {counts['edge']} "
                f"inserted on an edge, {counts['border crossing']} placed at a border crossing, "
                f"{counts['dropped']} dropped"
            )
            lines += [f"    {p.place:<24} {p.describe()}" for p in how]
        lines.append(f"  shortest road route to {HUB}:")
        for r in self.routes:
            if r.reachable:
                lines.append(
                    f"    {r.name:<24} {r.country}  {r.length_km:7,.0f} km  {r.travel_time_h:5.1f} h"
                    f"  via {', '.join(r.border_posts) or 'no border post'}"
                )
            else:
                lines.append(f"    {r.name:<24} {r.country}  NOT CONNECTED")
        return "\n".join(lines)


#: The attributes the summary reads: of every segment, and of the places it names (the routes'
#: ports and depots, their border posts); not the capacities (a network built without them
#: has a summary).
_SUMMARY_EDGE = ("segment_id", "length_km", "travel_time_h", "highway", "country")
_SUMMARY_NODE = {"port": ("name", "country"), "depot": ("name", "country"), "border": ("name",)}

#: How many problems the error lists before "... and N more", as the schema checks'.
_SHOWN = 20


def _check_summary_inputs(graph: nx.MultiDiGraph) -> None:
    """Refuse a graph the summary cannot read, naming each attribute missing or not valid.

    A graph built or edited in code without ``segment_id`` met a bare ``KeyError``
    ('segment_id'); the schema's rules apply to the attributes read, every problem listed once.
    """
    edge_specs = [spec for spec in EDGE_ATTRIBUTES if spec.name in _SUMMARY_EDGE]
    node_specs = {spec.name: spec for spec in NODE_ATTRIBUTES}
    problems = _attribute_problems(
        graph, lambda data: [node_specs[name] for name in _SUMMARY_NODE.get(data.get("role", "junction"), ())],
        edge_specs)  # fmt: skip
    problems = list(dict.fromkeys(problems))  # both directions of a segment share its id
    if problems:
        raise SchemaError(f"The network has {len(problems)} problem(s) in the attributes its summary reads; fix "
                          "the attribute or rebuild the network with supplychain.networks",
                          problems=_listed(problems, _SHOWN))  # fmt: skip


def _segments(graph: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    segs: dict[str, dict[str, Any]] = {}
    for _, _, data in graph.edges(data=True):
        segs.setdefault(data["segment_id"], data)
    return segs


def summarize_network(graph: nx.MultiDiGraph, *, hub: Hashable | None = LOOK_UP) -> NetworkSummary:
    """Summarise a network (counts, km by class and country, places, routes to Bamako).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A corridor network in the supplychain schema.
    hub : node id or None, optional
        Its hub node when the caller has looked it up (:func:`~supplychain.networks.places.hub_node`;
        None: it has none); default: looked up here.

    Returns
    -------
    NetworkSummary

    Raises
    ------
    ArgumentTypeError
        If ``graph`` is not a ``networkx.MultiDiGraph`` (None, a path).
    SchemaError
        If a segment lacks one of ``segment_id``, ``length_km``, ``travel_time_h``,
        ``highway`` and ``country`` (or has one not valid by the schema), or a port, depot or
        border post its ``name`` (a port or depot its ``country``); every problem listed in one
        error. Capacities, supplies and demands are not needed.

    Examples
    --------
    >>> from supplychain.networks.build import build_network
    >>> s = summarize_network(build_network())
    >>> "Bamako" in s.cities
    True
    """
    check_network_argument(graph)
    _check_summary_inputs(graph)
    segs = _segments(graph)
    km_class: dict[str, float] = {}
    km_country: dict[str, float] = {}
    for data in segs.values():
        km_class[data["highway"]] = km_class.get(data["highway"], 0.0) + data["length_km"]
        km_country[data["country"]] = km_country.get(data["country"], 0.0) + data["length_km"]
    by_role: dict[str, list[str]] = {}
    for _, data in graph.nodes(data=True):
        role = data.get("role", "junction")
        # A demand city is one with a demand, as the models, the timeline and the text read it.
        if role == "city" and not (data.get("demand_m3_per_day") or 0) > 0:
            role = "city without demand"
        by_role.setdefault(role, []).append(data.get("name", ""))
        # A loading point is one that loads, as the LP reads it (a supply above 0), at a loading
        # capacity not 0 when it has one (review, 2026-12-07: solve counted them by role).
        capacity = data.get("capacity_trucks_per_day")
        if role in ("port", "depot") and not ((data.get("supply_m3_per_day") or 0) > 0
                                              and (capacity is None or capacity > 0)):  # fmt: skip
            by_role.setdefault("loading nothing", []).append(data.get("name", ""))
    hub = hub_node(graph, hub=hub)
    routes = []
    if hub is not None:
        dist, paths = nx.single_source_dijkstra(graph.reverse(copy=False), hub, weight="length_km")
    else:
        dist, paths = {}, {}
    for node, data in sorted(graph.nodes(data=True), key=lambda nd: str(nd[1].get("name"))):
        if data.get("role") not in ("port", "depot"):
            continue
        if node in dist:
            path = list(reversed(paths[node]))
            # Each step on the road the km were measured on (its shortest parallel edge).
            hours = sum(
                float(min(graph[u][v].values(), key=lambda d: float(d["length_km"]))["travel_time_h"])
                for u, v in itertools.pairwise(path)
            )
            posts = [graph.nodes[n]["name"] for n in path if graph.nodes[n].get("role") == "border"]
            routes.append(PortRoute(data["name"], data["country"], True, round(dist[node], 1), round(hours, 1), posts))
        else:
            routes.append(PortRoute(data["name"], data["country"], False, None, None))
    summary = NetworkSummary(
        source=str(graph.graph.get("source", "")),
        nodes=graph.number_of_nodes(),
        directed_edges=graph.number_of_edges(),
        segments=len(segs),
        road_km=round(sum(d["length_km"] for d in segs.values()), 1),
        km_by_class={k: round(v, 1) for k, v in sorted(km_class.items(), key=lambda kv: -kv[1])},
        km_by_country={k: round(v, 1) for k, v in sorted(km_country.items(), key=lambda kv: -kv[1])},
        ports=sorted(by_role.get("port", [])),
        depots=sorted(by_role.get("depot", [])),
        border_posts=sorted(by_role.get("border", [])),
        cities=sorted(by_role.get("city", [])),
        cities_without_demand=sorted(by_role.get("city without demand", [])),
        loading_nothing=sorted(by_role.get("loading nothing", [])),
        border_crossings=sum(1 for _, d in graph.nodes(data=True) if d.get("border_crossing")),
        unmatched_places=list(graph.graph.get("unmatched_places", [])),
        routes=routes,
        placements=[dict(p) for p in graph.graph.get("placements", [])],
        unposted_entries=[e.to_dict() for e in unposted_entries(graph)],
        build={key: graph.graph[key] for key in ("build", "created", "build_revision")
               if key in graph.graph},
    )  # fmt: skip
    logger.info("Summarised network: %d segments, %.0f km", summary.segments, summary.road_km)
    return summary
