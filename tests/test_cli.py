"""Command line: help everywhere, build/info, one-line errors with exit code 1."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from supplychain.cli import main

from .conftest import DATA

TINY = ["--places", str(DATA / "tiny_places.toml"), "--corridors", str(DATA / "tiny_corridors.toml")]


@pytest.mark.parametrize("args", [[], ["network"], ["network", "build"], ["network", "info"], ["schema"]])
def test_help_on_every_command(args: list[str]) -> None:
    result = CliRunner().invoke(main, [*args, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_build_and_info(tmp_path: Path) -> None:
    out = tmp_path / "tiny.parquet"
    runner = CliRunner()
    result = runner.invoke(main, ["network", "build", "--source", str(DATA / "tiny.osm"), *TINY,
                                  "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Tambacounda" in result.output and out.is_file()
    info = runner.invoke(main, ["-q", "network", "info", str(out), "--json"])
    assert info.exit_code == 0, info.output
    summary = json.loads(info.output)
    assert summary["ports"] == ["Tambacounda"]
    assert summary["routes"][0]["reachable"] is True
    seg = runner.invoke(main, ["-q", "network", "info", str(out), "--segments"])
    assert "RN1:Kayes-Diéma" in seg.output


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "supplychain", *args], capture_output=True, text=True,
                          check=False)


def test_user_error_is_one_line_exit_1(tmp_path: Path) -> None:
    proc = _run("network", "build", "--source", str(tmp_path / "missing.osm"), *TINY,
                "--out", str(tmp_path / "x.graphml"))
    assert proc.returncode == 1
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and "missing.osm" in lines[0]
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "x.graphml").exists()


def test_bad_map_option(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["network", "build", "--source", "embedded", "--map", "nonsense",
                                       "--out", str(tmp_path / "x.gpkg")])
    assert result.exit_code == 1
    assert "is not ATTR=COLUMN" in result.output


def test_info_on_missing_network(tmp_path: Path) -> None:
    proc = _run("network", "info", str(tmp_path / "none.parquet"))
    assert proc.returncode == 1 and "does not exist" in proc.stderr


def test_run_finds_its_default_scenario_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The default threat file is the checkout's models/threat-blockade-2025.toml, found from
    # the package, not from the working directory (it used to fail outside the checkout).
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["-q", "run", "--draws", "5", "--out-dir", "out"])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / "embedded.html").read_text(encoding="utf-8")
    assert "threat-blockade-2025.toml" in html
    # ... and, the threat having no dates, the 2025-26 back-test against the observed arrivals
    # for the days-of-cover section.
    summary = json.loads((tmp_path / "out" / "timeline.json").read_text(encoding="utf-8"))
    assert summary["days"] == 181 and summary["command"]["scenario"].endswith(
        "timeline-blockade-2025-26.toml")
    assert summary["observed"], "the back-test's observed arrivals are compared"
    assert '<section id="timeline">' in html


def test_run_without_the_timeline(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["-q", "run", "--draws", "5", "--no-timeline",
                                       "--out-dir", str(tmp_path)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "timeline.parquet").exists()
    assert '<section id="timeline">' not in (tmp_path / "embedded.html").read_text(encoding="utf-8")
