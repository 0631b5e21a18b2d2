"""models/threat-attacks-2025-26.toml: the back-test's attacks drawn at their observed rate, and
the warning when recorded attacks stay beside risks drawn where they fell."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from supplychain.cli import main
from supplychain.models.timeline import Attack, Timeline
from supplychain.scenarios.threats import load_threat
from supplychain.scenarios.timeline_mc import AttackRisk, attack_risks, recorded_within_risks
from supplychain.scenarios.timeline_stress import load_timeline

REPO = Path(__file__).resolve().parents[1]
RATES = REPO / "models" / "threat-attacks-2025-26.toml"
BACKTEST = REPO / "models" / "timeline-blockade-2025-26.toml"
WARNING = "of the file's recorded attacks fall"


def test_each_recorded_attack_has_a_risk_on_its_own_roads_at_one_per_151_days(
        embedded_network: nx.MultiDiGraph) -> None:  # fmt: skip
    # FACTS.md "Attacks on tankers": six attacks, 3 Sep 2025 - 31 Jan 2026 (151 days).
    tl = load_timeline(RATES, embedded_network)
    risks = attack_risks(load_threat(RATES), embedded_network, tl)
    backtest = load_timeline(BACKTEST, embedded_network)
    assert tl.attacks == backtest.attacks and tl.days == backtest.days == 181
    assert len(risks) == len(tl.attacks) == 6
    first, last = (date(2025, 9, 3) - tl.start).days, (date(2026, 1, 31) - tl.start).days
    assert last - first + 1 == 151
    sep_10, jan_30 = (date(2025, 9, 10) - tl.start).days, (date(2026, 1, 30) - tl.start).days
    for attack, risk in zip(tl.attacks, risks, strict=True):
        # The same selection as the recorded attack (same box or polygon), within the window.
        assert risk.segments == attack.segments, (attack.label, risk.label)
        assert (risk.first, risk.last) == (first, last) and first <= attack.day <= last
        # No traffic on 3-9 Sep (closed, or escorted before the first escort unit), nor on the
        # Senegal route from 30 Jan (closed): one attack expected over the days with traffic.
        senegal = attack.label in ("Kaniéra-Lakamané", "50 km from Kati", "Diboli-Kayes")
        assert risk.idle_days == frozenset(range(first, sep_10)) | (
            frozenset(range(jan_30, last + 1)) if senegal else frozenset()), attack.label
        assert attack.day not in risk.idle_days
        assert risk.probability_per_day == pytest.approx(1 / (151 - len(risk.idle_days)), rel=0.01)
        assert risk.expected_attacks == pytest.approx(1.0, rel=0.01)
    assert sum(r.expected_attacks for r in risks) == pytest.approx(6.0, rel=0.01)
    assert recorded_within_risks(tl, risks) == [(a.label, r.label) for a, r in zip(tl.attacks, risks, strict=True)]


def test_recorded_attacks_outside_a_risks_roads_or_window_are_not_named() -> None:
    attacks = (Attack("in", 4, 40.0, frozenset({"a", "b"})), Attack("other road", 4, 40.0, frozenset({"c"})),
               Attack("too early", 1, 40.0, frozenset({"a"})), Attack("no chance", 4, 40.0, frozenset({"z"})))  # fmt: skip
    tl = Timeline("t", "", date(2026, 1, 1), 10, attacks=attacks)
    risks = [AttackRisk("r", 0.1, frozenset({"b", "x"}), 2, 9), AttackRisk("s", 0.1, frozenset({"a"}), 3, 9),
             AttackRisk("zero", 0.0, frozenset({"z"}), 0, 9)]  # fmt: skip
    assert recorded_within_risks(tl, risks) == [("in", "r")]
    # On a risk's idle day (no fuel on its roads) no attack is drawn: nothing counts twice.
    idle = [AttackRisk("r", 0.1, frozenset({"b", "x"}), 2, 9, frozenset({4})), *risks[1:]]
    assert recorded_within_risks(tl, idle) == [("in", "s")]
    # Risks given as an iterator: each attack was looked up in what the previous ones left of
    # it, so only the first was named (fuzz24).
    again = (Attack("again", 5, 40.0, frozenset({"b"})),)
    both = Timeline("t", "", date(2026, 1, 1), 10, attacks=attacks + again)
    assert recorded_within_risks(both, iter(risks)) == [("in", "r"), ("again", "r")]


@pytest.mark.parametrize("drop", [False, True])
def test_the_command_warns_when_recorded_attacks_stay_beside_their_risks(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, drop: bool) -> None:  # fmt: skip
    out = tmp_path / "mc.parquet"
    # 20 days: one recorded attack (14 Sep, Kaniéra-Lakamané) within the horizon.
    result = CliRunner().invoke(main, [
        "stress", "timeline-mc", "--scenario", str(RATES), "--days", "20", "--draws", "1",
        *(["--drop-recorded-attacks"] if drop else []), "--out", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (WARNING in caplog.text) is not drop, caplog.text
    if not drop:
        assert "'Kaniéra-Lakamané' on 'attacks at Kaniéra-Lakamané'" in caplog.text
        assert "1 recorded attack kept" in result.output
    else:
        assert "0 recorded attacks kept" in result.output
