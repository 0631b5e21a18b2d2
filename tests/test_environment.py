"""The process around a command: inputs and outputs that are not regular files.

Found by experiment (fuzz32, 2026-12-07): a named pipe (``mkfifo``) given for any text input
(parameters, places, scenario, threat, timeline, storage, observed arrivals, an incidents CSV,
an area's polygon, a GIS road layer) made the command wait for ever at its first read, as did
one at a stress sweep's ``--out``; one a shell's ``<(...)`` writes to was read empty the second
time (``--scenario <(cat s.toml)``: "is empty"); ``/dev/zero`` was read until memory ran out
("unexpected MemoryError"). Each is now one ``error:`` line, before any read.

The commands run as subprocesses with a timeout, so that a command that waits fails the test
rather than stopping the suite; the ``/dev/zero`` one runs under a 3 GB address-space limit.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from supplychain._paths import MODELS_DIR

from .conftest import error_lines

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="named pipes are POSIX")

#: Seconds a refused command may take (it starts, then refuses before any work: 1-5 s).
_TIMEOUT_S = 120

_TIMELINE = ["timeline", "--scenario", "tl.toml", "--days", "2", "--start", "2025-09-01", "--out", "o.parquet"]


def _cli(args: list[str], cwd: Path, *, limit_memory: bool = False) -> subprocess.CompletedProcess[str]:
    def _limit() -> None:  # pragma: no cover - runs in the child
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))

    return subprocess.run([sys.executable, "-m", "supplychain", "-q", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=_TIMEOUT_S, preexec_fn=_limit if limit_memory else None)  # fmt: skip


def _models(d: Path) -> None:
    """The timeline file, its polygons and the threat file with its incidents, beside each other."""
    shutil.copy(MODELS_DIR / "timeline-blockade-2025-26.toml", d / "tl.toml")
    shutil.copytree(MODELS_DIR / "areas", d / "areas")
    shutil.copy(MODELS_DIR / "threat-blockade-2025.toml", d / "threat.toml")
    shutil.copy(MODELS_DIR / "incidents-synthetic.csv", d / "incidents-synthetic.csv")


#: (what, the file made a named pipe, the command line, the start of the error line)
_PIPED = [
    ("params", "p.toml", ["solve", "--params", "p.toml"], "error: File 'p.toml' is a named pipe, not a file"),
    ("scenario", "s.toml", ["solve", "--scenario", "s.toml"], "error: File 's.toml' is a named pipe, not a file"),
    ("places", "pl.toml", ["network", "build", "--places", "pl.toml", "--out", "n.parquet"],
     "error: File 'pl.toml' is a named pipe, not a file"),
    ("timeline", "t.toml", ["timeline", "--scenario", "t.toml", "--days", "2", "--out", "o.parquet"],
     "error: File 't.toml' is a named pipe, not a file"),
    ("storage", "st.toml", [*_TIMELINE, "--storage", "st.toml"], "error: File 'st.toml' is a named pipe, not a file"),
    ("observed", "o.csv", [*_TIMELINE, "--observed", "o.csv"],
     "error: Observed arrivals file 'o.csv' is a named pipe, not a file"),
    ("gis-layer", "roads.geojson", ["network", "build", "--source", "roads.geojson", "--out", "n.parquet"],
     "error: GIS layer file 'roads.geojson' is a named pipe, not a file"),
    ("osm-file", "roads.osm", ["network", "build", "--source", "roads.osm", "--out", "n.parquet"],
     "error: OSM file 'roads.osm' is a named pipe, not a file"),  # said "does not exist"
    ("sweep-out", "n1.parquet", ["stress", "n-1", "--out", "n1.parquet"],
     "error: 'n1.parquet' is a named pipe, not a file: an output is written beside it"),
    # These said "does not exist; build it with ..." / "write it with ..." (review32b).
    ("network-file", "n.parquet", ["solve", "--network", "n.parquet"],
     "error: Network file 'n.parquet' is a named pipe, not a file"),
    ("stress-result", "r.parquet", ["report", "--stress", "r.parquet", "--out", "r.html"],
     "error: Stress result 'r.parquet' is a named pipe, not a file"),
]


@pytest.mark.parametrize(("pipe", "args", "expect"), [p[1:] for p in _PIPED], ids=[p[0] for p in _PIPED])
def test_a_named_pipe_is_refused_not_waited_on(tmp_path: Path, pipe: str, args: list[str], expect: str) -> None:
    _models(tmp_path)
    os.mkfifo(tmp_path / pipe)
    run = _cli(args, tmp_path)

    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert len(error_lines(run.stderr)) == 1 and error_lines(run.stderr)[0].startswith(expect), run.stderr
    assert not [p.name for p in tmp_path.iterdir() if p.suffix in (".parquet", ".json") and p.name != pipe]


def test_a_pipe_a_shell_writes_to_is_refused_rather_than_read_empty(tmp_path: Path) -> None:
    """``--scenario <(cat s.toml)``: the scenario was read once to tell its kind, then found
    empty ("is empty (or holds only comments)")."""
    shutil.copy(MODELS_DIR / "scenario-blockade-2025.toml", tmp_path / "s.toml")
    run = subprocess.run(["bash", "-c", f"'{sys.executable}' -m supplychain -q solve --scenario <(cat s.toml)"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=_TIMEOUT_S)  # fmt: skip

    assert run.returncode == 1, run.stderr
    assert len(error_lines(run.stderr)) == 1 and "is a named pipe, not a file" in run.stderr, run.stderr
    assert "save the content to a file" in run.stderr


@pytest.mark.parametrize("option", ["--params", "--scenario"])
def test_dev_zero_is_refused_not_read_until_memory_runs_out(tmp_path: Path, option: str) -> None:
    run = _cli(["solve", option, "/dev/zero"], tmp_path, limit_memory=True)

    assert run.returncode == 1, run.stderr
    assert error_lines(run.stderr) == [
        "error: File '/dev/zero' is a device, not a file: the command reads its inputs more than once and "
        "from the start; save the content to a file and give that file"
    ], run.stderr


#: Runs the command line with ``signal`` sent to the command itself once an N-1 sweep's chunks
#: are all written, while its table is being finished (chains, hub cuts), before its output.
_SIGNAL_WHILE_FINISHING = """
import os, runpy, signal, sys, time
import supplychain.scenarios.sweeps as sweeps
finish = sweeps._finish_closure_table
signum = getattr(signal, sys.argv[1])
def interrupted(*args, **kwargs):
    os.kill(os.getpid(), signum)
    time.sleep(60)
    return finish(*args, **kwargs)
