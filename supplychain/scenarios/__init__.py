"""Threat scenarios and stress-test sweeps.

:mod:`~supplychain.scenarios.selectors` picks segments by id, road number, corridor, border
post or area; :mod:`~supplychain.scenarios.incidents` turns geocoded attacks into attack
probabilities per segment; :mod:`~supplychain.scenarios.threats` reads threat files (rules and
incidents, with inheritance) into a :class:`ThreatScenario` holding a
:class:`~supplychain.models.scenario.Scenario`, attack probabilities and explanations;
:mod:`~supplychain.scenarios.sweeps` runs N-1, N-k, Monte Carlo and the worst case
(:mod:`~supplychain.scenarios.interdiction`) on an executor, resumably.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from supplychain._lazy import lazy_exports

if TYPE_CHECKING:
    from supplychain.scenarios.executors import run_chunks
    from supplychain.scenarios.incidents import (
        Contribution,
        Incident,
        IncidentThreat,
        decay_weight,
        detect_format,
        filter_incidents,
        incident_threat,
        read_incidents,
    )
    from supplychain.scenarios.interdiction import Interdiction, greedy_worst_case, worst_case
    from supplychain.scenarios.selectors import (
        segment_geometries,
        select_bbox,
        select_border_posts,
        select_corridor,
        select_near,
        select_polygon,
        select_polygon_file,
        select_ref,
        select_segments,
    )
    from supplychain.scenarios.store import ChunkStore
    from supplychain.scenarios.sweeps import (
        SweepContext,
        SweepResult,
        distribution_stats,
        monte_carlo,
        n_minus_1,
        n_minus_k,
        quantile_ci,
        worst_case_sweep,
    )
    from supplychain.scenarios.threats import (
        AttackGroup,
        IncidentSettings,
        ThreatDefinition,
        ThreatRule,
        ThreatScenario,
        load_threat,
    )
    from supplychain.scenarios.timeline_mc import TimelineMCContext, timeline_monte_carlo
    from supplychain.scenarios.timeline_stress import closure_days, load_timeline
    from supplychain.scenarios.timelines import resolve_timeline

__all__ = [
    "AttackGroup",
    "ChunkStore",
    "Contribution",
    "Incident",
    "IncidentSettings",
    "IncidentThreat",
    "Interdiction",
    "SweepContext",
    "SweepResult",
    "ThreatDefinition",
    "ThreatRule",
    "ThreatScenario",
    "TimelineMCContext",
    "closure_days",
    "decay_weight",
    "detect_format",
    "distribution_stats",
    "filter_incidents",
    "greedy_worst_case",
    "incident_threat",
    "load_threat",
    "load_timeline",
    "monte_carlo",
    "n_minus_1",
    "n_minus_k",
    "quantile_ci",
    "read_incidents",
    "resolve_timeline",
    "run_chunks",
    "segment_geometries",
    "select_bbox",
    "select_border_posts",
    "select_corridor",
    "select_near",
    "select_polygon",
    "select_polygon_file",
    "select_ref",
    "select_segments",
    "timeline_monte_carlo",
    "worst_case",
    "worst_case_sweep",
]

# Names are imported on first use (PEP 562), as in :mod:`supplychain.networks`: a sweep must
# not pay at start-up for the threat files, incidents, area selectors (pyproj) and the
# interdiction MIP it does not use. ``from supplychain.scenarios import load_threat`` works as
# before.
_MODULE_OF: dict[str, str] = {
    "run_chunks": "supplychain.scenarios.executors",
    "TimelineMCContext": "supplychain.scenarios.timeline_mc",
    "timeline_monte_carlo": "supplychain.scenarios.timeline_mc",
    "closure_days": "supplychain.scenarios.timeline_stress",
    "load_timeline": "supplychain.scenarios.timeline_stress",
    "resolve_timeline": "supplychain.scenarios.timelines",
    "Contribution": "supplychain.scenarios.incidents",
    "Incident": "supplychain.scenarios.incidents",
    "IncidentThreat": "supplychain.scenarios.incidents",
    "decay_weight": "supplychain.scenarios.incidents",
    "detect_format": "supplychain.scenarios.incidents",
    "filter_incidents": "supplychain.scenarios.incidents",
    "incident_threat": "supplychain.scenarios.incidents",
    "read_incidents": "supplychain.scenarios.incidents",
    "Interdiction": "supplychain.scenarios.interdiction",
    "greedy_worst_case": "supplychain.scenarios.interdiction",
    "worst_case": "supplychain.scenarios.interdiction",
    "segment_geometries": "supplychain.scenarios.selectors",
    "select_bbox": "supplychain.scenarios.selectors",
    "select_border_posts": "supplychain.scenarios.selectors",
    "select_corridor": "supplychain.scenarios.selectors",
    "select_near": "supplychain.scenarios.selectors",
    "select_polygon": "supplychain.scenarios.selectors",
    "select_polygon_file": "supplychain.scenarios.selectors",
    "select_ref": "supplychain.scenarios.selectors",
    "select_segments": "supplychain.scenarios.selectors",
    "ChunkStore": "supplychain.scenarios.store",
    "SweepContext": "supplychain.scenarios.sweeps",
    "SweepResult": "supplychain.scenarios.sweeps",
    "distribution_stats": "supplychain.scenarios.sweeps",
    "monte_carlo": "supplychain.scenarios.sweeps",
    "n_minus_1": "supplychain.scenarios.sweeps",
    "n_minus_k": "supplychain.scenarios.sweeps",
    "quantile_ci": "supplychain.scenarios.sweeps",
    "worst_case_sweep": "supplychain.scenarios.sweeps",
    "AttackGroup": "supplychain.scenarios.threats",
    "IncidentSettings": "supplychain.scenarios.threats",
    "ThreatDefinition": "supplychain.scenarios.threats",
    "ThreatRule": "supplychain.scenarios.threats",
    "ThreatScenario": "supplychain.scenarios.threats",
    "load_threat": "supplychain.scenarios.threats",
}


__getattr__, __dir__ = lazy_exports(__name__, _MODULE_OF, globals(), __all__)
