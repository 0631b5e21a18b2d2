"""The timeline names a crossing into Mali without a border post by the segment that crosses.

On the flownet West-African layer the road from Niger by Ménaka is a chain of two segments
through a plain junction in Niger (15.117N 1.995E), which the timeline contracts into one arc.
Its arrivals were named after the chain's first segment, wholly in Niger
("primary:15.117N 1.995E-14.321N 2.075E (no border post)"), while ``network info`` and the
build's warning list the segment that crosses ("primary:18.902N 0.778E-15.117N 1.995E"): an
analyst closing the id the timeline printed closed a road in Niger.
"""

from __future__ import annotations

import datetime

import networkx as nx

from supplychain.models.params import ModelParameters
from supplychain.models.timeexp import build_timeline_model, solve_timeline
from supplychain.models.timeline import Timeline
from supplychain.networks.borders import unposted_entries

NO_POST = " (no border post)"


def test_timeline_names_each_unposted_crossing_as_network_info_lists_it(
    real_network: nx.MultiDiGraph, params: ModelParameters
) -> None:
    timeline = Timeline("calm", "", datetime.date(2026, 1, 1), 2)
    result = solve_timeline(build_timeline_model(real_network, params, timeline))
    named = sorted(n.removesuffix(NO_POST) for n in result.borders if n.endswith(NO_POST))
    listed = sorted(e.segment_id for e in unposted_entries(real_network))
    assert "primary:18.902N 0.778E-15.117N 1.995E" in listed
    assert named == listed
