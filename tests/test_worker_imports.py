"""A sweep's local workers import the supplychain the command runs, never a ``supplychain/``
folder in the current directory.

Python 3.11 starts the fork server the workers come from as ``python -c ...``, with the current
directory first on its ``sys.path``: ``stress n-1 --workers 2`` run from a folder holding a
``supplychain/`` folder (another checkout, an older copy) had its workers run that folder's code
(fork35). The commands run as subprocesses from such a folder, whose package leaves a mark when
imported and then fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import supplychain

from .conftest import invoke_quiet

#: The command line as its console script runs it: the current directory not on its own path.
#: ``spawn``: as on a platform without a fork server (its workers are spawned).
_RUN = """
import multiprocessing, runpy, sys
sys.path.remove("")  # python -c puts the current directory first; the console script does not
if sys.argv[1] == "spawn":
    multiprocessing.get_all_start_methods = lambda: ["fork", "spawn"]
sys.argv = ["supplychain", *sys.argv[2:]]
runpy.run_module("supplychain", run_name="__main__", alter_sys=True)
"""

_POISON = '''
import os
from pathlib import Path

with (Path(__file__).parent.parent / "imported").open("a") as mark:
    mark.write(f"{os.getpid()}\\n")
raise ImportError("the supplychain folder of the current directory was imported")
'''


@pytest.fixture(scope="module")
def one_process_n1(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """The embedded network's N-1 table, run in this process (the same to the bit on 2 workers)."""
    out = tmp_path_factory.mktemp("reference") / "n1.parquet"
    invoke_quiet("stress", "n-1", "--out", str(out))
    return pd.read_parquet(out)


