"""``supplychain run`` applies its scenario file to the network once.

It applied it for its own results and again for the report's, so a timeline given as the
steady-state scenario printed "... is a timeline: a steady-state command ignores its dates"
twice in one run (today's words: "the steady-state sections ignore its dates"). Counted with a
monkeypatched counter on the threat resolver, not timed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from supplychain.cli import main
from supplychain.scenarios.threat_resolve import ThreatDefinition

WARNING = "'t.toml' is a timeline: the steady-state sections ignore its dates (1 dated rule applied on every day)"


def test_run_applies_a_timeline_scenario_once_and_warns_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    applied: list[str] = []
    real = ThreatDefinition.resolve

    def counting(self: ThreatDefinition, graph: Any) -> Any:
        applied.append(Path(self.source).name)
        return real(self, graph)

    monkeypatch.setattr(ThreatDefinition, "resolve", counting)
    scenario = tmp_path / "t.toml"
    scenario.write_text('[timeline]\nstart = 2026-01-01\ndays = 3\n[[rule]]\nref = "RN3"\n'
                        "closed = true\nfrom = 2026-01-02\n", encoding="utf-8")  # fmt: skip
    with caplog.at_level("WARNING", logger="supplychain.cli.solve"):
        out = CliRunner().invoke(main, ["run", "--scenario", str(scenario), "--draws", "2",
                                        "--out-dir", str(tmp_path / "run")])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert caplog.text.count(WARNING) == 1
    assert applied == ["t.toml"]
    assert (tmp_path / "run" / "embedded.html").is_file()
