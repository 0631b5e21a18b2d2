"""Windows paths (a backslash between folders) on the command line and in TOML files: each is
one ``error:`` line saying to write '/' between folders, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from supplychain.cli import main

from .conftest import error_lines

SLASH_HINT = "write '/' between folders, not '\\'"


def _invoke(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    """Run the command line in ``folder`` (a relative --out lands there); the exit code and stderr."""
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr


@pytest.mark.parametrize("args", [
    ["timeline", "--days", "5", "--out", "m\\x.parquet"],
    ["stress", "n-1", "--out", "m\\x.parquet"],
    ["report", "--out", "reports\\r.html"],
    ["network", "build", "--source", "embedded", "--out", "m\\x.graphml"],
    ["network", "build", "--source", "embedded", "--cache-dir", "c\\osm", "--out", "x.graphml"],
    ["solve", "--json", "m\\x.json"],
    ["run", "--out-dir", "out\\run"],
], ids=["timeline", "stress", "report", "network-build", "cache-dir", "solve-json", "run-out-dir"])
def test_an_output_path_with_a_backslash_is_one_error_line(args: list[str], tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # 'timeline --out m\x.parquet' wrote a file named 'm\x.parquet' (on Linux '\' is part of a
    # file's name) and said "Wrote m\x.parquet", silently.
    code, stderr = _invoke(tmp_path, monkeypatch, *args)
    lines = error_lines(stderr)
    assert code == 1 and len(lines) == 1, stderr
    bad = next(arg for arg in args if "\\" in arg)
    assert f"'{bad}'" in lines[0] and SLASH_HINT in lines[0], lines[0]
    assert list(tmp_path.iterdir()) == []
