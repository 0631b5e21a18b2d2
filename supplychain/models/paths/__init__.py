"""Routes in a corridor network: flow decomposition, minimum cuts and alternative routes.

Re-exports the public names of the submodules, so ``from supplychain.models.paths import X``
keeps working. The private helpers that :mod:`supplychain.scenarios.interdiction` uses (the same
single-commodity network as :func:`minimum_cut`) are re-exported too, not in ``__all__``; the
redundant ``as`` aliases mark them as re-exports.
"""

from __future__ import annotations

from supplychain.models.paths.decomposition import _SUPER_SOURCE as _SUPER_SOURCE
from supplychain.models.paths.decomposition import (
    Alternatives,
    CutResult,
    PathFlow,
    Route,
    alternative_routes,
    decompose_flows,
    minimum_cut,
)
from supplychain.models.paths.decomposition import _check_capacity as _check_capacity
from supplychain.models.paths.decomposition import _cut_network as _cut_network
from supplychain.models.paths.decomposition import _json_safe as _json_safe
from supplychain.models.paths.decomposition import _label as _label
from supplychain.models.paths.decomposition import _node_in as _node_in
from supplychain.models.paths.decomposition import _node_out as _node_out

__all__ = [
    "Alternatives",
    "CutResult",
    "PathFlow",
    "Route",
    "alternative_routes",
    "decompose_flows",
    "minimum_cut",
]
