"""Provenance records: an input file's path, size and SHA-256, and how a result was made.

Written into a result's JSON summary by the commands (``supplychain timeline`` and
``stress``), read back by the report's provenance. Light (no pandas nor plotly): a command
hashes its inputs without loading the report's stack. Internal to the package (see
:mod:`supplychain`); the report re-exports both from :mod:`supplychain.reports`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from supplychain.errors import DataFileError

__all__ = ["command_record", "file_record"]


def file_record(path: str | Path, *, role: str = "") -> dict[str, Any]:
    """Provenance of one file: role, path, size and SHA-256 of its content.

    Parameters
    ----------
    path : str or Path
    role : str, default ""
        Keyword-only. What the file is to the report (``"parameters"``, ``"scenario"``, ...).

    Returns
    -------
    dict
        Keys ``role``, ``path``, ``bytes``, ``sha256``.

    Raises
    ------
    DataFileError
        If the file cannot be read.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d, "x.toml"); _ = p.write_text("a = 1\\n")
    ...     file_record(p, role="parameters")["sha256"][:12]
    'cb78bd8a17f7'
    """
    p = Path(path)
    h = hashlib.sha256()
    try:
        with p.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError as exc:
        raise DataFileError(f"Cannot read {str(p)!r} for the report's provenance: {exc}.") from exc
    return {"role": role, "path": str(p), "bytes": p.stat().st_size, "sha256": h.hexdigest()}


def command_record(options: Mapping[str, Any], inputs: Iterable[tuple[str, str | Path | None]], *,
                   line: str = "", hashed: dict[Path, dict[str, Any]] | None = None) -> dict[str, Any]:
    """How a result was made, as its JSON summary records it under ``command``.

    ``supplychain timeline`` and every ``supplychain stress`` sweep write it; the report lists
    the command and the files in its provenance and compares the files with its own.

    Parameters
    ----------
    options : mapping
        The options that shaped the result (``scenario``, ``network``, ``draws``...), kept as
        they are.
    inputs : iterable of (str, str or Path or None)
        (role, file) of every file read. None, ``embedded`` and ``overpass`` (no file) are
        left out; a file given twice is recorded once, with its first role.
    line : str, default ""
        Keyword-only. The command line (left out when empty).
    hashed : dict, optional
        Keyword-only. The files this command hashed already, by resolved path (filled here):
        a command recording several results (``supplychain run``) hashes each file once, when
        it has read its inputs, not again after each result's work.

    Returns
    -------
    dict
        ``options``' keys, ``line`` when given, and ``inputs``: one :func:`file_record` per file.

    Raises
    ------
    DataFileError
        If a file cannot be read.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d, "x.toml"); _ = p.write_text("a = 1\\n")
    ...     c = command_record({"seed": 1}, [("parameters", p), ("network", "embedded"),
    ...                                      ("scenario", None), ("polygon", p)], line="run")
    >>> c["seed"], c["line"], [(r["role"], r["sha256"][:12]) for r in c["inputs"]]
    (1, 'run', [('parameters', 'cb78bd8a17f7')])
    """
    records: list[dict[str, Any]] = []
    seen: set[Path] = set()
    for role, path in inputs:
        if path is None or str(path) in ("embedded", "overpass"):
            continue
        try:
            key = Path(path).resolve()
        except (OSError, RuntimeError):
            key = Path(path)
        if key in seen:
            continue
        seen.add(key)
        record = hashed.get(key) if hashed is not None else None
        if record is None:
            record = file_record(path, role=role)
            if hashed is not None:
                hashed[key] = record
        records.append({**record, "role": role, "path": str(Path(path))})
    return {**options, **({"line": line} if line else {}), "inputs": records}
