"""supplychain: a fuel supply-chain disruption optimizer for the road corridors into Mali."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from supplychain._lazy import lazy_exports
from supplychain.errors import (
    ArgumentError,
    ArgumentTypeError,
    ConnectivityError,
    DataFileError,
    NetworkSourceError,
    OverpassError,
    ParameterError,
    SchemaError,
    SolverError,
    SupplyChainError,
    UnknownElementError,
)

if TYPE_CHECKING:
    from supplychain.errors import UnknownNodeError

__all__ = [
    "ArgumentError",
    "ArgumentTypeError",
    "ConnectivityError",
    "DataFileError",
    "NetworkSourceError",
    "OverpassError",
    "ParameterError",
    "SchemaError",
    "SolverError",
    "SupplyChainError",
    "UnknownElementError",
    "UnknownNodeError",
    "__version__",
]

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

# UnknownNodeError derives from networkx.NodeNotFound: loaded on first use (PEP 562), so that
# ``import supplychain`` does not import networkx.
__getattr__, __dir__ = lazy_exports(
    __name__, {"UnknownNodeError": "supplychain.errors"}, globals(), __all__
)
