"""Every command reads and checks its threat (or timeline) file once.

``stress timeline-mc`` read it three times (with its incidents CSV): a look ahead for the files
it names, again for the timeline, and a third time for its attack rules. ``timeline``,
``stress closure-days``, ``report`` and ``run`` read it twice (the look ahead, then the
timeline or the scenario; ``run`` for its own results, then for the report's). Counted with a
monkeypatched counter on the threat reader, not timed.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import supplychain.scenarios.threats as threats
from supplychain.cli import main

MODELS = Path(__file__).resolve().parent.parent / "models"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every threat file read and checked, by name (inherited files counted with their own)."""
    count: Counter[str] = Counter()
    real = threats._load

    def counting(path: Path, stack: tuple[Path, ...]) -> Any:
        count[path.name] += 1
        return real(path, stack)

    monkeypatch.setattr(threats, "_load", counting)
    return count


def test_timeline_mc_reads_the_threat_file_once(reads: Counter[str], tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["-q", "stress", "timeline-mc", "--scenario",
                                    str(MODELS / "threat-blockade-2025.toml"), "--days", "3",
                                    "--draws", "2", "--out", str(tmp_path / "t.parquet")])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert reads == {"threat-blockade-2025.toml": 1}
    assert (tmp_path / "t.parquet").is_file()


THREAT = str(MODELS / "threat-blockade-2025.toml")
TIMELINE = str(MODELS / "timeline-blockade-2025-26.toml")


@pytest.mark.parametrize(("command", "name"), [
    (["timeline", "--scenario", THREAT, "--days", "3", "--out", "{tmp}/t.parquet"], "threat-blockade-2025.toml"),
    (["timeline", "--scenario", TIMELINE, "--days", "3", "--out", "{tmp}/t.parquet"], "timeline-blockade-2025-26.toml"),
    (["stress", "closure-days", "--scenario", THREAT, "--days", "3", "--out", "{tmp}/c.parquet"],
     "threat-blockade-2025.toml"),
    (["report", "--scenario", THREAT, "--out", "{tmp}/r.html"], "threat-blockade-2025.toml"),
    (["run", "--scenario", THREAT, "--draws", "5", "--no-timeline", "--out-dir", "{tmp}/run"],
     "threat-blockade-2025.toml"),
    (["solve", "--scenario", THREAT], "threat-blockade-2025.toml"),
])  # fmt: skip
def test_a_command_reads_its_threat_file_once(reads: Counter[str], tmp_path: Path, command: list[str],
                                              name: str) -> None:
    out = CliRunner().invoke(main, ["-q", *(c.format(tmp=tmp_path) for c in command)])
    assert out.exit_code == 0, out.output
    assert reads == {name: 1}


def test_timeline_mc_still_refuses_a_plain_scenario_file(reads: Counter[str], tmp_path: Path) -> None:
    # Not a threat file, and said so (read as one, it was "key 'segment': unknown key").
    out = CliRunner().invoke(main, ["stress", "timeline-mc", "--scenario",
                                    str(MODELS / "scenario-blockade-2025.toml"), "--days", "3",
                                    "--draws", "2", "--out", str(tmp_path / "t.parquet")])  # fmt: skip
    assert out.exit_code == 1
    assert "error: 'scenario-blockade-2025.toml' is a plain scenario file" in out.output
    assert "unknown key" not in out.output