sweeps._finish_closure_table = interrupted
sys.argv = ["supplychain", *sys.argv[2:]]
runpy.run_module("supplychain", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize(("signal_name", "status", "line"), [("SIGINT", 130, "error: interrupted (Ctrl-C)"),
                                                             ("SIGTERM", 143, "error: terminated (SIGTERM)")])
def test_a_sweep_interrupted_after_its_chunks_releases_its_lock(tmp_path: Path, signal_name: str, status: int,
                                                                 line: str) -> None:  # fmt: skip
    """Ctrl-C or SIGTERM once every chunk is written, before the output: the lock was left
    behind (the next run took it over with a "stale lock" warning); the resumed run is the
    uninterrupted one."""
    import pandas as pd

    run = subprocess.run([sys.executable, "-c", _SIGNAL_WHILE_FINISHING, signal_name, "stress", "n-1", "--out",
                          "n1.parquet"], cwd=tmp_path, capture_output=True, text=True, timeout=_TIMEOUT_S)  # fmt: skip

    assert run.returncode == status, run.stderr
    assert error_lines(run.stderr) == [line] and "Traceback" not in run.stderr, run.stderr
    assert list((tmp_path / "n1.parquet.parts").glob("chunk-*.parquet"))
    assert not (tmp_path / "n1.parquet.parts" / "lock").exists(), "the lock was left behind"
    assert not (tmp_path / "n1.parquet").exists()
    resumed = _cli(["stress", "n-1", "--out", "n1.parquet"], tmp_path)
    assert resumed.returncode == 0 and "stale lock" not in resumed.stderr, resumed.stderr
    _cli(["stress", "n-1", "--out", "again/n1.parquet"], tmp_path)
    assert pd.read_parquet(tmp_path / "n1.parquet").equals(pd.read_parquet(tmp_path / "again" / "n1.parquet"))


def test_a_command_started_with_stdout_closed_runs_and_discards_its_text(tmp_path: Path) -> None:
    """``solve >&-`` ended in "unexpected AttributeError: 'NoneType' object has no attribute
    'flush'"; its --json is written whole."""
    run = subprocess.run(["bash", "-c", f"'{sys.executable}' -m supplychain solve --json s.json >&-"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=_TIMEOUT_S)  # fmt: skip

    assert run.returncode == 0, run.stderr
    assert "error" not in run.stderr, run.stderr
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["delivered_m3_per_day"] > 0


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["schema"], ["--help"], ["--version"], ["solve", "--json", "-"], ["network", "info"]],
                         ids=["schema", "help", "version", "solve-json", "network-info"])  # fmt: skip
