"""Shared command-line machinery: the ``main`` group, error lines and verbosity.

Holds the one-line ``error:`` handling (:func:`_user_errors`, :class:`_ErrorLineGroup`), the
-v/-vv/-q options every subcommand accepts, result printing (:func:`_echo`), progress-bar
switch (:func:`_progress`), the overwrite guard (:func:`_refuse_overwrite`), network loading
(:func:`_graph`), the shared --network/--params options, and the ``main`` click group the
command modules register on.
"""

from __future__ import annotations

import errno
import gc
import logging
import math
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, TypeVar, cast

import click

from supplychain import __version__
from supplychain._logs import warnings_logged
from supplychain._stdio import reopen_closed_std_streams, stdout_buffered
from supplychain.cli._signals import (
    _LINE_SAID,
    _MESSAGE,
    _STATUS,
    _say_stopped,
    _sigterm_as_interrupt,
    _Terminated,
    _TerminatedAbort,
    _Watch,
)
from supplychain.errors import SupplyChainError

__all__ = ["main"]

logger = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _rough_percentiles(draws: int, *stats: Mapping[str, Any]) -> list[str]:
    """The text's line under a Monte Carlo's figures when its draws are too few to bound the P5
    or the P95 with 95 % confidence (an end of their interval null in the JSON summary, as the
    report's "Only 20 draws: too few ..." says); none otherwise. ``stats`` are the summary's
    statistics (``mean``, ``p5``, ``p5_ci95``, ...), one per measure printed.

    Examples
    --------
    >>> _rough_percentiles(20, {"p5_ci95": [None, 3.0], "p95_ci95": [4.0, None]})
    ['  (only 20 draws: too few to bound the P5 and P95 with 95 % confidence; read them as rough)']
    >>> _rough_percentiles(60, {"p5_ci95": [float("nan"), 3.0], "p95_ci95": [4.0, 5.0]})[0][:17]
    '  (only 60 draws:'
    >>> _rough_percentiles(200, {"p5_ci95": [1.0, 3.0], "p95_ci95": [4.0, 5.0]})
    []
    """
    def missing(end: Any) -> bool:  # null in the JSON, NaN in the summary before it is written
        return end is None or (isinstance(end, float) and math.isnan(end))

    def unbounded(st: Mapping[str, Any]) -> bool:
        p5, p95 = st.get("p5_ci95"), st.get("p95_ci95")
        return (isinstance(p5, (list, tuple)) and len(p5) == 2 and missing(p5[0])) or \
            (isinstance(p95, (list, tuple)) and len(p95) == 2 and missing(p95[1]))

    if not any(unbounded(st) for st in stats):
        return []
    return [f"  (only {draws:,} draw{'s' if draws != 1 else ''}: too few to bound the P5 and P95 with "
            "95 % confidence; read them as rough)"]


#: Problems of one error named on its line; the others are counted (assumption: a screenful).
_MOST_PROBLEMS = 20


def _error_text(exc: SupplyChainError) -> str:
    """An error's text for its ``error:`` line: its first :data:`_MOST_PROBLEMS` problems and the
    count of the others. An observed-arrivals CSV of 200,000 rows repeating its periods printed
    one line of 15.8 MB naming its 197,000 problems; the exception keeps them all."""
    if len(exc.problems) <= _MOST_PROBLEMS:
        return str(exc)
    shown = "; ".join(exc.problems[:_MOST_PROBLEMS])
    return f"{exc.summary}: {shown}; and {len(exc.problems) - _MOST_PROBLEMS:,} more (fix these, then run again)"


