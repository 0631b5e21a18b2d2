"""Roads that enter the demand country away from every border post.

The border posts of ``models/places.toml`` carry the crossing capacities and border waits the
models apply. On the embedded network every road into Mali passes one; on an imported layer
(OSM, GIS) other roads cross the border too, and fuel routed on them skips the posts' limits
(on the West-African layer 8 of 20 roads into Mali, among them Kayes from Senegal, San from
Burkina Faso and a Guinean road: with every post closed, demand was still served in full). The
build lists them so that a planner can add a post or close them in a scenario.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable
from dataclasses import asdict, dataclass

import networkx as nx

from supplychain.networks.geo import lat_lon_text

__all__ = ["POST_REACH_KM", "UnpostedEntry", "unposted_entries"]

logger = logging.getLogger(__name__)

#: Assumption: a road whose crossing lies within this many road km of a border post passes
#: that post (posts are placed on the road a few km inside the border, not on the line itself;
#: the places' road tolerance is 25 km).
POST_REACH_KM = 30.0


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
        The end inside the country.

    Examples
    --------
    >>> UnpostedEntry("RN1:A-B", "SEN", "MLI", -11.4, 14.4).describe()
    'RN1:A-B (from SEN, at 14.40N 11.40W)'
    """

    segment_id: str
    from_country: str
    to_country: str
    lon: float
    lat: float

    def describe(self) -> str:
        """``segment (from ISO3, at lat lon)``."""
        return f"{self.segment_id} (from {self.from_country}, at {lat_lon_text(self.lat, self.lon)})"

    def to_dict(self) -> dict[str, object]:
        """Plain dictionary (JSON-serialisable)."""
        return asdict(self)


def unposted_entries(graph: nx.MultiDiGraph, *, reach_km: float = POST_REACH_KM) -> list[UnpostedEntry]:
    """Segments that enter a country holding demand cities with no border post near them.

    A directed edge from a node of another country to a node of a demand city's country
    (``country`` node attribute) is an entry; it is posted when one of its ends lies within
    ``reach_km`` road km (either direction) of a node with role ``border``.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A built network (schema attributes).
    reach_km : float, default POST_REACH_KM

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
    demand_countries = {d.get("country") for _, d in graph.nodes(data=True)
                        if (d.get("demand_m3_per_day") or 0.0) > 0}  # fmt: skip
    posts = [n for n, d in graph.nodes(data=True) if d.get("role") == "border"]
    undirected = nx.Graph()
    for u, v, d in graph.edges(data=True):
        length = float(d.get("length_km", 0.0))
        if not undirected.has_edge(u, v) or undirected[u][v]["w"] > length:
            undirected.add_edge(u, v, w=length)
    near: set[Hashable] = set()
    if posts:
        near = set(nx.multi_source_dijkstra_path_length(undirected, [p for p in posts if p in undirected],
                                                         cutoff=reach_km, weight="w"))  # fmt: skip
    found: dict[str, UnpostedEntry] = {}
    for u, v, d in graph.edges(data=True):
        cu, cv = graph.nodes[u].get("country"), graph.nodes[v].get("country")
        if cv not in demand_countries or cu == cv or u in near or v in near:
            continue
        seg = str(d.get("segment_id", f"{u}-{v}"))
        found.setdefault(seg, UnpostedEntry(seg, str(cu), str(cv), float(graph.nodes[v]["x"]),
                                            float(graph.nodes[v]["y"])))  # fmt: skip
    return [found[s] for s in sorted(found)]
