"""-v logs one summary line per stage, once: a sweep of timeline solves does not log each solve's
stages (``stress closure-days -v`` printed 4 lines per corridor, ``stress timeline-mc -v`` 4
or more per draw); -vv still does."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from supplychain.cli import main
from supplychain.models import load_model_parameters
from supplychain.scenarios.timeline_mc import timeline_monte_carlo
from supplychain.scenarios.timeline_stress import closure_days, load_timeline
from tests.test_timeline_mc import context


def _solve_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name.startswith("supplychain.models") and r.levelno == logging.INFO]  # fmt: skip


def test_closure_days_logs_no_line_per_closure_at_info(embedded_network: nx.MultiDiGraph,
                                                        caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    tl = load_timeline(None, embedded_network, start=date(2026, 1, 1), days=5)
    corridors = ["Conakry-Bamako", "Dakar-Bamako via Kayes"]
    with caplog.at_level(logging.INFO, logger="supplychain"):
        closure_days(embedded_network, load_model_parameters(), tl, corridors=corridors)
    assert _solve_lines(caplog) == []
    assert any(r.getMessage().startswith("closure-days: 2 corridors") for r in caplog.records)
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="supplychain"):
        closure_days(embedded_network, load_model_parameters(), tl, corridors=corridors)
    # -vv: each of the three solves (unclosed, two closures) logs its stages.
    assert sum("Timeline stage 1" in m for m in _solve_lines(caplog)) == 3
    assert logging.getLogger("supplychain.models").level == logging.NOTSET  # restored


@pytest.mark.parametrize("warm", [False, True])
def test_timeline_mc_logs_no_line_per_draw_at_info(warm: bool, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="supplychain"):
        timeline_monte_carlo(context(warm=warm), draws=6, chunk_size=3, progress=False)
    lines = _solve_lines(caplog)
    # The base run's solve may log (one stage); none of the six draws does.
    assert sum("Timeline stage 1" in m for m in lines) <= 1, lines
    assert any(r.getMessage().startswith("timeline-mc: 6 draws") for r in caplog.records)


def test_a_threat_file_is_logged_once_by_timeline(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # The look ahead at the files a --scenario reads (to refuse an --out onto one) loaded and
    # logged the threat file a first time: "Threat file '...': 7 rules" twice at -v.
    timeline_file = Path(__file__).resolve().parents[1] / "models" / "timeline-blockade-2025-26.toml"
    out = tmp_path / "tl.parquet"
    with caplog.at_level(logging.INFO, logger="supplychain"):
        r = CliRunner().invoke(main, ["timeline", "-v", "--scenario", str(timeline_file), "--days", "3",
                                      "--out", str(out)])  # fmt: skip
    assert r.exit_code == 0, r.output
    read = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Threat file")]
    assert len(read) == 1, read


def test_timeline_mc_logs_its_threat_file_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # stress timeline-mc -v logged "Threat file '...': 3 rules, with incidents" three times.
    threat = Path(__file__).resolve().parents[1] / "models" / "threat-blockade-2025.toml"
    out = tmp_path / "tmc.parquet"
    with caplog.at_level(logging.INFO, logger="supplychain"):
        r = CliRunner().invoke(main, ["stress", "timeline-mc", "-v", "--scenario", str(threat), "--draws", "1",
                                      "--days", "3", "--out", str(out)])  # fmt: skip
    assert r.exit_code == 0, r.output
    read = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Threat file")]
    assert len(read) == 1, read
