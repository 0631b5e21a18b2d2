"""The N-1 / N-k ranking chart on a phone: closure labels in lines, the chart as tall as they need.

On the flownet West-African layer segment ids name junctions by coordinates ("primary:Dakar-
14.703N 17.045W", up to 40 characters) and an N-k pair joins two (80): at 390 px the y-axis
labels took the chart's width and were cut at its left edge ("...4.703N 17.045W + primary:C").
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from supplychain.reports.figures.stress import ranking_figure
from supplychain.reports.stress import StressData, load_stress

PAIRS = [("primary:Dakar-14.703N 17.045W", "primary:Conakry-9.706N 13.501W"),
         ("primary:Dakar-14.703N 17.045W", "primary:16.235N 0.041W-14.206N 1.479E")]  # fmt: skip


def _n_k(ids: list[str]) -> StressData:
    n = len(ids)
    table = pd.DataFrame({
        "rank": range(1, n + 1), "id": ids, "throughput_lost_m3_per_day": [5980.0, 4600.0],
        "throughput_lost_tankers_per_day": [130.0, 100.0], "throughput_lost_pct": [56.3, 43.3],
        "served_lost_m3_per_day": [104.0, 0.0], "served_lost_tankers_per_day": [2.3, 0.0],
        "served_lost_pct": [2.2, 0.0], "single_point_of_failure": [False] * n,
        "status": ["optimal"] * n,
    })  # fmt: skip
    return load_stress(StressData("n-k", "nk.parquet", table, {"sweep": "n-k"}))


def test_phone_labels_of_an_imported_layers_n_k_pairs_go_in_lines(real_network: nx.MultiDiGraph) -> None:
    known = {d["segment_id"] for _, _, d in real_network.edges(data=True)}
    assert {s for pair in PAIRS for s in pair} <= known  # the layer's own ids
    fig = ranking_figure(_n_k([" + ".join(p) for p in PAIRS]))
    for trace in fig.data:
        narrow = trace.meta["narrow"]["y"]
        assert len(narrow) == len(trace.y)
        for wide, lines in zip(trace.y, narrow, strict=True):
            parts = lines.split("<br>")
            assert len(parts) >= 3
            # No line wider than 22 characters but a piece that cannot break (a coordinate
            # pair with its hyphen), and nothing lost: the lines put together are the label.
            assert max(len(x) for x in parts) <= len("primary:16.235N 0.041W-")
            assert "".join(x if x.endswith("-") else x + " " for x in parts).strip() == wide
    meta = fig.layout.meta["narrow"]
    assert meta["yaxis.tickfont.size"] == 11
    lines = max(x.count("<br>") + 1 for x in fig.data[0].meta["narrow"]["y"])
    assert meta["height"] >= 14 * lines * len(PAIRS) + 140
