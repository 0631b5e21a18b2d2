"""``solve --json -``: the result on standard output, the text on standard error; ``-`` refused
where an output must be a file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from supplychain.cli import main

from .conftest import error_lines


def test_json_to_stdout_holds_the_json_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["solve", "--json", "-"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["scenario"] == "baseline" and summary["status"] == "optimal"
    assert "Scenario: baseline" in result.stderr  # the text is still shown, on stderr
    assert "Wrote" not in result.output
    assert list(tmp_path.iterdir()) == []  # no file named '-' or '-.json'


def test_json_to_stdout_with_quiet_prints_the_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["-q", "solve", "--json", "-"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["status"] == "optimal"
    assert result.stderr == ""


@pytest.mark.parametrize("args, kind", [
    (["timeline", "--days", "2", "--out", "-"], "file"),
    (["report", "--out", "-"], "file"),
    (["stress", "n-1", "--out", "-"], "file"),
    (["network", "build", "--source", "x.osm", "--out", "-"], "file"),
    # Folders: said to be files, "give a file name" (review32).
    (["run", "--out-dir", "-"], "folder"),
    (["network", "build", "--source", "x.osm", "--out", "n.parquet", "--cache-dir", "-"], "folder"),
])  # fmt: skip
def test_dash_where_a_file_is_needed_is_one_error(args: list[str], kind: str, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    errors = error_lines(result.stderr)
    assert len(errors) == 1, result.stderr
    assert f"'-' (standard output) cannot take this output, which is a {kind}; give a {kind} name" in errors[0]
    assert list(tmp_path.iterdir()) == []


def test_dot_slash_dash_names_a_file_not_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``./-`` is the file named "-" (the usual way to name one); Path reads it as "-", and
    ``solve --json ./-`` printed the JSON on stdout (review32). It is a JSON file's name without
    .json, refused so."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["solve", "--json", "./-"])
    assert result.exit_code == 1 and result.stdout == "", result.output
    errors = error_lines(result.stderr)
    assert len(errors) == 1 and "does not end in .json" in errors[0], result.stderr
    assert list(tmp_path.iterdir()) == []


def _closed_stdout_run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command line started with its standard output closed (`supplychain ... >&-`)."""
    return subprocess.run([sys.executable, "-m", "supplychain", *args], cwd=cwd, stdin=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=False, timeout=300,
                          preexec_fn=lambda: os.close(1))  # fmt: skip


def test_json_to_a_closed_stdout_is_one_error(tmp_path: Path) -> None:
    """Python reads a closed stdout as None: the first solve's banner guard ended in "unexpected
    AttributeError", and once past it the JSON would have gone nowhere with status 0 (review32)."""
    proc = _closed_stdout_run("solve", "--json", "-", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    errors = error_lines(proc.stderr)
    assert len(errors) == 1 and "standard output is closed; give a file name" in errors[0], proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_solve_with_stdout_closed_writes_its_file(tmp_path: Path) -> None:
    # Every command that solves said "unexpected AttributeError: 'NoneType' object has no
    # attribute 'flush'" (review32); the JSON holds the result alone (no banner in it).
    proc = _closed_stdout_run("solve", "--json", "r.json", cwd=tmp_path)
    assert proc.returncode == 0 and "error" not in proc.stderr, proc.stderr
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["status"] == "optimal"
