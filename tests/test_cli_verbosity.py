"""Command-line habits: -q/-v/-vv before or after the subcommand; -q prints only errors."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from supplychain.cli import main


def _level(args: list[str]) -> int:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return logging.getLogger("supplychain").level


@pytest.mark.parametrize(
    ("args", "level"),
    [
        (["schema"], logging.WARNING),
        (["-v", "schema"], logging.INFO),
        (["schema", "-v"], logging.INFO),
        (["schema", "-vv"], logging.DEBUG),
        (["-v", "schema", "-v"], logging.DEBUG),
        (["schema", "-q"], logging.ERROR),
        (["network", "-q", "info", "embedded"], logging.ERROR),
        (["network", "info", "embedded", "--quiet"], logging.ERROR),
    ],
)
def test_verbosity_anywhere(args: list[str], level: int) -> None:
    assert _level(args) == level


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_stress_prints_nothing_but_writes(tmp_path: Path, where: str) -> None:
    out = tmp_path / "n1.parquet"
    sweep = ["stress", "n-k", "--k", "1", "--top", "2", "--out", str(out)]
    args = ["-q", *sweep] if where == "before" else [*sweep, "-q"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.output == ""  # no ranking, no "Wrote", no progress bar
    assert out.is_file() and out.with_suffix(".json").is_file()


def test_without_quiet_the_ranking_prints(tmp_path: Path) -> None:
    out = tmp_path / "n1.parquet"
    result = CliRunner().invoke(main, ["stress", "n-k", "--k", "1", "--top", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "1. " in result.output and "Wrote" in result.output


def test_quiet_still_prints_errors(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["stress", "n-1", "-q", "--network", str(tmp_path / "missing.parquet"), "--out", str(tmp_path / "x.parquet")]
    )
    assert result.exit_code == 1
    assert result.output.startswith("error: ")


def test_a_log_line_during_a_bar_starts_a_line_of_its_own() -> None:
    # A warning logged while a bar showed was written after the bar's text, on its line
    # ("sweep: 10%|#| 1/10 [00:00<...]WARNING supplychain...").
    import io

    from tqdm import tqdm

    from supplychain.cli._common import _BarAwareHandler

    err = io.StringIO()
    handler = _BarAwareHandler(err)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    record = logging.LogRecord("supplychain.x", logging.WARNING, __file__, 1, "a road left out", None, None)
    with tqdm(total=10, desc="sweep", file=err, mininterval=0) as bar:
        bar.update(1)
        handler.emit(record)
        bar.update(1)
    line = next(t for t in err.getvalue().split("\n") if "a road left out" in t)
    assert line.split("\r")[-1] == "WARNING supplychain.x: a road left out"
    assert "sweep:" in err.getvalue().split("a road left out")[1]  # the bar drawn again below
    handler.emit(record)  # no bar open: a plain line
    assert err.getvalue().endswith("\nWARNING supplychain.x: a road left out\n")


_OTHER_LIBRARY_WARNS = """
import logging, sys
import click
from supplychain.cli import main
from supplychain.scenarios.executors import run_chunks

def _warns(task, context):
    logging.getLogger("otherlib").warning("other library warns in %s", task)
    return task

@main.command("probe")
@click.option("--workers", type=int, default=1)
def probe(workers):
    run_chunks(_warns, [(0, "a worker")], {}.__setitem__, workers=workers, progress=False)
    logging.getLogger("otherlib").warning("other library warns here")

if __name__ == "__main__":
    main()
"""


@pytest.mark.parametrize("workers", [1, 2])
def test_quiet_hides_other_libraries_warnings(tmp_path: Path, workers: int) -> None:
    """-q prints only errors: another library's warning (this process's, or a worker's relayed
    to it) printed, -q setting the package's logger alone (review32). Without -q it prints."""
    import subprocess
    import sys

    script = tmp_path / "probe.py"
    script.write_text(_OTHER_LIBRARY_WARNS, encoding="utf-8")
    for quiet, expected in ((["-q"], ""), ([], "other library warns in a worker")):
        proc = subprocess.run([sys.executable, str(script), *quiet, "probe", "--workers", str(workers)],
                              capture_output=True, text=True, check=False, timeout=120, cwd=tmp_path)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        if quiet:
            assert proc.stderr == "", proc.stderr
        else:
            assert expected in proc.stderr and "other library warns here" in proc.stderr, proc.stderr


_LIBRARY_WARNS_WARN = """
import warnings
import click
from supplychain.cli import main
from supplychain.scenarios.executors import run_chunks

def _warns(task, context):
    warnings.warn("divide by zero encountered in a worker", RuntimeWarning)
    return task

@main.command("probe")
@click.option("--workers", type=int, default=1)
def probe(workers):
    run_chunks(_warns, [(0, "a worker")], {}.__setitem__, workers=workers, progress=False)
    warnings.warn("a FutureWarning\\n   on two lines here", FutureWarning)

if __name__ == "__main__":
    main()
"""


@pytest.mark.parametrize("workers", [1, 2])
def test_warnings_warn_is_one_log_line_and_quiet_hides_it(tmp_path: Path, workers: int) -> None:
    """numpy's, pandas' or scipy's ``warnings.warn`` went to stderr as two raw lines (the
    second the library's source line), across a progress bar and with -q too; it is one log
    line now, from the command's process or a worker's, and -q hides it."""
    import subprocess
    import sys

    script = tmp_path / "probe.py"
    script.write_text(_LIBRARY_WARNS_WARN, encoding="utf-8")
    for quiet in (["-q"], []):
        proc = subprocess.run([sys.executable, str(script), *quiet, "probe", "--workers", str(workers)],
                              capture_output=True, text=True, check=False, timeout=120, cwd=tmp_path)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        if quiet:
            assert proc.stderr == "", proc.stderr
            continue
        lines = proc.stderr.splitlines()
        assert lines == [
            "WARNING py.warnings: RuntimeWarning: divide by zero encountered in a worker (probe.py:8)",
            "WARNING py.warnings: FutureWarning: a FutureWarning on two lines here (probe.py:15)",
        ], proc.stderr