def _user_errors(func: F) -> F:
    """Print every failure as one ``error:`` line and exit 1.

    The library raises :class:`SupplyChainError` for what it can foresee; the others are
    translated here as a last resort (:func:`_error_line`), so the command line never shows a
    traceback (``-vv`` logs it): file system errors name the file, encoding errors say to save
    as UTF-8.
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            _error_line(exc)

    return cast(F, wrapper)


def _error_line(exc: Exception) -> NoReturn:
    """Print ``exc`` as one ``error:`` line and exit 1 (141, silently, for a closed pipe).

    Used by the commands (:func:`_user_errors`) and, for what is printed outside them (``--help``
    or ``--version`` into a full disk printed a traceback), by the command group.
    """
    if isinstance(exc, SupplyChainError):
        message = _error_text(exc)
    elif isinstance(exc, BrokenPipeError):
        # The reader went away (`supplychain ... | head`): not a failure of the command.
        # No message, and the exit status of a Unix tool stopped by SIGPIPE (128 + 13);
        # stdout goes to /dev/null so the interpreter's last flush cannot fail again.
        _stdout_to_devnull()
        sys.exit(141)
    elif isinstance(exc, OSError):
        logger.debug("Traceback", exc_info=exc)
        if not exc.filename and _raised_writing_stdout(exc):
            # `solve --json - >/dev/full` said "cannot read or write: No space left on device;
            # check the path and its permissions", naming no path.
            _stdout_to_devnull()
            fix = "free space where it goes, or send it elsewhere" if exc.errno in (errno.ENOSPC, errno.EDQUOT) \
                else "send it elsewhere"  # `ulimit -f`: "File too large"
            message = f"cannot write to standard output: {exc.strerror or exc}; {fix}"
        else:
            name = f" '{exc.filename}'" if exc.filename else ""
            message = (f"cannot read or write{name}: {exc.strerror or exc}; check the path and its "
                       "permissions")  # fmt: skip
    elif isinstance(exc, UnicodeDecodeError):
        logger.debug("Traceback", exc_info=exc)
        message = f"an input file is not UTF-8 text ({exc}); save it as UTF-8"
    else:
        logger.debug("Traceback", exc_info=exc)
        message = (f"unexpected {type(exc).__name__}: {exc}. This is a bug or an input the "
                   "checks missed; run with -vv for the traceback and report it")  # fmt: skip
    click.echo(f"error: {_one_line(message)}", err=True)
    sys.exit(1)


def _raised_writing_stdout(exc: BaseException) -> bool:
    """Whether ``exc`` was raised by ``click.echo`` writing to standard output (every line the
    commands print goes through it): its innermost frame's ``file`` is descriptor 1."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    stream = tb.tb_frame.f_locals.get("file") if tb is not None else None
    try:
        return stream is not None and stream.fileno() == 1
    except (AttributeError, OSError, ValueError):
        return False


def _stdout_to_devnull() -> None:
    """Point descriptor 1 at /dev/null, so that the interpreter's last flush of what could not
    be written does not fail again at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)


#: The standard streams the command was started without (``>&-``), reopened on /dev/null
#: (:func:`supplychain._stdio.reopen_closed_std_streams`): ``solve --json -`` refuses to print
#: into one.
_STARTED_CLOSED: set[str] = set()


class _ErrorLineGroup(click.Group):
    """A click group whose usage errors are one ``error:`` line with exit code 1; Ctrl-C and
    SIGTERM (handled as Ctrl-C, :mod:`supplychain.cli._signals`) end with one line too."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("standalone_mode", True) is False:
            return super().main(*args, **kwargs)
        kwargs["standalone_mode"] = False
        _STARTED_CLOSED.update(reopen_closed_std_streams())
        _LINE_SAID.clear()  # this command's own line, not a previous one's (in-process callers)
        # numpy's, pandas' or scipy's `warnings.warn`: one log line, above a progress bar, and
        # none with -q, as the package's own warnings (they went to stderr as two raw lines).
        with _sigterm_as_interrupt() as sigterm, warnings_logged(), stdout_buffered():
            try:
                self._main_with_error_lines(sigterm, *args, **kwargs)
            except _Terminated:  # outside the command (its error line being printed, its exit)
                _report_terminated(sigterm)

    def _main_with_error_lines(self, sigterm: _Watch | None, *args: Any, **kwargs: Any) -> NoReturn:
        try:
            result = super().main(*args, **kwargs)
        except click.UsageError as exc:
            hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
            click.echo(f"error: {_one_line(exc.format_message())}{hint}", err=True)
            sys.exit(1)
        except click.ClickException as exc:
            click.echo(f"error: {_one_line(exc.format_message())}", err=True)
            sys.exit(1)
        except click.Abort as exc:
            if isinstance(exc, _TerminatedAbort) or isinstance(exc.__cause__, _Terminated):
                _report_terminated(sigterm)
            # click turns Ctrl-C (KeyboardInterrupt) into Abort; the status is a Unix tool's
            # stopped by SIGINT (128 + 2), as 141 is for a closed pipe. A sweep's store has
            # logged above where its finished chunks are kept.
            _say_stopped("error: interrupted (Ctrl-C)")
            sys.exit(130)
        except Exception as exc:  # outside a command: `--help` or `--version` into a full disk
            _error_line(exc)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except _Terminated as exc:
            # Past click as Abort: click would print a blank line for a KeyboardInterrupt.
            raise _TerminatedAbort() from exc


def _report_terminated(sigterm: _Watch | None) -> NoReturn:
    """After Ctrl-C's clean-up for a SIGTERM: its one error line, and the status of a Unix
    tool ended by SIGTERM (128 + 15)."""
    if sigterm is not None:
        sigterm.report()
        sys.exit(sigterm.status)
    _say_stopped(_MESSAGE)  # pragma: no cover - raised only by the handler, which the state comes with
    sys.exit(_STATUS)


def _exists(path: Path, *, folder: bool = False) -> bool:
    """Whether ``path`` exists (``folder``: is a folder), False when it cannot be looked at: in a
    click callback, outside the commands' error lines, a name too long for the file system
    (``[Errno 36] File name too long``) was a traceback."""
    try:
        return path.is_dir() if folder else path.exists()
    except OSError:
        return False


