"""SIGTERM ends a command as Ctrl-C does: clean-up, one ``error:`` line, exit status 143.

``kill``, ``timeout``, systemd, ``docker stop`` and batch schedulers send SIGTERM, whose
default action ended the command at once (found by experiment, 2026-12-05): exit status -15
and no message; a sweep's lock left behind (taken over by the next run with a warning) and
Python's resource tracker warning about leaked semaphores; the ``.NAME.XXXX.tmp.parquet`` of
an output being written left beside it; ``network build``'s temporary folder left in $TMPDIR.

The commands run as subprocesses on the embedded network; each waits for a sign that the
work has started (a chunk file, a line on stdout) before the signal, never a fixed sleep.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from supplychain.cli import main

from .conftest import alive, error_lines

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM cannot be handled on Windows")

#: A sweep of 23 chunks (closure-days: a corridor each, here over 5 days) on 2 workers: its first
#: chunk is written 3-6 s after the start, and about 20 are left to run when the signal comes.
_SWEEP = ["stress", "closure-days", "--days", "5", "--start", "2026-01-01", "--workers", "2"]

_MESSAGE = "error: terminated (SIGTERM)"


def _cli(*args: str, **kwargs: Any) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "supplychain", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)  # fmt: skip


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """The sweep's table, run without a signal."""
    out = tmp_path_factory.mktemp("reference") / "cd.parquet"
    run = subprocess.run([sys.executable, "-m", "supplychain", *_SWEEP, "--out", str(out), "-q"],
                         capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 0, run.stderr
    return pd.read_parquet(out)


@pytest.mark.parametrize("group", [False, True], ids=["command", "process-group"])
def test_sigterm_to_a_sweep_keeps_its_chunks_releases_its_lock_and_ends_its_workers(
        tmp_path: Path, uninterrupted: pd.DataFrame, leftovers: list[Any], group: bool) -> None:  # fmt: skip
    """The command alone (``kill PID``, ``timeout``, ``docker stop``) or its whole process group
    (systemd, a shell's job control): the workers then get the signal too."""
    psutil = pytest.importorskip("psutil")
    out = tmp_path / "cd.parquet"
    parts = tmp_path / "cd.parquet.parts"
    command = _cli(*_SWEEP, "--out", str(out), start_new_session=group)
    leftovers.append(command)
    deadline = time.monotonic() + 120
    while command.poll() is None and time.monotonic() < deadline and not list(parts.glob("chunk-*.parquet")):
        time.sleep(0.02)
    assert command.poll() is None, f"the sweep ended before the signal: {command.communicate()}"
    assert list(parts.glob("chunk-*.parquet")), "no chunk written in 120 s"
    children = psutil.Process(command.pid).children(recursive=True)  # fork server, workers
    leftovers.extend(children)
    assert len(children) >= 3
    if group:
        os.killpg(command.pid, signal.SIGTERM)
    else:
        command.send_signal(signal.SIGTERM)
    _, stderr = command.communicate(timeout=120)

    assert command.returncode == 143, stderr
    assert error_lines(stderr) == [_MESSAGE], stderr
    assert "Traceback" not in stderr and "leaked" not in stderr, stderr
    deadline = time.monotonic() + 30
    while alive(children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(children), "worker processes outlived the command"
    assert not (parts / "lock").exists(), "the lock was not released"
    kept = len(list(parts.glob("chunk-*.parquet")))
    assert 0 < kept < len(uninterrupted)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")], "temporary files left"
    assert not [p.name for p in parts.iterdir() if p.name.startswith(".")], "temporary chunk files left"

    resumed = subprocess.run([sys.executable, "-m", "supplychain", *_SWEEP, "--out", str(out)],
                             capture_output=True, text=True)  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    assert "stale lock" not in resumed.stderr  # released, not taken over
    pd.testing.assert_frame_equal(pd.read_parquet(out), uninterrupted)


#: Runs the command line with every temporary ``.tmp`` file written by ``Path.write_text``
#: (a JSON summary beside its table) held open: "writing" on stdout, then a long wait.
_SLOW_WRITE = """
import pathlib, runpy, sys, time
write_text = pathlib.Path.write_text
def held(self, *args, **kwargs):
    written = write_text(self, *args, **kwargs)
    if ".tmp" in self.name:
        print("writing", flush=True)
        time.sleep(600)
    return written
pathlib.Path.write_text = held
sys.argv = ["supplychain", *sys.argv[1:]]
runpy.run_module("supplychain", run_name="__main__", alter_sys=True)
"""


def test_sigterm_while_writing_removes_the_temporary_files_and_keeps_the_old_output(
        tmp_path: Path, leftovers: list[Any]) -> None:  # fmt: skip
    """The timeline's table and summary are both written to temporary files when the signal
    comes; they went, and the outputs of an earlier run stayed as they were."""
    out = tmp_path / "tl.parquet"
    # An earlier timeline's outputs (a file of another kind is refused before any work since
    # 2026-12-05: tests/test_output_kinds.py).
    earlier = CliRunner().invoke(main, ["timeline", "--days", "2", "--start", "2026-01-01", "--out", str(out), "-q"])
    assert earlier.exit_code == 0, earlier.output
    table, summary = out.read_bytes(), out.with_suffix(".json").read_text()
    command = subprocess.Popen([sys.executable, "-c", _SLOW_WRITE, "timeline", "--days", "5", "--start",
                                "2026-01-01", "--out", str(out), "-q"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    leftovers.append(command)
    assert command.stdout is not None
    assert command.stdout.readline() == "writing\n", command.communicate()
    assert len([p for p in tmp_path.iterdir() if ".tmp" in p.name]) == 2
    command.send_signal(signal.SIGTERM)
    _, stderr = command.communicate(timeout=60)

    assert command.returncode == 143, stderr
    assert error_lines(stderr) == [_MESSAGE] and "Traceback" not in stderr, stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tl.json", "tl.parquet"]
    assert out.read_bytes() == table
    assert out.with_suffix(".json").read_text() == summary


#: The handler installed as the command line installs it, the grace period shortened, then
#: one long C call that releases the GIL and never checks for signals (as a HiGHS solve does).
#: "ready" comes from a thread once the main thread is at that call and has let go of the GIL
#: (a thread runs only then): a signal sent earlier would find the main thread in Python.
_STUCK = """
import hashlib, sys, threading, time
from supplychain.cli import _signals
_signals._GRACE_S = 0.5

def stuck():
    hashlib.pbkdf2_hmac("sha256", b"x", b"y", 10**9)  # tens of minutes in C

def announce(main):
    while sys._current_frames()[main].f_code is not stuck.__code__:
        time.sleep(0.01)
    time.sleep(0.1)  # the arguments are evaluated: the thread runs while the call holds no GIL
    print("ready", flush=True)

with _signals._sigterm_as_interrupt():
    try:
        if sys.argv[1] == "solve":
            threading.Thread(target=announce, args=(threading.main_thread().ident,), daemon=True).start()
            stuck()
        else:
            print("ready", flush=True)
            time.sleep(600)
    except KeyboardInterrupt:  # the first SIGTERM
        if sys.argv[1] == "solve":
            sys.exit("the handler ran in Python: the signal came before the call")
        print("cleaning up", flush=True)  # a clean-up that does not end
        if sys.argv[2] == "solve":
            stuck()
        else:
            time.sleep(600)
print("returned", flush=True)
"""


@pytest.mark.parametrize(("work", "cleanup"), [("solve", "none"), ("sleep", "solve"), ("sleep", "sleep")])
def test_sigterm_ends_a_command_stuck_in_a_long_call_or_a_second_sigterm_its_cleanup(
        work: str, cleanup: str, leftovers: list[Any]) -> None:  # fmt: skip
    """A solve runs in C, where Python cannot run the handler until it returns (a MIP: up to
    its --time-limit): the process ends after the grace period. A clean-up that does not end
    (in C or in Python) ends at a second SIGTERM. One error line, status 143, either way."""
    command = subprocess.Popen([sys.executable, "-c", _STUCK, work, cleanup], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)  # fmt: skip
    leftovers.append(command)
    assert command.stdout is not None
    assert command.stdout.readline() == "ready\n", command.communicate()
    command.send_signal(signal.SIGTERM)
    if work == "sleep":
        assert command.stdout.readline() == "cleaning up\n"
        command.send_signal(signal.SIGTERM)
    stdout, stderr = command.communicate(timeout=60)

    assert command.returncode == 143, stderr
    assert stderr == _MESSAGE + "\n"
    assert "returned" not in stdout


def test_the_cli_in_process_ends_with_the_sigterm_line_and_status(monkeypatch: pytest.MonkeyPatch) -> None:
    import supplychain.networks

    def terminated(*args: object, **kwargs: object) -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(60)  # the handler interrupts it

    monkeypatch.setattr(supplychain.networks, "summarize_network", terminated)
    before = signal.getsignal(signal.SIGTERM)
    if before is not signal.SIG_DFL:  # the command line leaves it alone: the signal would end the run
        pytest.skip(f"SIGTERM is handled by the test runner ({before!r}): not sent to this process")
    result = CliRunner().invoke(main, ["network", "info", "embedded"])
    assert result.exit_code == 143
    assert [line for line in result.output.splitlines() if line.strip()] == [_MESSAGE]
    assert signal.getsignal(signal.SIGTERM) is before  # restored: the library leaves it alone


def test_the_handler_is_only_for_the_command_line_and_restored() -> None:
    from supplychain.cli._signals import _sigterm_as_interrupt, _Terminated

    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # importing installs nothing
    with pytest.raises(_Terminated), _sigterm_as_interrupt() as state:
        assert state is not None
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(60)
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    assert signal.set_wakeup_fd(-1) == -1  # the wakeup descriptor restored too

    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a program that ignores it
    try:
        with _sigterm_as_interrupt() as state:
            assert state is None and signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGTERM, previous)

    seen: list[object] = []

    def elsewhere() -> None:
        with _sigterm_as_interrupt() as state:
            seen.append(state)

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert seen == [None]  # not the main thread: nothing installed


def _watch_two_sigterms(monkeypatch: pytest.MonkeyPatch, reader: int, writer: int) -> tuple[list[str], list[BaseException]]:
    """The watcher reading ``reader`` in a thread, sent two SIGTERMs through ``writer`` (the
    second forces the exit): the forced exits it took (recorded, not taken) and the errors that
    ended its thread."""
    from supplychain.cli._signals import _Watch

    exits: list[str] = []
    errors: list[BaseException] = []

    class _Exit(BaseException):
        pass

    def force_exit(self: _Watch) -> None:
        exits.append("forced")
        raise _Exit

    def run() -> None:
        try:
            _Watch().watch(reader)  # closes the reader when it returns
        except _Exit:
            pass
        except BaseException as exc:  # select.select's ValueError, epoll's OSError
            errors.append(exc)

    monkeypatch.setattr(_Watch, "force_exit", force_exit)
    thread = threading.Thread(target=run)
    thread.start()
    os.write(writer, bytes([int(signal.SIGTERM)]) * 2)
    thread.join(timeout=30)
    return exits, errors


def test_the_watcher_reads_a_descriptor_numbered_above_1023(monkeypatch: pytest.MonkeyPatch) -> None:
    """A command holding many files open gets a wakeup pipe numbered 1024 or more, which
    ``select.select`` refuses (ValueError): the watcher thread died and a second SIGTERM no
    longer ended the command (review, 2026-12-05)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 1200 and hard != resource.RLIM_INFINITY and hard < 1200:
        pytest.skip("this process may not open a descriptor numbered 1100")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1200), hard))
    try:
        reader, writer = os.pipe()
        high = os.dup2(reader, 1100)
        os.close(reader)
        exits, errors = _watch_two_sigterms(monkeypatch, high, writer)
        os.close(writer)
    finally:
        with suppress(OSError):
            os.close(1100)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert not errors and exits == ["forced"]


def test_the_watcher_needs_no_descriptor_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """The selector that replaced ``select.select`` was the default one, epoll on Linux, which
    opens a descriptor: with the process's descriptors all in use (the case of a command holding
    many files open) it raised ``OSError: Too many open files``, ended the watcher thread and
    left its pipe open. ``poll`` opens none."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    reader, writer = os.pipe()
    filling: list[int] = []
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(reader, writer) + 16, hard))
    try:
        with suppress(OSError):  # every free descriptor taken
            while True:
                filling.append(os.dup(writer))
        exits, errors = _watch_two_sigterms(monkeypatch, reader, writer)
    finally:
        for fd in filling:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        os.close(writer)
    assert not errors and exits == ["forced"]
