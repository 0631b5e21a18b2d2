"""Threat scenarios: selectors on the network, incidents (ACLED/UCDP) and threat files.

:mod:`~supplychain.scenarios.selectors` picks segments by id, road number, corridor, border
post or area; :mod:`~supplychain.scenarios.incidents` turns geocoded attacks into attack
probabilities per segment; :mod:`~supplychain.scenarios.threats` reads threat files (rules and
incidents, with inheritance) into a :class:`ThreatScenario` holding a
:class:`~supplychain.models.scenario.Scenario`, attack probabilities and explanations.
"""

from __future__ import annotations

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
    "Contribution",
    "Incident",
    "IncidentSettings",
    "IncidentThreat",
    "ThreatDefinition",
    "ThreatRule",
    "ThreatScenario",
    "decay_weight",
    "detect_format",
    "filter_incidents",
    "incident_threat",
    "load_threat",
    "read_incidents",
    "segment_geometries",
    "select_bbox",
    "select_border_posts",
    "select_corridor",
    "select_near",
    "select_polygon",
    "select_polygon_file",
    "select_ref",
    "select_segments",
]