class _NamedPath(click.Path):
    """A path option that names something: an empty value (an unset shell variable, `--out
    "$OUT"`) is refused. It read as the current folder: `timeline --out ""` ended in a
    traceback, `report --stress ""` in "unexpected ValueError", `run --out-dir ""` wrote into
    the current folder and `--params ""` said "File '.' is a folder"."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail("is empty; give a file or folder name (an unset shell variable?)", param, ctx)
        converted = super().convert(value, param, ctx)
        # `-` as typed, not `./-` (a file or folder named "-", which Path also reads as "-").
        return _STDOUT if isinstance(value, str) and value == "-" else converted


#: The type of every path option (:class:`_NamedPath`).
_PATH = _NamedPath(path_type=Path)

#: A path option given as ``-`` (standard output), told by identity (``value is _STDOUT``) from
#: ``./-``, a file or folder of that name, which compares equal to it.
_STDOUT = Path("-")

#: The output options that name a folder (their parameters' names), for the messages.
_FOLDER_OUTPUTS = ("out_dir", "cache_dir")

#: supplychain.models.timeexp_myopic.FORESIGHTS, written out so that the command line does not
#: import the models to list its options: ``timeline`` and ``stress timeline-mc``'s
#: ``--foresight`` (tests/test_timeline_myopic.py keeps them equal).
_FORESIGHTS = ("perfect", "myopic")


def _out_path(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """An output path (``--out``, ``--out-dir``, ``--json``, ``--cache-dir``) holds no backslash.

    A path copied from Windows (``reports\\r.html``) names, on Linux, one file in the current
    folder with the backslash in its name: it was written so, and "Wrote reports\\r.html" said
    nothing wrong. Said as the inputs' "does not exist" says it (``windows_path_hint``).
    """
    if value is _STDOUT:
        # `--out -` was refused as "does not end in .parquet; give e.g. --out -.parquet" (fuzz31).
        # `./-` is the file or folder of that name, as for other programs.
        kind = "folder" if param.name in _FOLDER_OUTPUTS else "file"
        raise click.BadParameter(f"'-' (standard output) cannot take this output, which is a {kind}; "
                                 f"give a {kind} name")
    if value is not None and "\\" in str(value):
        from supplychain._toml import windows_path_hint

        raise click.BadParameter(f"'{value}' holds a backslash{windows_path_hint(value)}")
    if value is not None and re.match(r"(?i)(https?|ftp|s3|gs|file):/", str(value)):
        # `report --out https://host/r.html` wrote ./https:/host/r.html, folders and all.
        raise click.BadParameter(f"'{value}' is a URL; write to a local file and upload it from there")
    if value is not None:
        from supplychain._toml import one_line_problem

        if one_line_problem(str(value)) is not None:
            # `--out $'a\nb.parquet'` was written, and its "Wrote" line split in two (fuzz29).
            raise click.BadParameter(f"{str(value)!r} holds a line break or another control character; "
                                     "give an output name on one line")  # fmt: skip
    return value


def _bare_suffix(out: Path, suffixes: tuple[str, ...], option: str) -> str | None:
    """What is wrong with an output named by its suffix alone (``--out "$NAME.parquet"`` with
    ``NAME`` unset), else None: Python reads ``.parquet`` as a hidden file without a suffix,
    and the refusal said "'.parquet' does not end in .parquet; ... give e.g. --out
    .parquet.parquet".

    Examples
    --------
    >>> _bare_suffix(Path("r/.parquet"), (".parquet",), "--out")
    "'r/.parquet' has no name before .parquet (an unset shell variable?); give e.g. --out r/result.parquet"
    >>> _bare_suffix(Path("r.parquet"), (".parquet",), "--out") is None
    True
    """
    if out.name.lower() not in suffixes:
        return None
    return (f"'{out}' has no name before {out.name} (an unset shell variable?); give e.g. {option} "
            f"{out.with_name('result' + out.name)}")


def _parquet_out(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """An ``--out`` for a table must end in ``.parquet`` (its ``.json`` and ``.csv`` are named
    after it: ``--out s.txt`` would write Parquet bytes into ``s.txt``), and hold no backslash
    (:func:`_out_path`)."""
    value = _out_path(ctx, param, value)
    if value is not None and (_exists(value, folder=True) or value.name in ("", ".", "..")):  # `--out .`: a traceback
        raise click.BadParameter(f"'{value}' is a folder; give a file name in it, e.g. --out "
                                 f"{value / 'result.parquet'}")  # fmt: skip
    if value is not None and (bare := _bare_suffix(value, (".parquet",), "--out")) is not None:
        raise click.BadParameter(bare)
    if value is not None and value.suffix.lower() != ".parquet":
        raise click.BadParameter(
            f"'{value}' does not end in .parquet; the table is written as Parquet, with its JSON "
            f"summary beside it: give e.g. --out {value.with_suffix('.parquet')}"
        )
    if value is not None and (target := _link_target(value)) is not None:
        if target.is_symlink():  # links in a loop: the sweep ran, then its table could not be written
            raise click.BadParameter(f"'{value}' is a symbolic link in a loop of links; point it at a "
                                     ".parquet file, or give another --out")  # fmt: skip
        # `--out latest.parquet`, a link to runs/x.parquet: the table went to runs/x.parquet and
        # its summary, CSV and chunk folder beside the link (latest.json), so runs/x.parquet had
        # no summary, and a stale latest.json (the link pointed elsewhere when it was written)
        # decided what the file was: `stress n-1` replaced a timeline result behind the link.
        # The whole result is written beside the file the link points at, named after it.
        if target.suffix.lower() != ".parquet" or target.name.lower() == ".parquet":
            raise click.BadParameter(
                f"'{value}' is a symbolic link to '{target}', which does not end in .parquet; the "
                "table's JSON summary is written beside the file the link points at, named after "
                "it: point the link at a .parquet file, or give another --out"
            )
        value = target
    return value


def _link_target(path: Path) -> Path | None:
    """The file the symbolic link ``path`` points at (links followed to the end, a relative one
    from its own folder), or None when ``path`` is no link."""
    try:
        return Path(os.path.realpath(path)) if path.is_symlink() else None
    except (OSError, ValueError):
        return None


def _results_through_links(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """A result file (``report --stress``, ``--timeline``) named through a symbolic link is
    read where the link points, with the JSON summary beside that file, where the commands
    write it (:func:`_parquet_out`)."""
    if isinstance(value, tuple):
        return tuple(_link_target(v) or v for v in value)
    return value if value is None else _link_target(value) or value


def _check_suffix(out: Path, suffixes: tuple[str, ...], option: str, what: str) -> None:
    """Refuse an output whose name does not end in one of ``suffixes`` (``--json o.json``,
    ``report --out r.html``): ``solve --json places.toml`` or ``report --out roads.osm`` wrote
    JSON or HTML over the file of that name, a data file the command does not read and so
    :func:`_refuse_overwrite` did not protect (as :func:`_parquet_out` does for tables).

    Raises
    ------
    ParameterError
        Naming the output, what is written there and a name that would do.
    """
    from supplychain.errors import ParameterError

    if (bare := _bare_suffix(out, suffixes, option)) is not None:
        raise ParameterError(f"{option} {bare}")
    if out.suffix.lower() not in suffixes:
        named = out.with_suffix(suffixes[0]) if out.name not in ("", ".", "..") else out / f"out{suffixes[0]}"
        raise ParameterError(f"{option} '{out}' does not end in {' or '.join(suffixes)}; {what}: give "
                             f"e.g. {option} {named}")


def _wrote(out: Path, *, csv: bool = False) -> str:
    """The closing line of a command writing a table: every file it wrote."""
    files = [str(out), str(out.with_suffix(".json")), *([str(out.with_suffix(".csv"))] if csv else [])]
    return f"Wrote {', '.join(files[:-1])} and {files[-1]}"


def _same_file(a: Path, b: Path) -> bool:
    """The same file: one resolved path, or one inode (hard link, bind mount)."""
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except (OSError, RuntimeError, ValueError):
        return False


def _network_recorded(network_file: str) -> str:
    """How a result's summary names its ``--network``: ``embedded`` (or ``overpass``) as given,
    a file absolutely (the report that reads the summary may run in another folder, where a
    name typed relative to this one would name another file or none)."""
    from supplychain._records import resolved_path

    return network_file if network_file in ("embedded", "overpass") else str(resolved_path(network_file))


def _input_files(inputs: Iterable[str | Path | None]) -> list[Path]:
    """The files among a command's inputs (not None, nor the 'embedded' or 'overpass' network)."""
    return [Path(p) for p in inputs if p is not None and str(p) not in ("embedded", "overpass")]


