"""supplychain: a fuel supply-chain disruption optimizer for the road corridors into Mali.

The subpackages are ``networks``, ``models``, ``scenarios``, ``reports`` and ``cli``; each
module's ``__all__`` is its public API. A private name (``_helper``) stays inside its
subpackage: another subpackage imports only what a module's ``__all__`` lists
(tests/test_module_api.py checks).

The root modules whose names start with ``_`` are the package's internal utilities, shared by
every subpackage and not for users (their ``__all__`` is what the subpackages use):

- ``_atomic``: atomic file output (write beside the target, then rename);
- ``_csv``: the separator and Excel's ``sep=`` line, as the CSV readers decide them;
- ``_entry``: the console script, a Ctrl-C during the command line's start-up in one line;
- ``_gc``: pausing the cyclic garbage collector around allocation-heavy work;
- ``_highs``: the HiGHS copyright banner kept out of the command line's output, solves Ctrl-C stops;
- ``_json``: strict JSON (no ``NaN``), floats to 12 significant digits, JSON read with
  integers of over 4,000 digits refused;
- ``_lazy``: a package's names loaded on first use (PEP 562);
- ``_logs``: the log lines of the solves inside a sweep;
- ``_names``: names in messages (a node's place name, "did you mean ...?");
- ``_node_errors``: the error class that derives from networkx, loaded on first use;
- ``_paths``: where the default data live (checkout or installed copy);
- ``_problems``: one summarised error for a file written for another network;
- ``_records``: provenance records of input files (SHA-256) and of a result's command;
- ``_stdio``: standard descriptors a process was started without, reopened on /dev/null;
- ``_status``: a status line with the time elapsed while HiGHS solves without calling back;
- ``_toml``: TOML reading and key checks with precise messages.
"""

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
