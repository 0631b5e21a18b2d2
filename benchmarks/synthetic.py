"""Seeded synthetic corridor graphs of a chosen size (grid road networks with random capacities).

A ``k x k`` grid of junctions about 10 km apart, every neighbour pair joined by a two-way road
(two directed edges sharing one ``segment_id``), so the graph has ``4 k (k - 1)`` directed arcs
(``k = 16, 50, 159`` give 960, 9,800 and 100,488). Each road gets a random capacity of 5..40
trucks/day per direction and a random length of 8..12 km (``numpy.random.default_rng(seed)``).
Four loading points on the west edge supply 4,000 m³/day each and three demand cities on the
east edge (one of them named ``Bamako``) ask 2,000 m³/day each, so road capacities near the
ends bind and the optimal plan spreads over many paths (a harder LP than the real networks,
where ports bind).
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

from supplychain.models.params import FleetParameters, ModelParameters

__all__ = ["arcs_of_side", "grid_network", "side_for_arcs", "synthetic_parameters"]

SUPPLY_M3 = 4000.0
DEMAND_M3 = 2000.0
_N_SUPPLY = 4
_N_DEMAND = 3


def arcs_of_side(k: int) -> int:
    """Directed arcs of a ``k x k`` two-way grid: ``4 k (k - 1)``."""
    return 4 * k * (k - 1)


def side_for_arcs(arcs: int) -> int:
    """The grid side whose arc count is nearest ``arcs`` (at least 4)."""
    k = max(4, round((1 + math.sqrt(1 + arcs)) / 2))
    best = min((k - 1, k, k + 1), key=lambda s: abs(arcs_of_side(s) - arcs))
    return max(4, best)


def grid_network(k: int, *, seed: int = 0) -> nx.MultiDiGraph:
    """A seeded ``k x k`` grid corridor graph in the project's schema (see module doc).

    Parameters
    ----------
    k : int
        Grid side (>= 4).
    seed : int, default 0

    Returns
    -------
    networkx.MultiDiGraph
    """
    if k < 4:
        raise ValueError(f"grid side must be >= 4, got {k}")
    rng = np.random.default_rng(seed)
    g = nx.MultiDiGraph(crs="epsg:4326", source=f"synthetic grid {k}x{k} seed {seed}",
                        created="benchmark", tanker_volume_m3=46.0)  # fmt: skip
    step = 0.09  # degrees, about 10 km
    jitter = rng.uniform(-0.02, 0.02, size=(k, k, 2))
    for i in range(k):
        for j in range(k):
            g.add_node(i * k + j, name="", role="junction", x=-12.0 + j * step + jitter[i, j, 0],
                       y=12.0 + i * step + jitter[i, j, 1], country="SYN",
                       border_crossing=False)  # fmt: skip
    rows = np.linspace(0, k - 1, _N_SUPPLY + 2)[1:-1].round().astype(int)
    for n, i in enumerate(rows, start=1):
        node = g.nodes[int(i) * k]
        node.update(name=f"Port {n}", role="port", supply_m3_per_day=SUPPLY_M3)
    rows = np.linspace(0, k - 1, _N_DEMAND + 2)[1:-1].round().astype(int)
    for n, i in enumerate(rows, start=1):
        node = g.nodes[int(i) * k + k - 1]
        name = "Bamako" if n == 1 else f"City {n}"
        node.update(name=name, role="city", demand_m3_per_day=DEMAND_M3)
    pairs = [(i * k + j, i * k + j + 1) for i in range(k) for j in range(k - 1)]
    pairs += [(i * k + j, (i + 1) * k + j) for i in range(k - 1) for j in range(k)]
    caps = rng.integers(5, 41, size=len(pairs))
    lengths = rng.uniform(8.0, 12.0, size=len(pairs))
    for (u, v), cap, km in zip(pairs, caps.tolist(), lengths.tolist(), strict=True):
        data = {
            "segment_id": f"SYN:{u}-{v}", "osmid": [], "length_km": km, "highway": "primary",
            "ref": "", "name": "", "country": "SYN", "speed_kph": 50.0,
            "travel_time_h": km / 50.0, "capacity_trucks_per_day": float(cap),
            "surface": "asphalt", "lanes": 2, "corridors": [],
        }  # fmt: skip
        g.add_edge(u, v, **data)
        g.add_edge(v, u, **data)
    return g


def synthetic_parameters() -> ModelParameters:
    """LP parameters for synthetic graphs: no priorities, no fleet limit (as in the tests)."""
    return ModelParameters(
        default_weight=1.0, city_weights={}, blocks=(), cost_per_truck_km=1.0,
        fuel_value_per_m3=100.0, currency="X",
        fleet=FleetParameters(False, 0.0, 24.0, 0.0, 0.0, 0.0), solver="highs",
    )  # fmt: skip