def _refuse_overwrite(outputs: Iterable[Path], inputs: Iterable[str | Path | None], *,
                      option: str = "--out") -> None:  # fmt: skip
    """Refuse to write onto a file the command reads (compared resolved and by inode).

    ``option`` is the output's option, named in the fix (``run`` said "Give another --out"
    of its ``--out-dir``, and ``solve`` of its ``--json``).

    Raises
    ------
    ParameterError
        Naming the output and the input it would overwrite.
    """
    from supplychain.errors import ParameterError

    sources = _input_files(inputs)
    for out in outputs:
        for src in sources:
            if _same_file(out, src):
                raise ParameterError(
                    f"Output '{out}' is the input '{src}' of this command; writing it would destroy "
                    f"the input. Give another {option}."
                )


def _refuse_other_kind(out: Path, kind: str) -> None:
    """Refuse to write over an existing Parquet ``out`` that holds another kind of result.

    ``network build --out n1.parquet`` replaced a stress table, and ``stress n-1 --out`` or
    ``timeline --out`` a network, without a word. A command replaces only what it writes: a
    network (``kind`` ``network``) a network; a stress sweep (``stress:SWEEP``, ``n-k`` any
    ``n-K``) its own sweep's table, whatever its settings (a resume or a re-run), or a Parquet
    file it cannot name (one of its tables whose summary is gone looks so); a timeline
    (``timeline``) a timeline result. A file that is not Parquet is never replaced. Read from
    the file's schema and the summary beside it
    (:func:`supplychain.networks.io.parquet_contents`), before any work.

    Raises
    ------
    ParameterError
        Naming the output, what it holds and the fix: another name, or delete it first.
    """
    from supplychain.errors import ParameterError
    from supplychain.networks.io import parquet_contents

    found = parquet_contents(out)
    if found is None:
        return
    held, phrase = found
    if held == kind or (held == "other" and kind.startswith("stress:")):
        return
    if kind == "stress:n-k" and re.fullmatch(r"stress:n-\d+", held):
        return
    writes = {"network": "a network", "timeline": "a timeline result"}.get(
        kind, f"a `supplychain stress {kind.removeprefix('stress:')}` table")
    raise ParameterError(f"--out '{out}' is {phrase}, which this command would replace with {writes}; "
                         f"give another --out, or delete '{out}' first to replace it.")


