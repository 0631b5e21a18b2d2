"""supplychain: a fuel supply-chain disruption optimizer for the road corridors into Mali."""

from __future__ import annotations

import logging

from supplychain.errors import (
    ArgumentError,
    ConnectivityError,
    DataFileError,
    NetworkSourceError,
    OverpassError,
    ParameterError,
    SchemaError,
    SolverError,
    SupplyChainError,
)

__all__ = [
    "ArgumentError",
    "ConnectivityError",
    "DataFileError",
    "NetworkSourceError",
    "OverpassError",
    "ParameterError",
    "SchemaError",
    "SolverError",
    "SupplyChainError",
    "__version__",
]

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