@pytest.mark.parametrize("start", ["forkserver", "spawn"])
def test_workers_never_import_a_supplychain_folder_in_the_current_directory(
    tmp_path: Path, start: str, one_process_n1: pd.DataFrame
) -> None:
    """Before the fix the fork server imported the folder's package (the mark holds its
    process id) and its workers ran whatever that package held."""
    if start == "forkserver" and start not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip("no fork server on this platform")
    (tmp_path / "supplychain").mkdir()
    (tmp_path / "supplychain" / "__init__.py").write_text(_POISON)
    out = tmp_path / "out" / "n1.parquet"
    # The package's folder on the path (a checkout not installed); an empty entry would be the
    # current directory.
    path = [str(Path(supplychain.__file__).resolve().parents[1]), *os.environ.get("PYTHONPATH", "").split(os.pathsep)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in path if p)}
    run = subprocess.run([sys.executable, "-c", _RUN, start, "stress", "n-1", "--workers", "2",
                          "--out", str(out), "-q"],
                         cwd=tmp_path, env=env, capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert not (tmp_path / "imported").exists(), "processes imported the folder's package: " + (
        tmp_path / "imported").read_text()  # fmt: skip
    pd.testing.assert_frame_equal(pd.read_parquet(out), one_process_n1)


def test_a_ctrl_c_while_the_fork_servers_path_is_set_leaves_the_environment_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # review35b: the two variables were set before the `try` that puts them back, so a Ctrl-C
    # between them (raised in the main thread though it blocks SIGINT: another thread takes it)
    # left PYTHONPATH the command's sys.path, for good in a library caller's process.
    from supplychain.scenarios.executors import _command_import_path

    class Environ(dict):  # type: ignore[type-arg]
        def __setitem__(self, name: str, value: str) -> None:
            if name == "PYTHONSAFEPATH":
                raise KeyboardInterrupt  # the Ctrl-C, between the two
            super().__setitem__(name, value)

    environ = Environ(PYTHONPATH="/the/users/own")
    monkeypatch.setattr(os, "environ", environ)
    with pytest.raises(KeyboardInterrupt), _command_import_path():
        pass
    assert environ == {"PYTHONPATH": "/the/users/own"}


#: A library caller whose ``sys.path`` holds a ``pathlib.Path``, starting the workers' server
#: and running one task in a worker forked from it.
_PATH_ON_SYS_PATH = """
import multiprocessing, pathlib, sys
sys.path.append(pathlib.Path(sys.argv[1]))
from supplychain.scenarios.executors import start_worker_server
assert start_worker_server(["supplychain.errors"])
with multiprocessing.get_context("forkserver").Pool(1) as pool:
    print(pool.map(abs, [-3]))
print(type(sys.path[-1]).__name__)
"""


@pytest.mark.skipif("forkserver" not in __import__("multiprocessing").get_all_start_methods(),
                    reason="no fork server on this platform")  # fmt: skip
def test_a_path_object_on_sys_path_starts_the_server(tmp_path: Path) -> None:
    # review35b: the server's PYTHONPATH joined sys.path and stopped on a pathlib.Path there
    # ("expected str instance, PosixPath found"); Python 3.11 also writes sys.path into the
    # server's command by repr, a NameError there. The caller's sys.path is left as it was.
    done = subprocess.run([sys.executable, "-c", _PATH_ON_SYS_PATH, str(tmp_path)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert (done.returncode, done.stdout) == (0, "[3]\nPosixPath\n"), done.stderr


#: A library caller: ``right/`` holds the workers' module ``whereami`` (put on ``sys.path`` at
#: run time, as the checkout is); the current directory holds another one that must not run.
#: argv: the checkout's folder, ``right/``, and what to do between two sweeps.
_TWO_SWEEPS = """
import os, signal, sys, time
from multiprocessing import forkserver
if "" in sys.path:
    sys.path.remove("")  # python -c puts the current directory first; a script's caller does not
sys.path[:0] = sys.argv[1:3]
import whereami
from supplychain.scenarios.executors import run_chunks

def sweep():
    out = {}
    run_chunks(whereami.which, [(0, 0), (1, 1)], out.__setitem__, workers=2, progress=False)
    return sorted(set(out.values()))

print(*sweep())
if sys.argv[3] == "kill":  # the fork server dies (killed); the next sweep starts another
    server = forkserver._forkserver._forkserver_pid
    os.kill(server, signal.SIGKILL)
    while os.waitid(os.P_PID, server, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
        time.sleep(0.01)
    print(*sweep())
"""


def _whereami(folder: Path, says: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "whereami.py").write_text(f"def which(task, context):\n    return {says!r}\n")


def _two_sweeps(tmp_path: Path, right: Path, then: str, *flags: str) -> list[str]:
    _whereami(right, "right")
    _whereami(tmp_path / "cwd", "wrong: the current directory's")
    checkout = str(Path(supplychain.__file__).resolve().parents[1])
    done = subprocess.run([sys.executable, *flags, "-c", _TWO_SWEEPS, checkout, str(right), then],
                          cwd=tmp_path / "cwd", capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.mark.skipif(not hasattr(os, "waitid") or "forkserver" not in __import__("multiprocessing").get_all_start_methods(),
                    reason="no fork server on this platform, or no os.waitid to see it die")  # fmt: skip
def test_a_fork_server_started_again_imports_from_the_commands_path(tmp_path: Path) -> None:
    # review36: the path was set only when no server had been started; one that had died was
    # started again by Python (forkserver.ensure_running) with the current directory first.
    assert _two_sweeps(tmp_path, tmp_path / "right", "kill") == ["right", "right"]


def test_workers_of_an_interpreter_ignoring_the_environment_import_from_the_commands_path(
    tmp_path: Path,
) -> None:
    # review36: under -E the fork server (given the flag) read neither PYTHONPATH nor
    # PYTHONSAFEPATH and put its current directory first: `python -E .venv/bin/supplychain
    # stress n-1 --workers 2` from a folder holding another supplychain/ ran that folder's code
    # in the workers (halved throughputs, exit 0).
    assert _two_sweeps(tmp_path, tmp_path / "right", "once", "-E") == ["right"]


def test_workers_import_from_a_path_entry_holding_the_path_separator(tmp_path: Path) -> None:
    # review36: PYTHONPATH cut ".../x:right" in two, and the server imported from ".../x" (a
    # checkout in such a folder had its workers run the installed package's code, exit 0).
    _whereami(tmp_path / "x", "wrong: a piece of the entry cut in two")
    assert _two_sweeps(tmp_path, tmp_path / f"x{os.pathsep}right", "once") == ["right"]
