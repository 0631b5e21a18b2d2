"""``solve --json -``: the result on standard output, the text on standard error; ``-`` refused
where an output must be a file."""

from __future__ import annotations

import json
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
