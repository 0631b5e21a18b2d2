"""Monte Carlo on a threat whose every attack probability is 0: the error says so.

Such a file has attack_probability rules (the resolver drops the zero ones), so the message
for a file without any, "give a threat scenario with attack_probability rules", sent the user
looking for rules they had.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from supplychain.cli import main

_THREAT = """name = "zero"
[[rule]]
label = "never"
segments = ["RN1:Kayes-Sandaré"]
attack_probability = 0.0
"""


def test_all_zero_probabilities_say_above_zero(tmp_path: Path) -> None:
    threat = tmp_path / "zero.toml"
    threat.write_text(_THREAT, encoding="utf-8")
    r = CliRunner().invoke(main, ["stress", "monte-carlo", "--scenario", str(threat), "--draws", "5",
                                  "--out", str(tmp_path / "z.parquet")])  # fmt: skip
    assert r.exit_code == 1, r.output
    assert "No segment has an attack probability above 0" in r.output
    assert "attack_probability rules above 0" in r.output