def _file_head(path: Path, size: int) -> bytes | None:
    """The first ``size`` bytes of an existing file an output would replace, or None when there
    is no such file or it cannot be read (for the writer to name)."""
    try:
        if not path.is_file():
            return None
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError:
        return None


def _first_json_keys(head: bytes) -> list[bytes]:
    """The first four top-level keys of a JSON file the commands wrote (``dumps``' indent of 2:
    a key at the start of a line, after at most two spaces), read from its first bytes."""
    return re.findall(rb'^\s{0,2}"(\w+)"\s*:', head, flags=re.MULTILINE)[:4]


def _refuse_lone_json(out: Path, kind: str) -> None:
    """Refuse a table's ``--out`` whose summary path (``X.json``) holds a JSON file of another
    kind with no ``X.parquet`` beside it.

    ``timeline --out mine.parquet`` or ``stress n-1 --out mine.parquet`` wrote their summary
    over an existing ``mine.json`` (a ``solve --json`` result, any JSON file) without a word
    (fuzz30). A summary of the command's own kind (a stress summary's ``sweep`` key, or
    closure-days' first key ``kind``; a timeline summary's first keys ``name``, ``status``, ``message``, ``start``) is replaced as
    before: the table beside it was deleted for a re-run. With the table there,
    :func:`_refuse_other_kind` judges the pair.

    Parameters
    ----------
    out : Path
        The table's ``--out``.
    kind : str
        ``timeline`` or ``stress:SWEEP``.

    Raises
    ------
    ParameterError
        Naming the JSON file and the fix.
    """
    from supplychain.errors import ParameterError

    summary = out.with_suffix(".json")
    if out.exists() or (head := _file_head(summary, 4096)) is None:
        return
    keys = _first_json_keys(head)
    if (kind == "timeline" and keys == [b"name", b"status", b"message", b"start"]) or (
            kind != "timeline" and (b"sweep" in keys[:3] or keys[:1] == [b"kind"])):  # fmt: skip
        return
    raise ParameterError(f"--out '{out}' writes its summary to '{summary}', which holds another JSON "
                         f"file (no '{out.name}' beside it) that this command would replace; give "
                         f"another --out, or delete '{summary}' first to replace it.")  # fmt: skip


def _check_outputs(outputs: Iterable[Path]) -> None:
    """Before the work: every output file can be written where it goes (its folder exists or
    can be made and takes a new file) and is not a folder, so a long sweep or solve does not
    end in "cannot be written" with its result lost.

    Raises
    ------
    DataFileError
        Naming the output and what is wrong with it.
    """
    import tempfile

    from supplychain._toml import not_a_file_problem
    from supplychain.errors import DataFileError

    for out in outputs:
        if out.is_dir():
            raise DataFileError(f"'{out}' is a folder; give a file name for the output.")
        if (kind := not_a_file_problem(out)) is not None:  # a named pipe there made a sweep wait for ever
            raise DataFileError(f"'{out}' is {kind}, not a file: an output is written beside it and "
                                "renamed over it; give the name of a file to write.")
        # The nearest folder that exists takes a new file (and is left as it was: the output's
        # missing folders are made when it is written).
        where = out.parent
        while not where.exists() and where != where.parent:
            where = where.parent
        try:
            if not where.is_dir():
                raise NotADirectoryError(20, "Not a directory")
            fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".check", dir=where)
        except OSError as exc:
            raise DataFileError(f"'{out}' cannot be written: its folder '{out.parent}' cannot be used "
                                f"({exc.strerror or exc}); choose an output in a writable folder.") from exc
        os.close(fd)
        os.unlink(name)


