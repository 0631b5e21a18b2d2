"""``report --timeline`` hashes the network file once.

The timeline check hashed it to compare with the hash the timeline result recorded, then the
report's provenance hashed it again (a whole-Africa network file is read twice). Counted with
a monkeypatched counter, not timed.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

import supplychain.reports as reports
import supplychain.reports.stress as stress
from supplychain.cli import main
from supplychain.networks import build_network, save_network


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every file the report hashes for its provenance, by name."""
    count: Counter[str] = Counter()
    real = stress.file_record

    def counting(path: Any, **kw: Any) -> Any:
        count[Path(path).name] += 1
        return real(path, **kw)

    monkeypatch.setattr(stress, "file_record", counting)
    monkeypatch.setattr(reports, "file_record", counting)
    return count


def test_report_with_a_timeline_hashes_the_network_once(embedded_network: nx.MultiDiGraph,
                                                         tmp_path: Path, hashed: Counter[str]) -> None:
    net = save_network(embedded_network, tmp_path / "net.parquet")
    run = CliRunner().invoke(main, ["-q", "timeline", "--network", str(net), "--days", "3",
                                    "--out", str(tmp_path / "t.parquet")])  # fmt: skip
    assert run.exit_code == 0, run.output
    hashed.clear()
    out = CliRunner().invoke(main, ["report", "--network", str(net), "--timeline",
                                    str(tmp_path / "t.parquet"), "--out", str(tmp_path / "r.html")])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert hashed["net.parquet"] == 1
    # The timeline's recorded hash matched it: no "computed on another network" warning.
    assert "was computed on network" not in out.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert stress.file_record(net)["sha256"] in html


def test_run_digests_the_network_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`run` computed the network's fingerprint for each result's summary (N-1, Monte Carlo,
    the timeline) and again for the report's provenance: 4 passes over the network, one is
    enough (it is one network, built once)."""
    import supplychain.models.results as results

    count: Counter[str] = Counter()
    real = results.network_fingerprint

    def counting(graph: Any) -> str:
        count["network"] += 1
        return real(graph)

    monkeypatch.setattr(results, "network_fingerprint", counting)
    out = CliRunner().invoke(main, ["-q", "run", "--draws", "2", "--no-timeline", "--out-dir", str(tmp_path)])
    assert out.exit_code == 0, out.output
    assert count["network"] == 1
    # The one digest is what each summary records, and the report's network matched it.
    recorded = {next(i["values_sha256"] for i in json.loads((tmp_path / f"{n}.json").read_text())["command"]["inputs"]
                     if i.get("embedded")) for n in ("n-1", "monte-carlo")}  # fmt: skip
    assert recorded == {real(build_network("embedded"))}
    assert "is not this report's" not in (tmp_path / "embedded.html").read_text(encoding="utf-8")
