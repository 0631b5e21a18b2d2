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

import contextlib
import html
import json
import logging
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from supplychain.networks import EMBEDDED_NETWORK_PATH

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
    return _timeline_notice(folder, timeline, "--network", str(network), "--params", str(folder / "q.toml"))


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


@pytest.fixture(scope="module")
def embedded_timeline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 3-day timeline run on the embedded network (no --network), the default parameters."""
    out = tmp_path_factory.mktemp("embedded-timeline") / "tl.parquet"
    invoke_quiet("timeline", "--days", "3", "--out", str(out))
    return out


@contextlib.contextmanager
def _warnings(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Capture the warnings of the report's section (``supplychain.reports``) and of its
    command's name check (``supplychain.cli``); ``-q`` quiets their parent."""
    with caplog.at_level(logging.WARNING, logger="supplychain.reports"), \
            caplog.at_level(logging.WARNING, logger="supplychain.cli"):
        yield


def _timeline_notice(folder: Path, timeline: Path, *network: str) -> str:
    """The timeline section's notice of a report on ``network`` (none: the embedded one) with
    ``timeline``; "" when there is none."""
    folder.mkdir(exist_ok=True)
    page = folder / "r.html"
    invoke_quiet("report", *network, "--timeline", str(timeline), "--out", str(page))
    text = html.unescape(page.read_text(encoding="utf-8"))
    start = text.index('<section id="timeline">')
    section = text[start:text.index("</section>", start)]
    at = section.find("Run with other input files")
    return "" if at < 0 else section[at:section.index("</p>", at)]


def test_a_timeline_on_the_embedded_network_is_the_same_network_as_a_saved_copy(
    embedded_timeline: Path, network_builds: dict[str, Path], tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Compared by name, 'embedded' was not 'first.parquet': a warning for the same network.
    with _warnings(caplog):
        assert _timeline_notice(tmp_path, embedded_timeline, "--network", str(network_builds["first"])) == ""
        assert _timeline_notice(tmp_path, embedded_timeline) == ""
    assert "computed on network" not in caplog.text and "was run with" not in caplog.text


def test_a_timeline_on_the_embedded_network_is_said_in_a_report_on_an_edited_copy(
    embedded_timeline: Path, network_builds: dict[str, Path], tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Before, only the name warning ("computed on network 'embedded', not ..."), no notice.
    widened = network_builds["widened"]
    with _warnings(caplog):
        said = _timeline_notice(tmp_path, embedded_timeline, "--network", str(widened))
    shipped = sha256_hex(EMBEDDED_NETWORK_PATH)[:12]
    assert (f"its embedded network (SHA-256 {shipped}…) is not this report's {widened} "
            f"({sha256_hex(widened)[:12]}…)") in said  # fmt: skip
    assert "parameter file" not in said
    assert (f"Timeline result tl.parquet was run with the embedded network (SHA-256 {shipped}), "
            f"not this report's '{widened}'") in caplog.text  # fmt: skip
    assert "computed on network" not in caplog.text  # the content's warning, not the name's


def test_a_timeline_summary_without_the_embedded_network_is_compared_by_name(
    embedded_timeline: Path, network_builds: dict[str, Path], tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A summary written before 2026-12-05 records no network on the embedded network: it keeps
    # loading, with the name warning on a network file and nothing on the embedded network.
    old = tmp_path / "old.parquet"
    shutil.copy(embedded_timeline, old)
    summary = json.loads(embedded_timeline.with_suffix(".json").read_text(encoding="utf-8"))
    summary["command"]["inputs"] = [r for r in summary["command"]["inputs"] if r["role"] != "network"]
    old.with_suffix(".json").write_text(json.dumps(summary), encoding="utf-8")
    first = network_builds["first"]
    with _warnings(caplog):
        assert _timeline_notice(tmp_path, old, "--network", str(first)) == ""
    assert f"'{old}' was computed on network 'embedded', not '{first}'" in caplog.text
    caplog.clear()
    with _warnings(caplog):
        assert _timeline_notice(tmp_path, old) == ""
    assert "computed on network" not in caplog.text and "was run with" not in caplog.text
