"""`network build`'s checks of a built graph: the connectivity advice and the count of
repeated road lines dropped, on graphs of a few nodes built by hand."""

from __future__ import annotations

import networkx as nx
import pytest

from supplychain.errors import ConnectivityError
from supplychain.networks import build


def test_loading_points_cut_off_both_ways_get_each_its_advice() -> None:
    """A port on roads apart from Bamako's and another on Bamako's roads behind a one-way road:
    only "add the missing roads or widen --classes" was said, wrong for the second."""
    g = nx.MultiDiGraph()
    g.add_node("b", name="Bamako", role="city")
    g.add_node("k", name="Kayes", role="port")  # reached from Bamako, one way only
    g.add_node("d", name="Dakar", role="port")  # on roads of its own
    g.add_node("x")
    g.add_edge("b", "k", segment_id="RN1:Bamako-Kayes")
    g.add_edge("d", "x", segment_id="N1:Dakar-X")
    g.add_edge("x", "d", segment_id="N1:Dakar-X")
    with pytest.raises(ConnectivityError) as err:
        build._check_connectivity(g, [], hub="b")
    head = str(err.value).split(": port")[0]
    assert head.endswith("; add the missing roads or widen --classes for 'Dakar'; check the roads' oneway "
                         "tags or column for 'Kayes'")  # fmt: skip
    # One kind alone: its advice, without names, as before.
    g.remove_nodes_from(["d", "x"])
    with pytest.raises(ConnectivityError) as err:
        build._check_connectivity(g, [], hub="b")
    assert str(err.value).split(": port")[0].endswith("; check the roads' oneway tags or column")
