"""Corridor networks: every source (embedded, OSM XML/PBF, Overpass, GIS layer) in one schema."""

from __future__ import annotations

from supplychain.networks.build import (
    EMBEDDED_NETWORK_PATH,
    BuildOptions,
    build_network,
    finalize_network,
)
from supplychain.networks.info import NetworkSummary, PortRoute, summarize_network
from supplychain.networks.io import NETWORK_FORMATS, load_network, save_network
from supplychain.networks.params import NetworkParameters, load_network_parameters
from supplychain.networks.places import (
    Corridor,
    Place,
    load_corridors,
    load_places,
    snap_places,
)
from supplychain.networks.schema import (
    EDGE_ATTRIBUTES,
    NODE_ATTRIBUTES,
    schema_markdown,
    validate_network,
)

__all__ = [
    "EDGE_ATTRIBUTES",
    "EMBEDDED_NETWORK_PATH",
    "NETWORK_FORMATS",
    "NODE_ATTRIBUTES",
    "BuildOptions",
    "Corridor",
    "NetworkParameters",
    "NetworkSummary",
    "Place",
    "PortRoute",
    "build_network",
    "finalize_network",
    "load_corridors",
    "load_network",
    "load_network_parameters",
    "load_places",
    "save_network",
    "schema_markdown",
    "snap_places",
    "summarize_network",
    "validate_network",
]
