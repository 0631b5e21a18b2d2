"""Routes in a corridor network: flow decomposition, minimum cuts and alternative routes.

Pure functions on networkx graphs and plain dictionaries (no LP library), one module per
concern, re-exported here so ``from supplychain.models.paths import X`` keeps working:

* :mod:`~supplychain.models.paths.decomposition`: :func:`decompose_flows` turns the edge flows
  of the (generalized, lossy) fuel routing LP into paths from loading points to demand cities,
  each with its loaded, delivered and lost volume.
* :mod:`~supplychain.models.paths.cuts`: :func:`minimum_cut` finds the roads, border posts and
  loading points that limit how much fuel can reach one place (max-flow min-cut with node
  capacities by node splitting).
* :mod:`~supplychain.models.paths.alternatives`: :func:`alternative_routes` lists the best few
  routes between two places and the best route sharing no road segment with the first one.

The flow network of :func:`minimum_cut`, which :mod:`supplychain.scenarios.interdiction` builds
too (:func:`~supplychain.models.paths.cuts.cut_network` and its node names), is public in
:mod:`~supplychain.models.paths.cuts`.
"""

from __future__ import annotations

from supplychain.models.paths.alternatives import Alternatives, Route, alternative_routes
from supplychain.models.paths.cuts import CutResult, minimum_cut
from supplychain.models.paths.decomposition import PathFlow, decompose_flows

__all__ = [
    "Alternatives",
    "CutResult",
    "PathFlow",
    "Route",
    "alternative_routes",
    "decompose_flows",
    "minimum_cut",
]
