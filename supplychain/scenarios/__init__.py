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
    "decay_weight",
    "detect_format",
    "distribution_stats",
    "filter_incidents",
    "greedy_worst_case",
    "incident_threat",
    "load_threat",
    "monte_carlo",
    "n_minus_1",
    "n_minus_k",
    "quantile_ci",
    "read_incidents",
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
    "worst_case",
    "worst_case_sweep",
]
