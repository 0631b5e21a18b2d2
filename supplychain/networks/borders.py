"""Roads that enter the demand country away from every border post.

The border posts of ``models/places.toml`` carry the crossing capacities and border waits the
models apply. On the embedded network every road into Mali passes one; on an imported layer
(OSM, GIS) other roads cross the border too, and fuel routed on them skips the posts' limits
(on the West-African layer 8 roads into Mali, among them Kayes from Senegal, San from Burkina
Faso and a Guinean road: with every post closed, demand was still served in full). The build
lists them so that a planner can add a post or close them in a scenario.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable
from dataclasses import asdict, dataclass

import networkx as nx

from supplychain.networks.geo import lat_lon_text

__all__ = ["UnpostedEntry", "unposted_entries"]

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
