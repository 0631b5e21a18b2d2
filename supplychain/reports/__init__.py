"""Self-contained HTML reports: headline, map, routes, stress, timeline, comparison, provenance.

Pure: results in, HTML out. Solving happens before (``run_scenario`` in the CLI); this package
only reads results, stress-test files and the bundled country shapes.

Examples
--------
>>> from supplychain.reports import build_report, write_report
>>> callable(build_report) and callable(write_report)
True
"""

from __future__ import annotations

from supplychain.reports.builder import (
    MAX_BYTES,
    SECTIONS,
    build_report,
    headline_sentence,
    write_report,
)
from supplychain.reports.data import ScenarioRun, edge_flows
from supplychain.reports.stress import (
    StressData,
    SweepLike,
    command_record,
    file_record,
    load_stress,
)
from supplychain.reports.timeline_section import TimelineData, load_timeline_result

__all__ = [
    "MAX_BYTES",
    "SECTIONS",
    "ScenarioRun",
    "StressData",
    "SweepLike",
    "TimelineData",
    "build_report",
    "command_record",
    "edge_flows",
    "file_record",
    "headline_sentence",
    "load_stress",
    "load_timeline_result",
    "write_report",
]
