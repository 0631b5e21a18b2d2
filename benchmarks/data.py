"""Real road networks for the benchmarks, built in memory from ``../shared/data`` (never copied).

The OSM/OSRM-derived network of ``optimal-african-roads`` (Krantz 2024; GPL-3 / ODbL) is read in
place and turned into a corridor graph of the project's schema:

- **nodes**: one per row of ``graph_nodes.csv`` (node id = 1-based row number); ``x``/``y`` from
  ``lon``/``lat``, ``country`` from ``iso3c``. A node is *named* only where ``city_port`` is TRUE
  (elsewhere ``city_country`` carries wrong names); the name is the part of ``city_country``
  before `` - `` (a name already taken gets `` (ISO3)`` appended, e.g. ``Kayes (COG)``).
- **edges**: every existing road of ``graph_orig.csv`` (the 2,344 rows; the proposed links of
  ``graph_add.csv`` are not roads), as two directed edges sharing ``segment_id = "OAR:<from>-<to>"``;
  ``length_km = distance / 1000``, ``travel_time_h = duration / 60`` (OSRM driving time, border
  waits not included) and **2,000 trucks/day per direction** on every edge (the project's trunk
  road class in ``models/network.toml``; the data set has no road classes).
- **supply** (role ``port``): every node with a ``port_locode``; the five corridor ports get the
  supply of ``models/places.toml`` (Dakar 4,600, Abidjan 1,380, Conakry 1,380, Nouakchott 920,
  San-Pédro 460 m³/day), any other port :data:`OTHER_PORT_SUPPLY_M3` (460 m³/day, 10 tankers).
- **demand** (role ``city``): Bamako (3,550 m³/day) and every other named Malian node, with the
  ``models/places.toml`` demand where the town is listed there, else :data:`OTHER_CITY_DEMAND_M3`.

The *West-African* subset keeps the edges whose two ends both lie in the corridor countries
(MLI, SEN, GIN, CIV, MRT) or their neighbours The Gambia, Guinea-Bissau and Burkina Faso:
203 edges, the count given in ``../shared/DESIGN.md``, one connected component. The five
corridor countries alone give 149 edges (also connected); The Gambia is added because the
Senegalese roads south of it cross it (Trans-Gambia), Guinea-Bissau and Burkina Faso because
they border Mali/Guinea/Senegal and carry alternative routes.
"""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx
import pandas as pd

__all__ = [
    "CAPACITY_TRUCKS_PER_DAY",
    "CORRIDOR_COUNTRIES",
    "WEST_AFRICA_COUNTRIES",
    "SharedDataMissingError",
    "optimal_african_roads",
    "shared_data_dir",
]

#: Tanker trucks per day per direction on every real edge (the project's ``trunk`` class).
CAPACITY_TRUCKS_PER_DAY = 2000.0
#: Supply of a port that is not one of the five corridor ports (m³/day; 10 tankers of 46 m³).
OTHER_PORT_SUPPLY_M3 = 460.0
#: Demand of a named Malian town not listed in ``models/places.toml`` (m³/day).
OTHER_CITY_DEMAND_M3 = 50.0
#: The countries of the fuel corridors into Mali.
CORRIDOR_COUNTRIES = frozenset({"MLI", "SEN", "GIN", "CIV", "MRT"})
#: Corridor countries plus neighbours carrying alternative routes (203 real edges).
WEST_AFRICA_COUNTRIES = CORRIDOR_COUNTRIES | {"GMB", "GNB", "BFA"}

#: Supply of the corridor ports (m³/day), as in ``models/places.toml``.
PORT_SUPPLY_M3 = {
    "Dakar": 4600.0,
    "Abidjan": 1380.0,
    "Conakry": 1380.0,
    "Nouakchott": 920.0,
    "San-Pedro": 460.0,
}
#: Demand of Malian towns (m³/day), as in ``models/places.toml`` (CSV spelling).
CITY_DEMAND_M3 = {
    "Bamako": 3550.0,
    "Kayes": 150.0,
    "Nioro": 60.0,
    "Sikasso": 200.0,
    "Koutiala": 120.0,
    "Segou": 200.0,
    "Mopti": 150.0,
}

_TANKER_M3 = 46.0


class SharedDataMissingError(RuntimeError):
    """The shared data folder (``../shared/data`` or ``$SUPPLYCHAIN_SHARED``) is missing."""


