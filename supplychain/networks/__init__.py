"""Corridor networks: every source (embedded, OSM XML/PBF, Overpass, GIS layer) in one schema."""

from __future__ import annotations

from typing import TYPE_CHECKING

from supplychain._lazy import lazy_exports

if TYPE_CHECKING:
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
        validate_model_inputs,
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
    "validate_model_inputs",
    "validate_network",
]

# Names are imported on first use (PEP 562): loading a saved network must not pay for the
# OSM and GIS stack (osmnx, geopandas, pyproj: about a second of start-up) that building one
# needs. ``from supplychain.networks import build_network`` works as before.
_MODULE_OF: dict[str, str] = {
    "EMBEDDED_NETWORK_PATH": "supplychain.networks.build",
    "BuildOptions": "supplychain.networks.build",
    "build_network": "supplychain.networks.build",
    "finalize_network": "supplychain.networks.build",
    "NetworkSummary": "supplychain.networks.info",
    "PortRoute": "supplychain.networks.info",
    "summarize_network": "supplychain.networks.info",
    "NETWORK_FORMATS": "supplychain.networks.io",
    "load_network": "supplychain.networks.io",
    "save_network": "supplychain.networks.io",
    "NetworkParameters": "supplychain.networks.params",
    "load_network_parameters": "supplychain.networks.params",
    "Corridor": "supplychain.networks.places",
    "Place": "supplychain.networks.places",
    "load_corridors": "supplychain.networks.places",
    "load_places": "supplychain.networks.places",
    "snap_places": "supplychain.networks.places",
    "EDGE_ATTRIBUTES": "supplychain.networks.schema",
    "NODE_ATTRIBUTES": "supplychain.networks.schema",
    "schema_markdown": "supplychain.networks.schema",
    "validate_model_inputs": "supplychain.networks.schema",
    "validate_network": "supplychain.networks.schema",
}


__getattr__, __dir__ = lazy_exports(__name__, _MODULE_OF, globals(), __all__)
