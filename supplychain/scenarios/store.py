"""Resumable sweep output: results written chunk by chunk, refused when the run differs.

A sweep writing ``reports/NAME.parquet`` keeps its finished chunks in ``reports/NAME.parquet.parts/``
(one Parquet file per chunk, each written to a temporary file and renamed, so a chunk is
either complete or absent even after ``kill -9``) with a ``run.json`` holding the run's
fingerprint (network, parameters, scenario, sweep settings, seed). Re-running with the same
output path skips finished chunks; a different fingerprint is refused.

The folder is locked while a run uses it: ``lock`` holds the owner's pid and host, created
atomically (``O_CREAT | O_EXCL``). A second run on the same output gets an error naming that
pid; a lock left by a dead process on this host is taken over with a warning (holding
``lock.takeover``, so that two runs finding it stale never both take it). A chunk that
cannot be read back (truncated, corrupt) is named in a warning, deleted and computed again; so
is one that is not this run's own: each chunk file holds its run's fingerprint and its index
(Parquet key-value metadata), so a chunk copied in from another run or under another index, or
left by a run whose ``run.json`` is gone, is never mixed into the table.

A finished run removes the folder; its Parquet output may record the run it belongs to
(its :attr:`ChunkStore.record`, Monte Carlo runs), so a later run of the same fingerprint can take
its rows back as chunks (:meth:`ChunkStore.finished_record`) instead of computing them again.
"""

from __future__ import annotations

import atexit
import errno
import hashlib
import json
import logging
import os
import re
import shutil
import socket
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from supplychain._atomic import atomic_path
from supplychain._json import dumps as strict_json
from supplychain._json import loads as load_json
from supplychain._json import round_significant
from supplychain.errors import DataFileError, ParameterError, SupplyChainError

__all__ = ["ChunkStore", "csv_safe", "recorded_meta", "recorded_run", "write_safe_csv"]

#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_START: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

