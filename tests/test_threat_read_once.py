"""``stress timeline-mc`` reads and checks its threat file once.

It read it three times (with its incidents CSV): a look ahead for the files it names, again
for the timeline, and a third time for its attack rules. Counted with a monkeypatched counter
on the threat reader, not timed.
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


def test_timeline_mc_still_refuses_a_plain_scenario_file(reads: Counter[str], tmp_path: Path) -> None:
    # Not a threat file: read as one for the attack rules, which says what is wrong.
    out = CliRunner().invoke(main, ["stress", "timeline-mc", "--scenario",
                                    str(MODELS / "scenario-blockade-2025.toml"), "--days", "3",
                                    "--draws", "2", "--out", str(tmp_path / "t.parquet")])  # fmt: skip
    assert out.exit_code == 1
    assert "'scenario-blockade-2025.toml' key 'segment': unknown key" in out.output