def _sweep_outputs(out: Path, csv: bool, inputs: Iterable[str | Path | None], sweep: str, *,
                   inputs_complete: bool = True) -> list[Path]:
    """The files a resumable sweep writes (``out``, its JSON summary, its ``.parts`` chunk
    folder, and with ``csv`` its CSV), refused when one is an input (:func:`_refuse_overwrite`)
    and checked writable before the work (:func:`_check_outputs`; not the chunk folder, which
    a resume finds full), and refused when ``out`` holds a result of another kind than the
    ``sweep``'s (:func:`_refuse_other_kind`), or when its summary's path holds another JSON
    file (:func:`_refuse_lone_json`; with ``inputs_complete`` False, for the caller to call
    once it knows every input, so that an input there is named as one).

    Returns
    -------
    list of pathlib.Path
        The outputs, to refuse further inputs found later.
    """
    outputs = [out, out.with_suffix(".json"), out.with_name(out.name + ".parts"),
               *([out.with_suffix(".csv")] if csv else [])]  # fmt: skip
    _refuse_overwrite(outputs, inputs)
    _refuse_other_kind(out, f"stress:{sweep}")
    if inputs_complete:
        _refuse_lone_json(out, f"stress:{sweep}")
    _check_outputs([p for p in outputs if not p.name.endswith(".parts")])
    return outputs


def _sweep_wrote(out: Path, csv: bool, inputs: Iterable[str | Path | None]) -> str:
    """The closing line of a finished sweep (:func:`_wrote`), after removing the CSV an earlier
    run with ``--csv`` left at ``<out>.csv`` when this one ran without: the command owns
    ``<out>.parquet``, ``.json`` and ``.csv``, and the old CSV disagreed with the new table
    beside it. A ``<out>.csv`` among ``inputs`` (an incidents file the scenario reads) is kept.

    Parameters
    ----------
    out : pathlib.Path
        The sweep's ``--out``, written.
    csv : bool
        Whether this run wrote ``<out>.csv`` (then nothing is removed).
    inputs : iterable of str, Path or None
        Every file the command read (as given to :func:`_refuse_overwrite`).

    Returns
    -------
    str
        The "Wrote ..." line, preceded by a "Removed ..." line when a CSV was removed.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "n1.parquet"
    >>> _ = out.with_suffix(".csv").write_text("id\\nold\\n", encoding="utf-8")
    >>> print(_sweep_wrote(out, False, []))  # doctest: +ELLIPSIS
    Removed .../n1.csv: an earlier run's table, not this one's (run with --csv to write it)
    Wrote .../n1.parquet and .../n1.json
    >>> out.with_suffix(".csv").exists()
    False
    """
    stale = out.with_suffix(".csv")
    if csv or not stale.is_file() or any(_same_file(stale, src) for src in _input_files(inputs)):
        return _wrote(out, csv=csv)
    try:
        stale.unlink()
    except FileNotFoundError:  # removed meanwhile
        return _wrote(out, csv=csv)
    except OSError as exc:
        logger.warning("%s is an earlier run's table and disagrees with %s; it could not be removed "
                       "(%s): delete it by hand", stale, out, exc.strerror or exc)  # fmt: skip
        return _wrote(out, csv=csv)
    logger.info("Removed %s, left by an earlier run with --csv", stale)
    return (f"Removed {stale}: an earlier run's table, not this one's (run with --csv to write it)\n"
            f"{_wrote(out, csv=csv)}")


def _command_line(ctx: click.Context | None = None) -> str:
    """The running command as typed, for a result's summary: ``supplychain``, the subcommand,
    its arguments and the options given on the command line (in the command's order; those
    left at their default are left out, as are -v and -q), e.g.
    ``supplychain stress n-1 --params p.toml --out n1.parquet``.

    Built from click's parsed values, not ``sys.argv`` (a command run in-process, by a test or
    a script, has another program's).
    """
    import shlex

    from click.core import ParameterSource

    ctx = ctx or click.get_current_context()
    parts = ["supplychain", *([ctx.info_name] if ctx.info_name else [])]
    for param in ctx.command.params:
        name = param.name
        if name is None or name not in ctx.params:
            continue
        value = ctx.params[name]
        if isinstance(param, click.Argument):
            parts += [str(v) for v in (value if isinstance(value, tuple | list) else (value,))]
            continue
        if ctx.get_parameter_source(name) != ParameterSource.COMMANDLINE or not isinstance(param, click.Option):
            continue
        flag = param.opts[0]
        if param.is_flag:
            if value or param.secondary_opts:
                parts.append(flag if value else param.secondary_opts[0])
            continue
        for v in value if param.multiple else (value,):
            parts += [flag, str(v)]
    return shlex.join(parts)