def test_standard_output_on_a_full_disk_is_one_error_line_naming_it(tmp_path: Path, args: list[str]) -> None:
    """Into ``/dev/full``: ``schema``, ``--help`` and ``--version`` printed a traceback, the
    others "cannot read or write: No space left on device; check the path and its permissions",
    naming no path."""
    with open("/dev/full", "w") as full:
        run = subprocess.run([sys.executable, "-m", "supplychain", *args], cwd=tmp_path, stdout=full,
                             stderr=subprocess.PIPE, text=True, timeout=_TIMEOUT_S)  # fmt: skip
    assert run.returncode == 1, run.stderr
    assert error_lines(run.stderr) == ["error: cannot write to standard output: No space left on device; free "
                                       "space where it goes, or send it elsewhere"], run.stderr  # fmt: skip
    assert "Traceback" not in run.stderr, run.stderr


def _file_size_limit_1024() -> None:
    """A child's file size limit of 1,024 bytes, a write past it failing ("File too large")
    rather than killing the process: a disk that fills up in the middle of a write."""
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))


@pytest.mark.parametrize("unbuffered", ["1", ""], ids=["PYTHONUNBUFFERED", "buffered"])
def test_standard_output_works_after_a_command_run_in_process(tmp_path: Path, unbuffered: str) -> None:
    """A script calling the command line in process and printing after it: with
    PYTHONUNBUFFERED=1 the print failed "I/O operation on closed file" (the buffer put in front
    of an unbuffered standard output closed it when collected)."""
    script = ("import sys\nfrom supplychain.cli import main\ntry:\n    main(['--version'])\n"
              "except SystemExit as e:\n    assert not e.code, e.code\nimport gc; gc.collect()\nprint('after')\n")  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
    run = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                         timeout=_TIMEOUT_S, env=env)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1] == "after", run.stdout


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs POSIX file size limits")
@pytest.mark.parametrize("unbuffered", ["1", ""], ids=["PYTHONUNBUFFERED", "buffered"])
def test_standard_output_cut_short_is_an_error_unbuffered_too(tmp_path: Path, unbuffered: str) -> None:
    """``schema`` (3 kB) into a file that can take 1,024 bytes: with PYTHONUNBUFFERED=1 (set by
    many container images) the text layer dropped the part the file did not take, and the
    command ended with status 0 and a file cut short; it said "free space" of a file size limit."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = unbuffered
    with open(tmp_path / "schema.md", "w") as out:
        run = subprocess.run([sys.executable, "-m", "supplychain", "schema"], cwd=tmp_path, stdout=out,
                             stderr=subprocess.PIPE, text=True, timeout=_TIMEOUT_S, env=env,
                             preexec_fn=_file_size_limit_1024)  # fmt: skip
    assert run.returncode == 1, run.stderr
    assert error_lines(run.stderr) == ["error: cannot write to standard output: File too large; send it elsewhere"], \
        run.stderr  # fmt: skip


_MC = ["stress", "monte-carlo", "--workers", "2", "--draws", "20000", "--scenario",
       str(MODELS_DIR / "threat-blockade-2025.toml")]  # fmt: skip


@pytest.mark.parametrize("group", [False, True], ids=["command", "process-group"])
def test_sighup_to_a_sweep_is_one_line_keeps_its_chunks_and_releases_its_lock(tmp_path: Path, group: bool,
                                                                               leftovers: list[Any]) -> None:  # fmt: skip
    """The terminal closed (SIGHUP to the process group) or ``kill -HUP``: the command ended at
    once, status 129 and no line, its lock left (taken over as stale); sent to the group,
    Python's resource tracker died too ("process died unexpectedly", a traceback per
    semaphore). Now SIGTERM's path, its own line and status; the resumed run is the
    uninterrupted one."""
    import pandas as pd

    reference = _cli([*_MC, "--out", "ref/mc.parquet"], tmp_path)
    assert reference.returncode == 0, reference.stderr
    parts = tmp_path / "mc.parquet.parts"
    command = subprocess.Popen([sys.executable, "-m", "supplychain", *_MC, "--out", "mc.parquet"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)  # fmt: skip
    leftovers.append(command)
    deadline = time.monotonic() + _TIMEOUT_S
    while command.poll() is None and time.monotonic() < deadline and not list(parts.glob("chunk-*.parquet")):
        time.sleep(0.02)
    assert command.poll() is None, f"the sweep ended before the signal: {command.communicate()}"
    if group:
        os.killpg(command.pid, signal.SIGHUP)
    else:
        command.send_signal(signal.SIGHUP)
    _, stderr = command.communicate(timeout=_TIMEOUT_S)

    assert command.returncode == 129, stderr
    assert error_lines(stderr) == ["error: hung up (SIGHUP)"], stderr
    assert "Traceback" not in stderr and "died unexpectedly" not in stderr, stderr
    assert not (parts / "lock").exists(), "the lock was left behind"
    assert not [p.name for p in tmp_path.iterdir() if ".tmp" in p.name]
    resumed = _cli([*_MC, "--out", "mc.parquet"], tmp_path)
    assert resumed.returncode == 0 and "stale lock" not in resumed.stderr, resumed.stderr
    assert pd.read_parquet(tmp_path / "mc.parquet").equals(pd.read_parquet(tmp_path / "ref" / "mc.parquet"))


def test_a_geopackage_that_cannot_be_written_is_a_data_file_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  tiny_network: Any) -> None:  # fmt: skip
    """A full disk under ``network build --out n.gpkg`` was "unexpected FeatureError: Could not add
    feature to layer at index 0: sqlite3_exec(...) failed: no such table: gpkg_contents" (seen on
    a full tmpfs; GDAL's error names no cause); nothing is left."""
    import geopandas as gpd
    import pyogrio.errors

    from supplychain.errors import DataFileError
    from supplychain.networks.io import save_network

    def full(*args: Any, **kwargs: Any) -> None:
        raise pyogrio.errors.FeatureError("Could not add feature to layer at index 0: sqlite3_exec(...) failed: "
                                          "no such table: gpkg_contents")  # fmt: skip

    monkeypatch.setattr(gpd.GeoDataFrame, "to_file", full)
    with pytest.raises(DataFileError, match=r"Network file '.*n\.gpkg' cannot be written \(Could not add feature.*"
                                            r"check the free space"):  # fmt: skip
        save_network(tiny_network, tmp_path / "n.gpkg")
    assert list(tmp_path.iterdir()) == []


def test_a_temporary_folder_without_room_is_one_error_line_not_an_abort(tmp_path: Path) -> None:
    """The embedded network is filtered into a temporary file first. With no room for it
    (here a 4 KiB file-size limit; a nearly full $TMPDIR did the same), osmium's PBF writer threw
    from its C++ destructor: "terminate called after throwing an instance of 'osmium::io_error'",
    SIGABRT, no error line; the line then said "cannot be read ...; re-download it"."""
    def _limit() -> None:  # pragma: no cover - runs in the child
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    run = subprocess.run([sys.executable, "-m", "supplychain", "-q", "solve"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=_TIMEOUT_S, preexec_fn=_limit)  # fmt: skip

    assert run.returncode == 1, run.stderr
    assert "terminate called" not in run.stderr
    lines = error_lines(run.stderr)
    assert len(lines) == 1 and "cannot be written to" in lines[0] and "set TMPDIR to a folder with room" in lines[0], \
        run.stderr  # fmt: skip
