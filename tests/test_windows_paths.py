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


@pytest.mark.parametrize("path", ["..\\models\\storage.toml", "C:\\Users\\me\\storage.toml"],
                         ids=["unescaped", "invalid-escape"])
def test_a_double_quoted_windows_path_in_a_toml_file_says_how_to_write_it(
        path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The parser's bare "Unescaped '\' in a string (at line 4, column 16)" ("Invalid hex value"
    # for '\U', '\u') said neither that '\' starts an escape in double quotes nor what to write.
    (tmp_path / "t.toml").write_text(f'[timeline]\nstart = 2025-09-01\ndays = 5\nstorage = "{path}"\n',
                                     encoding="utf-8")
    code, stderr = _invoke(tmp_path, monkeypatch, "timeline", "--scenario", "t.toml", "--out", "o.parquet")
    lines = error_lines(stderr)
    assert code == 1 and len(lines) == 1, stderr
    assert "'t.toml' is not valid TOML" in lines[0] and "(at line 4, column 16)" in lines[0], lines[0]
    assert "write '/' between folders, or use single quotes" in lines[0], lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.toml"]


def test_a_toml_error_away_from_a_backslash_has_no_path_hint(tmp_path: Path) -> None:
    from supplychain._toml import read_toml
    from supplychain.errors import DataFileError

    (tmp_path / "t.toml").write_text('storage = "x\n', encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        read_toml(tmp_path / "t.toml")
    assert "between folders" not in str(err.value)


def test_a_double_quoted_windows_path_read_as_escapes_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # "..\new\t.toml" in double quotes parses ('\n' a new line, '\t' a tab) and read
    # "'.. ew .toml' does not exist; the path is relative to this file", the cause unsaid.
    (tmp_path / "t.toml").write_text('[timeline]\nstart = 2025-09-01\ndays = 5\nstorage = "..\\new\\t.toml"\n',
                                     encoding="utf-8")
    code, stderr = _invoke(tmp_path, monkeypatch, "timeline", "--scenario", "t.toml", "--out", "o.parquet")
    lines = error_lines(stderr)
    assert code == 1 and len(lines) == 1, stderr
    assert "does not exist; the path is relative to this file; the name holds a control character" in lines[0], lines[0]
    assert "write '/' between folders, or use single quotes" in lines[0], lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.toml"]