@contextmanager
def _start_up() -> Iterator[None]:
    """No garbage collection while a command imports its libraries and reads its inputs, and
    what they leave frozen (:func:`gc.freeze`) for the rest of the run.

    Imports and a loaded network create hundreds of thousands of long-lived objects and
    almost no reference cycles, yet the collector walks them again and again: measured on
    ``stress n-1`` of whole-Africa, about 0.2 s of CPU in collections during the start-up
    and more later, walking the same objects. Frozen, they are skipped by every later
    collection (and in worker processes forked from this one). Collection resumes after;
    the command's end unfreezes them.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
        ctx = click.get_current_context(silent=True)
        if ctx is not None:  # a command run in-process (tests, scripts) leaves nothing frozen
            ctx.call_on_close(gc.unfreeze)


def _day_0(start: str | None) -> date | None:
    """``--start`` as a date (None when not given); one error line when it is not one.

    Only YYYY-MM-DD, as the files write dates: ``date.fromisoformat`` also reads 20260101 and
    the ISO week date 2026-W01-1 (29 December 2025), which the message does not offer.

    Examples
    --------
    >>> _day_0("2026-01-01"), _day_0(None)
    (datetime.date(2026, 1, 1), None)
    >>> _day_0("2026-W01-1")
    Traceback (most recent call last):
    ...
    supplychain.errors.ParameterError: --start '2026-W01-1' is not a date; write it as 2025-09-01
    >>> _day_0("2025-02-29")
    Traceback (most recent call last):
    ...
    supplychain.errors.ParameterError: --start 2025-02-29 is no day of the calendar (day is out of range for month); check its day and month
    """
    from supplychain.errors import ParameterError

    if start is None:
        return None
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", start):
        raise ParameterError(f"--start {start!r} is not a date; write it as 2025-09-01")
    try:
        return date.fromisoformat(start)
    except ValueError as exc:  # 2025-02-30 is written right: "not a date; write it as" misled (fuzz36)
        raise ParameterError(f"--start {start} is no day of the calendar ({exc}); check its day and "
                             "month") from exc


def _graph(network_file: str) -> Any:
    """The embedded network, or a saved network file (read in :func:`_start_up`)."""
    with _start_up():
        if network_file == "embedded":
            from supplychain.networks.build import build_network

            return build_network("embedded")
        from supplychain.networks.io import load_network  # without the OSM/GIS stack: start-up

        return load_network(network_file)


def _network_name(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A ``--network`` that names a network: not empty (``--network "$NET"`` unset read as the
    current folder, "Network file '.' is a directory"), and ``embedded`` spelt so (``EMBEDDED``
    and ``overpass``, a build source, were "unsupported suffix ''")."""
    if value is not None and not value.strip():  # before exists(): Path("") is the current folder
        raise click.BadParameter("is empty; give a saved network file, or 'embedded'")
    if value is None or value == "embedded" or _exists(Path(value)):
        return value
    if value.strip().lower() == "embedded":
        raise click.BadParameter(f"'{value}' is not a file; the built-in network is spelt 'embedded'")
    if value.strip().lower() == "overpass":
        raise click.BadParameter("'overpass' is a build source, not a network: build one with `supplychain "
                                 "network build --source overpass --out NAME.parquet` and give that file")
    return value


def _network_and_params(func: F) -> F:
    """The --network and --params options shared by solve, stress and report."""
    func = click.option("--params", "params_path", type=_PATH, default=None,
                        help="LP parameter file (default models/model.toml).")(func)
    return cast(F, click.option("--network", "network_file", default="embedded",
                                show_default=True, callback=_network_name,
                                help="A saved network file, or 'embedded'.")(func))  # fmt: skip


_VERBOSITY = "supplychain.verbosity"