#: A text cell that is a plain negative number (``-5``, ``-0.25``, ``-1.5e3``): a spreadsheet
#: reads it as that number and runs nothing, so it keeps no quote (``'-5`` would be text).
_PLAIN_NEGATIVE = re.compile(r"-(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _neutralised(value: Any) -> Any:
    """``value`` with a leading ``'`` when a spreadsheet would run it as a formula."""
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    return value if _PLAIN_NEGATIVE.fullmatch(value) else "'" + value


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells starting with ``= + - @`` (or tab, CR) get a leading ``'``.

    Spreadsheets run such cells as formulas when the CSV is opened (CSV injection); the single
    quote makes them plain text. Numbers are left alone (a negative number stays a number),
    and so is a text cell holding only a negative number (``"-5"``, ``"-1.5e3"``: no formula).

    Parameters
    ----------
    frame : pandas.DataFrame

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> csv_safe(pd.DataFrame({"id": ["=HYPERLINK(1)", "RN1", "-5", "-5+1"]}))["id"].tolist()
    ["'=HYPERLINK(1)", 'RN1', '-5', "'-5+1"]
    """
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(_neutralised)
    return out


def write_safe_csv(frame: pd.DataFrame, path: str | Path) -> None:
    """Write ``csv_safe(frame)`` to ``path`` so that no record can start with a formula.

    Lines end in CRLF (RFC 4180). The csv module quotes a field only when it holds a
    character of the line terminator (besides the delimiter and the quote), so with a bare
    ``\\n`` terminator a cell holding ``\\r`` was written unquoted and readers split the record
    there: the text after the ``\\r`` (``=1+1``) started a record of its own. Floats keep
    :data:`supplychain._json.SIGNIFICANT_DIGITS` significant digits, as in the JSON files.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table; text cells that could start a formula are escaped (:func:`csv_safe`).
    path : str or Path
        The CSV file written (overwritten).

    Examples
    --------
    >>> import tempfile, pathlib, csv
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> write_safe_csv(pd.DataFrame({"id": ["\\r=1+1"]}), out)
    >>> list(csv.reader(out.open(newline="")))
    [['id'], ["'\\r=1+1"]]
    """
    out = csv_safe(frame)
    for column in out.columns[[pd.api.types.is_float_dtype(t) for t in out.dtypes]]:
        # Rounded values, not a float_format: 1.0 stays "1.0", so the column reads back as floats.
        # A nullable Float64 column's missing cells (pd.NA) stay empty.
        out[column] = [round_significant(v) if pd.notna(v) else v for v in out[column]]
    out.to_csv(path, index=False, lineterminator="\r\n")


logger = logging.getLogger(__name__)

#: Key of a chunk file's Parquet metadata naming the run and the index it was written for.
_CHUNK_KEY = b"supplychain.chunk"
#: Key of a finished output's Parquet metadata naming the run it holds (``ChunkStore.record``).
_RUN_KEY = b"supplychain.run"

#: The locks this process holds, released at its exit (:func:`_release_held`).
_HELD: set[Path] = set()


def _release_held() -> None:
    """At the interpreter's exit, remove the locks this process still holds.

    A sweep releases its lock when it fails or is interrupted while its chunks run, and when it
    writes its output; Ctrl-C or SIGTERM between the two (the table assembled, an N-1 table's
    chains and hub cuts computed, a timeline-mc summary) left the lock behind, taken over by the
    next run with a "stale lock" warning (fuzz32). Not after ``kill -9``, which runs nothing.
    """
    me = {"pid": os.getpid(), "host": socket.gethostname()}
    for lock in list(_HELD):
        if _read_lock(lock) == me:
            lock.unlink(missing_ok=True)
    _HELD.clear()


class ChunkStore:
    """Chunk files of one sweep run beside its final output.

    Parameters
    ----------
    out : str or Path
        The sweep's final Parquet file; chunks live in ``<out>.parts/``.
    fingerprint : str
        Identifies the run; chunks of another fingerprint are never mixed in.
    meta : dict, optional
        Readable description of the run stored with the fingerprint.
    free : iterable of str, optional
        Settings of ``meta`` left out of the fingerprint (a Monte Carlo run's ``draws``;
        timeline-mc's ``chunk_size``): a refusal does not name them as what differs.
    since : mapping of str to (str, str), optional
        Settings of ``meta`` that earlier versions did not record, each with what those
        versions did and the option that runs as they ran: a refusal of a folder whose record
        lacks only those says so (timeline-mc's ``arc_pricing``: ``--no-arc-pricing``).

    Raises
    ------
    ParameterError
        If ``<out>.parts`` holds chunks of a different run.
    SupplyChainError
        If another live process holds the folder's lock.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "n1.parquet"
    >>> store = ChunkStore(out, "abc")
    >>> store.write(0, pd.DataFrame({"x": [1]}))
    >>> store.done()
    {0}
    >>> ChunkStore(out, "abc").done()
    {0}
    """

    def __init__(self, out: str | Path, fingerprint: str, meta: dict[str, Any] | None = None, *,
                 free: Iterable[str] = (), since: Mapping[str, tuple[str, str]] | None = None) -> None:  # fmt: skip
        self.out = Path(out)
        self.parts = _parts_folder(self.out)
        self.fingerprint = fingerprint
        self.meta = dict(meta or {})
        self.free = frozenset(free)
        #: Settings of ``meta`` that earlier versions did not record, each with what those
        #: versions did and the option that runs as they ran (said when a folder of theirs is
        #: refused, see :func:`_refusal`).
        self.since = dict(since or {})
        #: What :meth:`finish` is to keep in the output for a later run (set by the sweep
        #: runner for runs that may be extended: Monte Carlo; see :meth:`finish`); None: nothing.
        self.record: dict[str, Any] | None = None
        self._frames: dict[int, pd.DataFrame] = {}
        if self.parts.exists() and not self.parts.is_dir():
            raise DataFileError(
                f"'{self.parts}' is a file, where this sweep keeps its chunks; move or delete it, "
                "or choose another --out."
            )
        try:
            self.parts.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DataFileError(
                f"Chunk folder '{self.parts}' cannot be created ({exc.strerror or exc}); choose an "
                "--out in a writable folder."
            ) from exc
        self._lock = self.parts / "lock"
        self._acquire()
        try:
            self._check_run(meta)
        except BaseException:
            self.release()
            raise

    def _check_run(self, meta: dict[str, Any] | None) -> None:
        run_file = self.parts / "run.json"
        if run_file.is_file():
            try:
                stored = load_json(run_file.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
                reason = "nested too deeply" if isinstance(exc, RecursionError) else exc
                raise DataFileError(
                    f"'{run_file}' is unreadable ({reason}); delete '{self.parts}' to start over."
                ) from exc
            if not isinstance(stored, dict) or stored.get("fingerprint") != self.fingerprint:
                there = stored.get("meta", {}) if isinstance(stored, dict) else stored
                raise ParameterError(_refusal(self.parts, there, meta, free=self.free, since=self.since))
            if meta is not None and stored.get("meta") != meta:  # the same run, other draws
                with atomic_path(run_file) as tmp:
                    tmp.write_text(strict_json({"fingerprint": self.fingerprint, "meta": meta}),
                                   encoding="utf-8")  # fmt: skip
        else:
            with atomic_path(run_file) as tmp:
                tmp.write_text(strict_json({"fingerprint": self.fingerprint, "meta": meta or {}}),
                               encoding="utf-8")  # fmt: skip

    # -- lock ---------------------------------------------------------------------------------

    def _acquire(self) -> None:
        """Create the lock file atomically; take over a stale one (dead pid on this host)."""
        me = {"pid": os.getpid(), "host": socket.gethostname()}
        for _ in range(3):
            try:
                fd = os.open(self._lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                try:
                    seen = os.stat(self._lock)  # which lock file is judged (see _remove_stale)
                except FileNotFoundError:
                    continue  # released meanwhile
                owner = _read_lock(self._lock)
                if owner == me:
                    self._hold()
                    return  # this process already holds it (a sweep run twice in one process)
                if owner is not None and owner.get("host") == me["host"] and _alive(owner.get("pid")) \
                        and not _started_after(owner["pid"], self._lock):  # fmt: skip
                    raise SupplyChainError(
                        f"'{self.out}' is being written by another run (pid {owner['pid']} on "
                        f"{owner['host']}, lock '{self._lock}'); wait for it to finish or use "
                        "another --out."
                    ) from None
                if owner is not None and owner.get("host") != me["host"]:
                    raise SupplyChainError(
                        f"'{self.out}' is locked by pid {owner.get('pid')} on host "
                        f"{owner.get('host')} (lock '{self._lock}'); wait for that run, or delete "
                        "the lock file if it is no longer running."
                    ) from None
                if owner is None and _recent(self._lock):
                    raise SupplyChainError(
                        f"'{self.out}' is being locked by another run right now (lock "
                        f"'{self._lock}'); wait for it to finish or use another --out."
                    ) from None
                reused = owner is not None and _alive(owner.get("pid"))  # by a younger process
                if self._remove_stale(owner, seen):
                    logger.warning(
                        "Taking over the stale lock '%s' (%s); its process is no longer running%s",
                        self._lock, f"pid {owner['pid']}" if owner else "unreadable",
                        " (its pid now names a process started after the lock was written)" if reused else "",
                    )  # fmt: skip
                continue
            except OSError as exc:
                raise DataFileError(
                    f"Lock file '{self._lock}' cannot be created ({exc.strerror or exc}); choose "
                    "an --out in a writable folder."
                ) from exc
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(me, handle)
            self._hold()
            return
        raise SupplyChainError(
            f"Lock '{self._lock}' keeps changing hands; another run is using '{self.out}'; "
            "use another --out."
        )

    def _remove_stale(self, owner: dict[str, Any] | None, seen: os.stat_result) -> bool:
        """Delete the stale lock judged from ``owner`` (its content) and ``seen`` (its file),
        when it is still that file; return whether it was deleted.

        Two runs finding one stale lock each deleted "it" and created their own: the second
        deletion removed the lock the first had just created, and both ran on one folder. The
        check and the deletion are made holding ``lock.takeover`` (created with ``O_EXCL``), so
        a lock that another run has taken over meanwhile (another file, or other content) is
        left in place; the caller then reads it again. A ``lock.takeover`` older than a few
        seconds was left by a run killed in those few system calls and is removed.
        """
        guard = self.parts / "lock.takeover"
        try:
            fd = os.open(guard, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            if _recent(guard):
                raise SupplyChainError(
                    f"'{self.out}' is being locked by another run right now (lock "
                    f"'{self._lock}'); wait for it to finish or use another --out."
                ) from None
            guard.unlink(missing_ok=True)
            return False
        except OSError as exc:
            raise DataFileError(
                f"Lock file '{guard}' cannot be created ({exc.strerror or exc}); choose an --out "
                "in a writable folder."
            ) from exc
        os.close(fd)
        try:
            now = os.stat(self._lock)
            if (now.st_ino, now.st_dev, now.st_mtime_ns) != (seen.st_ino, seen.st_dev, seen.st_mtime_ns) \
                    or _read_lock(self._lock) != owner:  # fmt: skip
                return False
            self._lock.unlink()
            return True
        except FileNotFoundError:
            return False
        finally:
            guard.unlink(missing_ok=True)

    def _hold(self) -> None:
        """Record the lock as held, for :func:`_release_held` at the process's exit."""
        if not _HELD:
            atexit.unregister(_release_held)  # once, however many sweeps run
            atexit.register(_release_held)
        _HELD.add(self._lock)

    def release(self) -> None:
        """Remove the lock if this process holds it (the chunks stay for a resume)."""
        _HELD.discard(self._lock)
        if _read_lock(self._lock) == {"pid": os.getpid(), "host": socket.gethostname()}:
            self._lock.unlink(missing_ok=True)

    def abandon(self) -> None:
        """After a failed run: keep the folder for a resume if it holds chunks, else remove it.

        A run that failed before writing a chunk (an unreachable scheduler) left ``run.json``
        behind, and the next run with other options was refused as "a different run".
        """
        kept = len(list(self.parts.glob("chunk-*.parquet")))
        if kept:
            self.release()
            # Said at the default verbosity: after Ctrl-C the error line is only "aborted".
            logger.warning("The sweep stopped; its %d finished chunk(s) are kept in '%s': run the "
                           "same command with the same --out to resume", kept, self.parts)  # fmt: skip
            return
        (self.parts / "run.json").unlink(missing_ok=True)
        self.release()
        try:
            self.parts.rmdir()
        except OSError:
            logger.debug("Kept '%s': it holds other files", self.parts)
        else:
            logger.debug("Removed '%s': the run failed before its first chunk", self.parts)

    def _chunk_path(self, index: int) -> Path:
        return self.parts / f"chunk-{index:06d}.parquet"

    def done(self) -> set[int]:
        """Indices of this run's finished chunks that read back; others are deleted (warning).

        A chunk that cannot be read (truncated, corrupt) and one that is not this run's (its
        metadata names another run or another index than its file name: copied in from
        another run's folder or under another name, or written before ``run.json`` was
        deleted) are named in a warning and deleted; the run computes its own chunk again.
        Chunks are read once and kept in memory for :meth:`read_all`.

        Returns
        -------
        set of int
            The indices of the ``chunk-NNNNNN.parquet`` files in the chunk folder.
        """
        indices = set()
        for path in sorted(self.parts.glob("chunk-*.parquet")):
            try:
                index = int(path.stem.split("-")[1])
            except (IndexError, ValueError):
                continue
            if index not in self._frames:
                frame = self._read_chunk(path, index)
                if frame is None:
                    continue
                self._frames[index] = frame
            indices.add(index)
        return indices

    def _read_chunk(self, path: Path, index: int) -> pd.DataFrame | None:
        try:
            if path.is_dir():  # pyarrow says OSError "... is a directory", read below as damage
                raise IsADirectoryError(errno.EISDIR, "it is a folder")
            written_for = _chunk_owner(pq.read_schema(path))
            frame = pd.read_parquet(path) if written_for == (self.fingerprint, index) else None
        except (PermissionError, IsADirectoryError) as exc:
            # Not damage: deleting it as corrupt (below) threw away a finished chunk that a
            # change of permissions would have kept. A folder was "corrupt; deleting it", then
            # "cannot read or write ...: Is a directory" when it could not be unlinked.
            self.release()
            fix = ("move it away (the chunk is computed again)" if isinstance(exc, IsADirectoryError)
                   else "make it readable (or delete it to compute it again)")  # fmt: skip
            raise DataFileError(
                f"Chunk '{path}' cannot be read ({exc.strerror or exc}); {fix} and run the command again."
            ) from exc
        except Exception as exc:  # pyarrow raises several types for a damaged file
            logger.warning("Chunk '%s' is corrupt (%s: %s); deleting it, it will be computed again",
                           path, type(exc).__name__, exc)  # fmt: skip
            path.unlink(missing_ok=True)
            return None
        if frame is None:
            what = ("no run recorded" if written_for is None else
                    f"chunk {written_for[1]} of run {written_for[0][:12]}")  # fmt: skip
            logger.warning("Chunk '%s' is not this run's chunk %d (%s; this run is %s); deleting "
                           "it, it will be computed again", path, index, what,
                           self.fingerprint[:12])  # fmt: skip
            path.unlink(missing_ok=True)
        return frame

    def write(self, index: int, frame: pd.DataFrame) -> None:
        """Write one finished chunk atomically.

        Parameters
        ----------
        index : int
            The chunk's index (its file is ``chunk-NNNNNN.parquet``, six digits); a chunk
            written before under the same index is replaced.
        frame : pandas.DataFrame
            Its rows (written without the index).

        Raises
        ------
        DataFileError
            If the chunk folder cannot be written.
        """
        with atomic_path(self._chunk_path(index)) as tmp:
            _write_parquet(frame, tmp, _CHUNK_KEY, {"run": self.fingerprint, "index": index})
        self._frames[index] = frame

    def remove(self, index: int) -> None:
        """Delete one finished chunk (its file and its rows kept in memory); none: nothing.

        Parameters
        ----------
        index : int

        Examples
        --------
        >>> import tempfile, pathlib
        >>> store = ChunkStore(pathlib.Path(tempfile.mkdtemp()) / "mc.parquet", "abc")
        >>> store.write(0, pd.DataFrame({"draw": [0]}))
        >>> store.remove(0)
        >>> store.done()
        set()
        """
        self._chunk_path(index).unlink(missing_ok=True)
        self._frames.pop(index, None)

    def read(self, index: int) -> pd.DataFrame:
        """One finished chunk (from :meth:`done` or :meth:`write`).

        Parameters
        ----------
        index : int

        Returns
        -------
        pandas.DataFrame

        Raises
        ------
        KeyError
            If the chunk is not finished.
        """
        return self._frames[index]

    def finished_record(self) -> dict[str, Any] | None:
        """What the finished output ``out`` records of its run, when it is this run's.

        Returns
        -------
        dict or None
            The :attr:`record` :meth:`finish` kept (with ``meta``, the run's settings, and
            ``rows``, the output's row count), when ``out`` is a Parquet file holding that
            record for this run's fingerprint and ``rows`` rows; else None (no output,
            another run's, one rewritten without the record or with other rows).
        """
        record = _finished_record(self.out)
        if record is None or record.get("run") != self.fingerprint:
            return None
        return record

    def read_all(self) -> pd.DataFrame:
        """All finished chunks in chunk order.

        Returns
        -------
        pandas.DataFrame
            The chunks (:meth:`done`) concatenated with a fresh index; empty without any.
        """
        frames = [self._frames[i] for i in sorted(self.done())]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def finish(self, frame: pd.DataFrame, *, csv: bool = False, summary: dict[str, Any] | None = None) -> Path:
        """Write the final table (and CSV and JSON summary), then remove the chunk folder.

        The store's :attr:`record`, when set (JSON-ready facts about how the table was
        assembled), is kept in the Parquet file's metadata with the run's fingerprint, its
        settings (``meta``), the row count and a digest of the rows (``digest``: of the
        record's ``columns``, else of every column; see :func:`_rows_digest`), so that a later
        run of the same fingerprint can take the rows back (:meth:`finished_record`) when they
        are still the ones written.

        Parameters
        ----------
        frame : pandas.DataFrame
            The assembled result.
        csv : bool
            Also write ``<out>.csv``.
        summary : dict, optional
            Written as ``<out without suffix>.json``.

        Returns
        -------
        Path
            The Parquet file.

        Raises
        ------
        DataFileError
            If the output's folder cannot be written.
        """
        record = self.record
        with atomic_path(self.out) as tmp:
            if record is None:
                frame.to_parquet(tmp, index=False)
            else:
                columns = record.get("columns") or [str(c) for c in frame.columns]
                _write_parquet(frame, tmp, _RUN_KEY, {**record, "run": self.fingerprint, "meta": self.meta,
                                                      "rows": len(frame), "digest": _rows_digest(frame, columns)})  # fmt: skip
        if csv:
            with atomic_path(self.out.with_suffix(".csv")) as tmp:
                write_safe_csv(frame, tmp)
        if summary is not None:
            with atomic_path(self.out.with_suffix(".json")) as tmp:
                tmp.write_text(strict_json(summary), encoding="utf-8")
        # Moved out of the way before it is deleted, its lock inside: released first, the
        # folder could be taken by a run started meanwhile and deleted under that run.
        gone = self.parts.with_name(f".{self.parts.name}.{os.getpid()}.finished")
        try:
            self.parts.rename(gone)
        except OSError:
            self.release()
            gone = self.parts
        shutil.rmtree(gone, ignore_errors=True)
        logger.info("Wrote %s (%d rows)", self.out, len(frame))
        return self.out


def _write_parquet(frame: pd.DataFrame, path: Path, key: bytes, value: dict[str, Any]) -> None:
    """Write ``frame`` as ``frame.to_parquet(path, index=False)`` does, with ``value`` (JSON)
    under ``key`` in the file's key-value metadata."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    metadata = {**(table.schema.metadata or {}), key: strict_json(value).encode()}
    pq.write_table(table.replace_schema_metadata(metadata), path)


def _parts_folder(out: Path) -> Path:
    """The chunk folder of a sweep writing ``out``: ``<out>.parts`` beside it."""
    return out.with_name(out.name + ".parts")


def recorded_meta(out: str | Path) -> dict[str, Any] | None:
    """The settings (``meta``) a run recorded in the chunk folder of ``out``, or None.

    For a resume that must match them before a :class:`ChunkStore` is opened (the default
    chunk size, which follows the worker count). None when there is no folder or record, or
    one that cannot be read: the store then starts the run or refuses it with its own message.
    Without a folder, the settings the finished output ``out`` records (:attr:`ChunkStore.record`,
    Monte Carlo runs, which a later run may extend).

    Parameters
    ----------
    out : str or Path
        The sweep's final Parquet file.

    Returns
    -------
    dict or None

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     store = ChunkStore(Path(d, "n1.parquet"), "abc", {"kind": "n-1", "chunk_size": 8})
    ...     store.release()
    ...     recorded_meta(Path(d, "n1.parquet")), recorded_meta(Path(d, "other.parquet"))
    ({'kind': 'n-1', 'chunk_size': 8}, None)
    """
    run = recorded_run(out)
    return None if run is None else run[1]


def recorded_run(out: str | Path) -> tuple[str | None, dict[str, Any]] | None:
    """The fingerprint and settings (``meta``) of the run recorded for ``out``, or None.

    As :func:`recorded_meta`, with the run's fingerprint: its chunk folder's ``run.json``, or,
    without a folder, the record its finished output keeps. A caller that takes a setting
    from it (Monte Carlo's chunk size, which its draws follow) checks that the run is its own
    first: a setting of another run's output must not change this run's results.

    Parameters
    ----------
    out : str or Path
        The sweep's final Parquet file.

    Returns
    -------
    tuple of (str or None, dict) or None
        The fingerprint (None when the record has none) and the settings.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     store = ChunkStore(Path(d, "mc.parquet"), "abc", {"kind": "monte-carlo", "chunk_size": 8})
    ...     store.release()
    ...     recorded_run(Path(d, "mc.parquet")), recorded_run(Path(d, "other.parquet"))
    (('abc', {'kind': 'monte-carlo', 'chunk_size': 8}), None)
    """
    try:
        stored = load_json((_parts_folder(Path(out)) / "run.json").read_text(encoding="utf-8"))
        fingerprint = stored.get("fingerprint") if isinstance(stored, dict) else None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        stored = None if _parts_folder(Path(out)).exists() else _finished_record(Path(out))
        fingerprint = stored.get("run") if isinstance(stored, dict) else None
    meta = stored.get("meta") if isinstance(stored, dict) else None
    if not isinstance(meta, dict):
        return None
    return (fingerprint if isinstance(fingerprint, str) else None), meta


def _rows_digest(frame: pd.DataFrame, columns: list[str]) -> str:
    """A digest of ``frame``'s ``columns``, row by row in its order (values and dtypes).

    A finished output keeps it in its run record (:meth:`ChunkStore.finish`): a tool that
    rewrites the file with pyarrow keeps the record, and rows whose values it changed (a
    column converted to other units, the row count unchanged) were taken back as this run's.
    A digest that differs (values, order, dtypes, or another pandas' hashing) gives nothing back.

    Examples
    --------
    >>> frame = pd.DataFrame({"draw": [0, 1], "served": [4690.0, 4630.0]})
    >>> same = _rows_digest(frame, ["draw", "served"]) == _rows_digest(frame.copy(), ["draw", "served"])
    >>> same, _rows_digest(frame, ["draw", "served"]) == _rows_digest(frame.assign(served=[4.69, 4.63]),
    ...                                                               ["draw", "served"])
    (True, False)
    """
    hashed = pd.util.hash_pandas_object(frame[list(columns)], index=False)
    return hashlib.sha256(hashed.to_numpy().tobytes()).hexdigest()


def _finished_record(out: Path) -> dict[str, Any] | None:
    """The run record a finished output keeps in its Parquet metadata (None: none readable,
    or its ``rows`` not the file's row count: rows removed or added since)."""
    try:
        if not out.is_file():  # a named pipe there would be waited on for ever
            return None
        metadata = pq.read_metadata(out)
        raw = (metadata.metadata or {}).get(_RUN_KEY)
        record = load_json(raw) if raw is not None else None
    except Exception:  # no file, not Parquet, damaged, bad JSON: nothing to reuse
        return None
    if not isinstance(record, dict) or record.get("rows") != metadata.num_rows:
        return None
    return record


def _chunk_owner(schema: pa.Schema) -> tuple[str, int] | None:
    """The run fingerprint and chunk index a chunk file was written for (None: not recorded)."""
    raw = (schema.metadata or {}).get(_CHUNK_KEY)
    try:
        owner = load_json(raw) if raw is not None else None
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(owner, dict) or not isinstance(owner.get("run"), str) \
            or not isinstance(owner.get("index"), int):  # fmt: skip
        return None
    return owner["run"], owner["index"]


def _short(value: Any) -> str:
    """A setting as an error shows it: a long list by its length and first items."""
    if isinstance(value, list) and len(value) > 4:
        return f"{len(value)} items ({', '.join(map(str, value[:2]))}, ...)"
    return repr(value)


def _difference(there: Any, here: dict[str, Any] | None, free: Iterable[str] = ()) -> str:
    """What differs between the settings of the run in a chunk folder and this run's, leaving
    out those that do not make another run (``free``, such as timeline-mc's chunk size: named
    as the difference when the run differed in its tankers per attack, before 2026-12-05).

    Examples
    --------
    >>> _difference({"warm": False, "days": 12}, {"warm": True, "days": 12})
    'settings differ: warm True here, False in the folder'
    >>> _difference({"seed": 1}, {"seed": 1})
    'the network, parameters, scenario or horizon differ'
    >>> _difference({"draws": 20, "seed": 1}, {"draws": 40, "seed": 2}, free={"draws"})
    'settings differ: seed 2 here, 1 in the folder'
    """
    if not isinstance(there, dict) or here is None:
        return f"network, parameters, scenario, settings or seed differ: {_short(there)}"
    keys = sorted((set(there) | set(here)) - set(free))
    diff = [f"{k} {_short(here.get(k))} here, {_short(there.get(k))} in the folder"
            for k in keys if there.get(k) != here.get(k)]  # fmt: skip
    return "settings differ: " + "; ".join(diff) if diff else "the network, parameters, scenario or horizon differ"


def _refusal(parts: Path, there: Any, here: dict[str, Any] | None, *, free: Iterable[str] = (),
             since: Mapping[str, tuple[str, str]] | None = None) -> str:  # fmt: skip
    """Why a chunk folder of another run is refused, and what to do.

    A folder of another command (its run record names another ``kind``), of a timeline sweep
    from another day 0 (``start``: a file without one starts today), or of another version
    (a record without this run's settings, or with others: every record of this version holds
    the kind, the scenario and each setting of its command) is said to be that; the settings
    of a folder of this command and version are compared (:func:`_difference`).

    Examples
    --------
    >>> print(_refusal(Path("mc.parquet.parts"), {"kind": "monte-carlo", "seed": 1},
    ...                {"kind": "monte-carlo", "seed": 1, "draws": 20}))
    'mc.parquet.parts' holds the chunks of an interrupted run of an older version of supplychain (its run record has no draws), which this version cannot resume; delete 'mc.parquet.parts' to start over, or use another --out.
    >>> print(_refusal(Path("t.parquet.parts"), {"kind": "timeline-mc"}, {"kind": "timeline-mc", "arc_pricing": True},
    ...                since={"arc_pricing": ("whose draws were not priced", "--no-arc-pricing")}))
    't.parquet.parts' holds the chunks of an interrupted timeline-mc run of an earlier version, whose draws were not priced (its run record has no arc_pricing): pass --no-arc-pricing to resume it, or delete 't.parquet.parts' to start over, or use another --out.
    >>> print(_refusal(Path("o.parquet.parts"), {"kind": "n-1"}, {"kind": "monte-carlo"}))
    'o.parquet.parts' holds the chunks of an interrupted n-1 sweep (another command), not of this monte-carlo sweep; delete 'o.parquet.parts' to start over, or use another --out.
    >>> print(_refusal(Path("t.parquet.parts"), {"kind": "timeline-mc", "start": "2026-12-04"},
    ...                {"kind": "timeline-mc", "start": "2026-12-05"}))
    't.parquet.parts' holds the chunks of an interrupted timeline-mc run from day 0 2026-12-04; this run's day 0 is 2026-12-05 (day 0 is --start, else the file's [timeline] start, else today): pass --start 2026-12-04 to resume it, or delete 't.parquet.parts' to start over, or use another --out.
    """
    fix = f"delete '{parts}' to start over, or use another --out."
    if here is not None:
        kind, other = here.get("kind"), there.get("kind") if isinstance(there, dict) else None
        if isinstance(other, str) and isinstance(kind, str) and other != kind:
            return (f"'{parts}' holds the chunks of an interrupted {other} sweep (another command), "
                    f"not of this {kind} sweep; {fix}")  # fmt: skip
        was, now = (there.get("start") if isinstance(there, dict) else None), here.get("start")
        if isinstance(was, str) and isinstance(now, str) and was != now:
            return (f"'{parts}' holds the chunks of an interrupted {kind} run from day 0 {was}; this "
                    f"run's day 0 is {now} (day 0 is --start, else the file's [timeline] start, else today): pass "
                    f"--start {was} to resume it, or {fix}")  # fmt: skip
        keys = set(there) if isinstance(there, dict) else set()
        if keys != set(here):
            missing, extra = sorted(set(here) - keys), sorted(keys - set(here))
            if since and missing and not extra and set(missing) <= set(since):
                # Settings added since (``since``): the same run made as that version made it
                # has its fingerprint (timeline-mc's arc_pricing: --no-arc-pricing).
                did = " and ".join(since[k][0] for k in missing)
                options = " ".join(since[k][1] for k in missing)
                return (f"'{parts}' holds the chunks of an interrupted {kind} run of an earlier version, "
                        f"{did} (its run record has no {', '.join(missing)}): pass {options} to resume it, "
                        f"or {fix}")  # fmt: skip
            record = (f"its run record has no {', '.join(missing)}" if missing else
                      f"its run record has {', '.join(extra)}, which this version does not know")  # fmt: skip
            return (f"'{parts}' holds the chunks of an interrupted run of "
                    f"{'an older' if missing else 'another'} version of supplychain ({record}), "
                    f"which this version cannot resume; {fix}")  # fmt: skip
    return (f"'{parts}' holds chunks of a different run ({_difference(there, here, free)}); use another "
            f"--out or delete '{parts}' to start over.")


def _read_lock(path: Path) -> dict[str, Any] | None:
    """The lock's owner ``{"pid", "host"}``, or None when absent or unreadable."""
    try:
        owner = load_json(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(owner, dict) or not isinstance(owner.get("pid"), int):
        return None
    return {"pid": owner["pid"], "host": str(owner.get("host", ""))}


def _alive(pid: Any) -> bool:
    """Whether a process with this pid runs on this host."""
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # OverflowError: a pid beyond a C long, no process (fuzz29)
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def _started_after(pid: int, path: Path) -> bool:
    """Whether process ``pid`` started after ``path`` was last written: then it did not write
    it, the pid having been given to another process since (after ``kill -9`` or a reboot;
    soon in a container, whose pids are small). Its lock was refused as held for good.

    False when unknown (the process is gone or cannot be read, no ``psutil``).
    """
    try:
        import psutil
    except ImportError:  # pragma: no cover - installed with dask[distributed]
        return False
    try:
        started = psutil.Process(pid).create_time()
        written = path.stat().st_mtime
    except (OSError, psutil.Error):
        return False
    return started > written + 1.0  # 1 s for the clocks' rounding


def _recent(path: Path, seconds: float = 10.0) -> bool:
    """A lock file written in the last few seconds (its owner may still be writing its pid)."""
    import time

    try:
        return time.time() - path.stat().st_mtime < seconds
    except OSError:
        return False
