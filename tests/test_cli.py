"""Command line: help everywhere, build/info, one-line errors with exit code 1."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import click
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


def test_info_takes_the_network_as_the_other_commands_do() -> None:
    # `solve --network X` but `network info X`: `network info --network X` was refused.
    runner = CliRunner()
    named = runner.invoke(main, ["-q", "network", "info", "--network", "embedded", "--json"])
    assert named.exit_code == 0, named.output
    given = runner.invoke(main, ["-q", "network", "info", "embedded", "--json"]).output
    # The same summary but for the time of each build (`created`, a second apart at most).
    first, second = (json.loads(out) for out in (named.output, given))
    assert first["build"].pop("created") and second["build"].pop("created")
    assert first == second
    both = runner.invoke(main, ["network", "info", "x.parquet", "--network", "embedded"])
    assert both.exit_code != 0 and "two networks given, 'x.parquet' and --network 'embedded'" in both.output


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


def test_stress_start_up_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    """The start-up runs without garbage collection and freezes what it made; a command run
    in-process leaves collection on and nothing frozen, after a success or an error."""
    import gc

    assert gc.isenabled() and gc.get_freeze_count() == 0
    ok = CliRunner().invoke(main, ["-q", "stress", "n-1", "--out", str(tmp_path / "n1.parquet")])
    assert ok.exit_code == 0, ok.output
    assert gc.isenabled() and gc.get_freeze_count() == 0
    bad = CliRunner().invoke(main, ["-q", "stress", "n-1", "--network", str(tmp_path / "none.parquet"),
                                    "--out", str(tmp_path / "n2.parquet")])  # fmt: skip
    assert bad.exit_code == 1 and "does not exist" in bad.output
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_quiet_n_1_on_a_saved_network_imports_only_what_it_uses(
    tmp_path: Path, embedded_network
) -> None:
    """`stress n-1 -q` on a saved network: no threat-file stack (pyproj), no interdiction MIP,
    no OSM/GIS stack, no progress-bar library, no scipy.stats (Monte Carlo's intervals: 0.8-1.1 s
    of every sweep's start-up before 2026-12-07)."""
    from supplychain.networks.io import save_network

    network = save_network(embedded_network, tmp_path / "net.parquet")
    script = ("import sys; from supplychain.cli import main\n"
              "try:\n    main(['-q', 'stress', 'n-1', '--network', sys.argv[1], '--out', sys.argv[2]])\n"
              "except SystemExit as e:\n    assert not e.code, e.code\n"
              "print(' '.join(sorted(sys.modules)))")  # fmt: skip
    run = subprocess.run([sys.executable, "-c", script, str(network), str(tmp_path / "n1.parquet")],
                         capture_output=True, text=True, check=True)  # fmt: skip
    loaded = set(run.stdout.split())
    assert "supplychain.scenarios.sweeps" in loaded
    unwanted = {"pyproj", "osmnx", "geopandas", "plotly", "jinja2", "tqdm.auto", "asyncio",
                "supplychain.scenarios.threats", "supplychain.scenarios.incidents",
                "supplychain.scenarios.interdiction", "scipy.stats"}
    assert not unwanted & loaded, unwanted & loaded


def test_ctrl_c_is_one_error_line_and_the_sigint_status(monkeypatch: pytest.MonkeyPatch) -> None:
    # click turns KeyboardInterrupt into Abort; the line said only "aborted", with status 1.
    import supplychain.networks

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(supplychain.networks, "summarize_network", interrupted)
    result = CliRunner().invoke(main, ["network", "info", "embedded"])
    assert result.exit_code == 130
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == ["error: interrupted (Ctrl-C)"]


@pytest.mark.parametrize("command", [["timeline"], ["stress", "closure-days"], ["stress", "timeline-mc"]])
def test_days_help_states_the_range_the_command_enforces(command: list[str], tmp_path: Path) -> None:
    """``--help`` gives ``--days`` its range (it said only "horizon in days"), and the command
    refuses just outside it with one error line."""
    from supplychain.models.timeline import MAX_DAYS

    runner = CliRunner()
    shown = " ".join(runner.invoke(main, [command[0], "--help"]).output.split())
    assert f"horizon in days, 1 to {MAX_DAYS:,}" in shown.lower()
    scenario = ["--scenario", str(Path(__file__).parents[1] / "models" / "threat-blockade-2025.toml")]
    for days in (0, MAX_DAYS + 1):
        result = runner.invoke(main, [*command, *scenario, "--days", str(days),
                                      "--out", str(tmp_path / "o.parquet")])
        assert result.exit_code == 1, result.output
        assert f"--days {days:,}" in result.output
    assert not (tmp_path / "o.parquet").exists()


def test_run_says_when_the_scenario_gives_no_monte_carlo(tmp_path: Path) -> None:
    # A plain scenario file has no attack probability: the Monte Carlo sweep was left out of
    # the output and the report without a word.
    scenario = Path(__file__).parents[1] / "models" / "scenario-blockade-2025.toml"
    result = CliRunner().invoke(main, ["run", "--scenario", str(scenario), "--draws", "5", "--no-timeline",
                                       "--out-dir", str(tmp_path)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert ("monte-carlo: not run: 'scenario-blockade-2025.toml' gives no attack probability to draw "
            "from (a threat file's attack_probability or [incidents])") in result.output
    assert not (tmp_path / "monte-carlo.parquet").exists() and (tmp_path / "n-1.parquet").exists()


def test_run_names_an_earlier_runs_files_it_leaves(tmp_path: Path) -> None:
    # Steps not run this time left an earlier run's tables beside this run's without a word.
    scenario = Path(__file__).parents[1] / "models" / "scenario-blockade-2025.toml"
    for name in ("monte-carlo.parquet", "monte-carlo.json", "timeline.parquet"):
        (tmp_path / name).write_text("earlier")
    result = CliRunner().invoke(main, ["run", "--scenario", str(scenario), "--draws", "5", "--no-timeline",
                                       "--out-dir", str(tmp_path)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (f"monte-carlo.parquet and monte-carlo.json in '{tmp_path}' are an earlier run's, left as "
            "found (not this run's results, nor in its report)") in result.output
    assert (f"timeline: not run (--no-timeline); timeline.parquet in '{tmp_path}' is an earlier "
            "run's") in result.output
    assert (tmp_path / "monte-carlo.parquet").read_text() == "earlier"  # the user's file, kept


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command's words under ``group`` (``("stress", "monte-carlo")``)."""
    out = []
    for name, command in group.commands.items():
        out.append((*path, name))
        if isinstance(command, click.Group):
            out += _commands(command, (*path, name))
    return out


def test_help_prints_large_defaults_with_thousands_separators() -> None:
    """``run --help`` printed ``[default: 10000]`` where ``stress --help`` says "default
    10,000" (walkthrough, 2026-12-07): every default of 1,000 or more has its separators."""
    bare = {}
    for words in _commands(main):
        result = CliRunner().invoke(main, [*words, "--help"], terminal_width=10_000)
        assert result.exit_code == 0, words
        if found := re.findall(r"default:? \d{4,}", result.output):
            bare[" ".join(words)] = found
    assert bare == {}
    assert "Monte Carlo draws (default 10,000). [x>=1]" in " ".join(
        CliRunner().invoke(main, ["run", "--help"], terminal_width=10_000).output.split())
