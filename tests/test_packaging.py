"""Project set-up: requirements in step with pyproject, README commands, CI script, docs table."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from supplychain.networks import schema_markdown

from .conftest import REPO


def _readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```(?:bash|sh)\n(.+?)\n```", text, flags=re.S)[:2]


def test_requirements_in_step_with_pyproject() -> None:
    deps = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    wanted = sorted(d.split("#")[0].strip() for d in deps)
    lines = (REPO / "requirements.txt").read_text().splitlines()
    assert sorted(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")) == wanted


def test_readme_starts_with_two_commands() -> None:
    main_cmd, test_cmd = _readme_commands()
    assert "supplychain" in main_cmd and "pip install" in main_cmd
    assert "pytest" in test_cmd and "[test]" in test_cmd


def test_ci_runs_exactly_the_readme_test_command() -> None:
    _, test_cmd = _readme_commands()
    ci = (REPO / ".ci" / "run").read_text().splitlines()
    assert test_cmd.strip() in [ln.strip() for ln in ci]


def test_readme_documents_the_schema() -> None:
    assert schema_markdown() in (REPO / "README.md").read_text(encoding="utf-8")


def test_public_names_resolve_and_cover_the_timeline() -> None:
    """Every name a subpackage exports resolves, and a timeline runs on exported names only
    (it needed module paths such as supplychain.models.timeexp before)."""
    import datetime
    import importlib

    import supplychain

    for package in ("supplychain", "supplychain.networks", "supplychain.models",
                    "supplychain.scenarios", "supplychain.reports"):  # fmt: skip
        module = importlib.import_module(package)
        missing = [name for name in module.__all__ if getattr(module, name, None) is None]
        assert missing == [], f"{package} exports names that do not resolve: {missing}"
    assert issubclass(supplychain.SolverError, supplychain.SupplyChainError)

    from supplychain.models import (
        TimelineResult,
        build_timeline_model,
        load_model_parameters,
        solve_timeline,
    )
    from supplychain.networks import build_network
    from supplychain.scenarios import load_timeline

    graph = build_network()
    timeline = load_timeline(None, graph, start=datetime.date(2026, 1, 1), days=3)
    result = solve_timeline(build_timeline_model(graph, load_model_parameters(), timeline))
    assert isinstance(result, TimelineResult) and result.status == "optimal"


def test_readme_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """The README's "From Python" block, as it stands (only the report goes to tmp_path)."""
    import re

    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"### From Python.*?```python\n(.*?)```", text, re.S)
    assert block is not None
    code = block.group(1)
    assert '"reports/python.html"' in code
    code = code.replace('"reports/python.html"', repr(str(tmp_path / "python.html")))
    monkeypatch.chdir(REPO)  # the block names models/... relative to the checkout
    exec(compile(code, "README.md", "exec"), {})  # the README s own example
    out = capsys.readouterr().out
    assert "N1:Dakar-Rufisque" in out and out.rstrip().splitlines()[-1].startswith("optimal ")
    assert (tmp_path / "python.html").stat().st_size > 1_000_000


def test_readme_contents_lists_every_section() -> None:
    """The README's "Contents" links every ``##``/``###`` heading (outside code blocks) by its
    GitHub anchor, in order, and nothing else."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    headings = [(len(h), t.strip()) for h, t in re.findall(r"^(##+) (.+)$", prose, flags=re.M)
                if len(h) <= 3 and t.strip() != "Contents"]  # fmt: skip

    def anchor(title: str) -> str:  # GitHub's: lower case, punctuation dropped, spaces to '-'
        return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")

    block = prose.split("## Contents", 1)[1].split("\n## ", 1)[0]
    listed = [(2 if not indent else 3, title, link)
              for indent, title, link in re.findall(r"^( *)- \[(.+?)\]\(#(.+?)\)$", block, flags=re.M)]  # fmt: skip
    assert [(level, title) for level, title, _ in listed] == headings
    assert all(link == anchor(title) for _, title, link in listed)
