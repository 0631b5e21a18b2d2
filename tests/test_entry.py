"""The console script's start-up: a Ctrl-C while the command line's modules import is said in
one line, as the commands say theirs (it printed the import chain's traceback)."""

from __future__ import annotations

import importlib.abc
import sys
from importlib.machinery import ModuleSpec
from typing import Any

import pytest

from supplychain._entry import run


class _InterruptedImport(importlib.abc.MetaPathFinder):
    """A finder that raises KeyboardInterrupt when ``supplychain.cli`` is imported, as a Ctrl-C
    in the middle of its imports does."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> ModuleSpec | None:
        if name == "supplychain.cli":
            raise KeyboardInterrupt
        return None


def test_a_ctrl_c_while_the_command_line_imports_is_one_line_and_status_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delitem(sys.modules, "supplychain.cli", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_InterruptedImport(), *sys.meta_path])
    with pytest.raises(SystemExit) as exit_info:
        run()
    assert exit_info.value.code == 130
    assert capsys.readouterr().err == "error: interrupted (Ctrl-C)\n"


def test_the_console_script_runs_the_command_line(monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    from importlib.metadata import entry_points

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "supplychain"]
    assert script.load() is run
    monkeypatch.setattr(sys, "argv", ["supplychain", "--version"])
    with pytest.raises(SystemExit) as exit_info:
        run()
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("supplychain, version ")
