"""The timeline section says when the timeline was run with other input files than the report's.

A timeline result's summary records the network and parameter files it was run with; the
report compares them with its own as it compares a sweep's (by content: a parameter file by
its values, a network file by the digest of its graph), and says so in the timeline section
("Run with other input files"). Before, only the network file's bytes were compared, in a
warning: a timeline run with another parameter file showed its days of cover beside the
report's steady-state figures of another parameter file, and a rebuilt network was another.
The timeline's scenario files are its own (not compared). Embedded network, 3 days: quick.
"""

from __future__ import annotations

import html
import logging
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import REPO, invoke_quiet, sha256_hex

MODEL = REPO / "models" / "model.toml"




@pytest.fixture(scope="module")
def timeline(tmp_path_factory: pytest.TempPathFactory, network_builds: dict[str, Path]) -> Path:
    """A 3-day timeline run on a saved network with a copy of the parameter file (p.toml)."""
    folder = tmp_path_factory.mktemp("timeline")
    shutil.copy(MODEL, folder / "p.toml")
    out = folder / "tl.parquet"
    invoke_quiet("timeline", "--network", str(network_builds["first"]), "--params", str(folder / "p.toml"),
            "--days", "3", "--out", str(out))  # fmt: skip
    return out


def _section_notice(folder: Path, timeline: Path, network: Path, edit: Callable[[str], str]) -> str:
    """The timeline section's notice of a report on ``network`` with a copy of the timeline's
    parameter file edited by ``edit`` (in ``folder``, as q.toml); "" when there is none."""
    folder.mkdir()
    (folder / "q.toml").write_text(edit((timeline.parent / "p.toml").read_text(encoding="utf-8")),
                                   encoding="utf-8")  # fmt: skip
    page = folder / "r.html"
    invoke_quiet("report", "--network", str(network), "--params", str(folder / "q.toml"),
            "--timeline", str(timeline), "--out", str(page))  # fmt: skip
    text = html.unescape(page.read_text(encoding="utf-8"))
    start = text.index('<section id="timeline">')
    section = text[start:text.index("</section>", start)]
    at = section.find("Run with other input files")
    return "" if at < 0 else section[at:section.index("</p>", at)]


def test_a_timeline_run_with_another_parameter_file_is_said(
    timeline: Path, network_builds: dict[str, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Another transport cost; the network another build of the timeline's (the same network).
    with caplog.at_level(logging.WARNING, logger="supplychain.reports"):
        said = _section_notice(tmp_path / "other", timeline, network_builds["rebuilt"],
                               lambda t: t.replace("per_truck_km = 1500.0", "per_truck_km = 1600.0"))  # fmt: skip
    theirs, ours = timeline.parent / "p.toml", tmp_path / "other" / "q.toml"
    assert (f"its parameter file {theirs} (SHA-256 {sha256_hex(theirs)[:12]}…) is not this report's "
            f"{ours} ({sha256_hex(ours)[:12]}…)") in said
    assert "network file" not in said
    assert f"Timeline result tl.parquet was run with the parameter file '{theirs}'" in caplog.text


def test_the_same_parameter_file_with_an_edited_comment_is_not_said(
    timeline: Path, network_builds: dict[str, Path], tmp_path: Path
) -> None:
    # The report on an edited network (one capacity): said; the parameter file reworded: not.
    edited = network_builds["edited"]
    said = _section_notice(tmp_path / "reworded", timeline, edited,
                           lambda t: "# a planner's note\n\n" + t.replace("[solver]", "[solver]  # HiGHS"))
    assert sha256_hex(timeline.parent / "p.toml") != sha256_hex(tmp_path / "reworded" / "q.toml")
    first = network_builds["first"]
    assert f"its network file {first} (SHA-256 {sha256_hex(first)[:12]}…) is not this report's {edited}" in said
    assert "parameter file" not in said