def _verbosity() -> dict[str, Any]:
    """-v count and -q flag, wherever they were given (before or after the subcommand)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return {"verbose": 0, "quiet": False}
    return ctx.find_root().meta.setdefault(_VERBOSITY, {"verbose": 0, "quiet": False})


class _BarAwareHandler(logging.StreamHandler):
    """The CLI's log handler: while a progress bar or status line shows, a log line clears it,
    starts a line of its own and the bar is drawn again below it.

    A plain :class:`logging.StreamHandler` wrote a warning from inside a sweep or a solve after
    the bar's text, on the bar's line (``timeline 'x': 00:04WARNING supplychain...``), and the
    bar's next redraw overwrote the line's start. tqdm's own
    ``tqdm.contrib.logging.logging_redirect_tqdm`` does the same as a context manager around a
    block; the bars here are made deep inside the library, and a command with no bar must not
    import tqdm (about 0.1 s of start-up), so this handler writes through ``tqdm.write`` only
    when tqdm is loaded and one of its bars is open.
    """

    def emit(self, record: logging.LogRecord) -> None:
        module = sys.modules.get("tqdm")
        bars = getattr(getattr(module, "tqdm", None), "_instances", None)
        if module is None or not bars:
            super().emit(record)
            return
        try:
            module.tqdm.write(self.format(record), file=self.stream)
            self.flush()
        except RecursionError:  # as logging.StreamHandler.emit does
            raise
        except Exception:
            self.handleError(record)


def _configure_logging() -> None:
    # Default: warnings only, so results are readable; -v: one summary line per stage; -vv: debug.
    v = _verbosity()
    if v["quiet"]:
        level = logging.ERROR
    else:
        level = {0: logging.WARNING, 1: logging.INFO}.get(v["verbose"], logging.DEBUG)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s",
                        handlers=[_BarAwareHandler()])
    logging.getLogger("supplychain").setLevel(level)
    # -q: other libraries' warnings too (a worker's, relayed, as this process's): they printed,
    # the package's level being the package's alone (review32). The handler's level, not the
    # root's, so that a test's caplog, which takes the root's place, keeps its warnings.
    for handler in logging.getLogger().handlers:
        if isinstance(handler, _BarAwareHandler):
            handler.setLevel(logging.ERROR if v["quiet"] else logging.NOTSET)


def _verbosity_callback(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    v = _verbosity()
    if param.name == "quiet":
        v["quiet"] = v["quiet"] or bool(value)
    else:
        v["verbose"] += int(value or 0)
    _configure_logging()
    if param.name == "quiet" and not isinstance(ctx.command, click.Group):
        # The command's own -q is read by now (warned from the group, the warning showed with
        # ``supplychain network info -q``, which prints only errors).
        once = ctx.find_root().meta
        if not once.get(_ENV_WARNED):
            once[_ENV_WARNED] = True
            _warn_misspelt_env()


def _verbosity_options() -> list[click.Option]:
    return [
        click.Option(["-v", "--verbose"], count=True, expose_value=False, callback=_verbosity_callback,
                     help="More log output (-v: a line per stage, -vv: debug)."),
        click.Option(["-q", "--quiet"], is_flag=True, expose_value=False, callback=_verbosity_callback,
                     help="Only errors and the listings asked for (network info, threat, schema): no "
                          "results, warnings or progress bars."),
    ]  # fmt: skip


class _Group(_ErrorLineGroup):
    """A group whose every subcommand also accepts -v/-vv/-q (``supplychain stress n-1 -q``);
    usage errors are one ``error:`` line (:class:`_ErrorLineGroup`)."""

    group_class = type  # subgroups are _Group too

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        names = {o for p in cmd.params for o in getattr(p, "opts", [])}
        if not names & {"-v", "-q"}:
            cmd.params.extend(_verbosity_options())
        super().add_command(cmd, name)


def _progress() -> bool:
    """Progress bars show unless -q was given or stderr is not a terminal.

    A bar redraws itself with carriage returns: in a log file (``2>err.txt``) its text ran
    into the ``error:`` line, which then no longer started a line.
    """
    if _verbosity()["quiet"]:
        return False
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty is not None and isatty())


def _echo(text: str = "", *, err: bool = False) -> None:
    """A result line: printed unless -q (which prints only errors); on stderr with ``err``
    (``solve --json -``, whose standard output is the JSON)."""
    if not _verbosity()["quiet"]:
        click.echo(text, err=err)


#: The environment variables the package reads: the input limits
#: (:mod:`supplychain.networks.limits`) and the models' switches
#: (:mod:`supplychain.models._switches`); tests/test_env_switches.py keeps it in step.
_ENV_VARIABLES = (
    "SUPPLYCHAIN_MAX_EXPANSION_RATIO", "SUPPLYCHAIN_MAX_BYTES_WITHOUT_ELEMENT",
    "SUPPLYCHAIN_MAX_TAG_LENGTH", "SUPPLYCHAIN_PRICING_WARM", "SUPPLYCHAIN_TIMELINE_CROSSOVER",
    "SUPPLYCHAIN_TIMELINE_MIP_START", "SUPPLYCHAIN_TIMELINE_PLACE_CLOCKS", "SUPPLYCHAIN_TIMELINE_POLISH",
)  # fmt: skip


#: The root context's key saying the misspelt environment variables were looked for.
_ENV_WARNED = "supplychain.env_warned"


def _warn_misspelt_env() -> None:
    """Warn about an environment variable that is one of :data:`_ENV_VARIABLES` misspelt
    (``SUPPLYCHAIN_MAX_TAG_LENGHT=1000``, or in lower case): it was ignored without a word, the
    limit or switch left at its default. Other variables are not named: they may be another
    program's."""
    import difflib

    for name in sorted(os.environ):
        if name in _ENV_VARIABLES or not name.upper().startswith("SUPPLYCHAIN_"):
            continue
        close = difflib.get_close_matches(name.upper(), _ENV_VARIABLES, n=1, cutoff=0.85)
        if close:
            logger.warning("the environment variable %s is not read (did you mean %s?); rename it, "
                           "or unset it", name, close[0])  # fmt: skip


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="supplychain")
def main() -> None:
    """supplychain: fuel corridors into Mali as a capacitated road graph."""
    _configure_logging()


main.params.extend(_verbosity_options())