def shared_data_dir() -> Path:
    """The shared data folder: ``$SUPPLYCHAIN_SHARED`` or ``../shared/data`` beside the repo.

    ``SUPPLYCHAIN_SHARED`` may point at the ``shared`` folder or at its ``data`` subfolder.

    Returns
    -------
    Path

    Raises
    ------
    SharedDataMissingError
        If the folder, or the ``optimal-african-roads`` data set in it, does not exist.
    """
    override = os.environ.get("SUPPLYCHAIN_SHARED")
    if override:
        base = Path(override).expanduser().resolve()
        if (base / "data").is_dir():
            base = base / "data"
    else:
        base = Path(__file__).resolve().parents[2] / "shared" / "data"
    if not (base / "optimal-african-roads" / "graph_orig.csv").is_file():
        raise SharedDataMissingError(
            f"Shared data not found at {base} (need optimal-african-roads/graph_orig.csv). "
            "Put the shared folder beside the checkout (../shared/data) or set "
            "SUPPLYCHAIN_SHARED=/path/to/shared/data; or run with --skip-real."
        )
    return base


def _read_tables(base: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    folder = base / "optimal-african-roads"
    nodes = pd.read_csv(folder / "graph_nodes.csv", keep_default_na=False)
    nodes.index = nodes.index + 1  # node id = 1-based row number
    edges = pd.read_csv(folder / "graph_orig.csv", usecols=["from", "from_ctry", "to", "to_ctry", "distance", "duration"])
    return nodes, edges


def _is_true(value: object) -> bool:
    return str(value).strip().upper() == "TRUE"


def optimal_african_roads(countries: frozenset[str] | set[str] | None = None) -> nx.MultiDiGraph:
    """The real road network of ``optimal-african-roads`` as a corridor graph (see module doc).

    Parameters
    ----------
    countries : set of str, optional
        Keep only edges whose two ends lie in these ISO3 countries (and their nodes); all of
        Africa when omitted.

    Returns
    -------
    networkx.MultiDiGraph
        Two directed edges per real road; ``graph.graph["source"]`` names the subset.

    Raises
    ------
    SharedDataMissingError
        If the shared data cannot be found.
    """
    base = shared_data_dir()
    nodes, edges = _read_tables(base)
    if countries is not None:
        keep = edges["from_ctry"].isin(countries) & edges["to_ctry"].isin(countries)
        edges = edges[keep]
    used = sorted(set(edges["from"]) | set(edges["to"]))
    label = "africa" if countries is None else "+".join(sorted(countries))
    g = nx.MultiDiGraph(
        crs="epsg:4326",
        source=f"optimal-african-roads ({label}), benchmark rule: {CAPACITY_TRUCKS_PER_DAY:g} trucks/day",
        created="benchmark",
        tanker_volume_m3=_TANKER_M3,
    )
    taken: set[str] = set()
    for n in used:
        row = nodes.loc[n]
        name = ""
        if _is_true(row["city_port"]):
            name = str(row["city_country"]).split(" - ")[0].strip()
            if name in taken:
                name = f"{name} ({row['iso3c']})"
            taken.add(name)
        attrs: dict[str, object] = {
            "name": name, "role": "junction", "x": float(row["lon"]), "y": float(row["lat"]),
            "country": str(row["iso3c"]), "border_crossing": False,
        }  # fmt: skip
        if str(row["port_locode"]).strip():
            attrs["role"] = "port"
            attrs["supply_m3_per_day"] = PORT_SUPPLY_M3.get(name, OTHER_PORT_SUPPLY_M3)
        elif name and row["iso3c"] == "MLI":
            attrs["role"] = "city"
            attrs["demand_m3_per_day"] = CITY_DEMAND_M3.get(name, OTHER_CITY_DEMAND_M3)
        g.add_node(int(n), **attrs)
    columns = (edges[c].tolist() for c in ("from", "to", "from_ctry", "distance", "duration"))
    for u, v, country, metres, minutes in zip(*columns, strict=True):
        u, v = int(u), int(v)
        length_km = float(metres) / 1000.0
        hours = float(minutes) / 60.0
        data = {
            "segment_id": f"OAR:{u}-{v}", "osmid": [], "length_km": length_km,
            "highway": "trunk", "ref": "", "name": "", "country": str(country),
            "speed_kph": length_km / hours if hours > 0 else 0.0, "travel_time_h": hours,
            "capacity_trucks_per_day": CAPACITY_TRUCKS_PER_DAY, "surface": "unknown",
            "lanes": 2, "corridors": [],
        }  # fmt: skip
        g.add_edge(u, v, **data)
        g.add_edge(v, u, **data)
    return g
