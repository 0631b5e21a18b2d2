"""Provenance records: an input file's path, size and SHA-256, and how a result was made.

Written into a result's JSON summary by the commands (``supplychain timeline`` and
``stress``), read back by the report's provenance. Light (no pandas nor plotly): a command
hashes its inputs without loading the report's stack. Internal to the package (see
:mod:`supplychain`); the report re-exports both from :mod:`supplychain.reports`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from os import PathLike
from pathlib import Path
from typing import Any

from supplychain.errors import ArgumentTypeError, DataFileError

__all__ = ["EMBEDDED_NETWORK", "command_record", "embedded_network_record", "file_record", "resolved_path",
           "sha256_of_file"]


def sha256_of_file(path: str | Path) -> tuple[str, int]:
    """SHA-256 (hex) and size in bytes of a file, read in 1 MiB pieces: the project's one file
    hasher (:func:`file_record`, and ``supplychain.networks.provenance.file_digest`` for a
    network's source).

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    tuple of (str, int)

    Raises
    ------
    OSError
        If the file cannot be read (each caller says so in its own words).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d, "a.txt"); _ = p.write_bytes(b"abc")
    ...     sha256_of_file(p)
    ('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 3)
    """
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def resolved_path(path: str | Path) -> Path:
    """``path`` made absolute (symbolic links followed), or as given when that fails: the key
    by which two spellings of one file are the same file.

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    Path

    Examples
    --------
    >>> resolved_path("a.toml") == Path("a.toml").resolve()
    True
    """
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return Path(path)


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
    ArgumentTypeError
        If ``path`` is not a str or Path, or ``role`` not a string (a ``TypeError``).

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d, "x.toml"); _ = p.write_text("a = 1\\n")
    ...     file_record(p, role="parameters")["sha256"][:12]
    'cb78bd8a17f7'
    """
    # pathlib's bare TypeError ("expected str, bytes or os.PathLike object"), and a role of
    # another kind written into the summary as it was (hover36).
    problems = _path_problems("path", path) + _kind_problems("role", role, str, "a string (\"parameters\", ...)")
    if problems:
        raise ArgumentTypeError("file_record's arguments are not valid", problems=problems)
    p = Path(path)
    try:
        sha256, size = sha256_of_file(p)
    except OSError as exc:
        raise DataFileError(f"Cannot read {str(p)!r} for the report's provenance: {exc}.") from exc
    return {"role": role, "path": str(p), "bytes": size, "sha256": sha256}


#: The ``path`` of the embedded network's record (:func:`embedded_network_record`): what the
#: report's notices and provenance name it by (its shipped file's install path, inside
#: site-packages, said nothing a reader could use).
EMBEDDED_NETWORK = "embedded network"


def embedded_network_record(file: str | Path, digest: str, *,
                            hashed: dict[Path, dict[str, Any]] | None = None) -> dict[str, Any]:  # fmt: skip
    """The record of the embedded network, as a result run on it and the report on it give it.

    The shipped file's size and SHA-256 (:func:`file_record`), ``path``
    :data:`EMBEDDED_NETWORK`, ``values_sha256`` the digest of the graph built from it and
    ``embedded`` true: the report compares it by that digest only (a saved copy's bytes are
    never the shipped OSM file's; ``supplychain.reports.stress_section._same_file``).

    Parameters
    ----------
    file : str or Path
        The shipped OSM file (``supplychain.networks.EMBEDDED_NETWORK_PATH``).
    digest : str
        :func:`~supplychain.models.results.network_fingerprint` of the graph the command built
        from it (not built again here).
    hashed : dict, optional
        Keyword-only. The files the command hashed already, by resolved path, as for
        :func:`command_record` (which makes the record): the file is hashed once.

    Returns
    -------
    dict
        Keys ``role`` (``network``), ``path``, ``bytes``, ``sha256``, ``values_sha256``,
        ``embedded``.

    Raises
    ------
    DataFileError
        If the file cannot be read.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d, "w.osm"); _ = p.write_text("<osm/>")
    ...     r = embedded_network_record(p, "f00d")
    >>> r["path"], r["bytes"], r["values_sha256"], r["embedded"]
    ('embedded network', 6, 'f00d', True)
    """
    (record,) = command_record({}, [("network", file)], hashed=hashed, digests={"network": digest})["inputs"]
    return {**record, "path": EMBEDDED_NETWORK, "embedded": True}


def command_record(options: Mapping[str, Any], inputs: Iterable[tuple[str, str | Path | None]], *,
                   line: str = "", hashed: dict[Path, dict[str, Any]] | None = None,
                   values: Mapping[str, Callable[[Path], str | None]] | None = None,
                   digests: Mapping[str, str] | None = None) -> dict[str, Any]:
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
        left out (the caller adds the embedded network's :func:`embedded_network_record`);
        a file given twice is recorded once, with its first role.
    line : str, default ""
        Keyword-only. The command line (left out when empty).
    hashed : dict, optional
        Keyword-only. The files this command hashed already, by resolved path (filled here):
        a command recording several results (``supplychain run``) hashes each file once, when
        it has read its inputs, not again after each result's work.
    values : mapping of str to callable, optional
        Keyword-only. Role -> the canonical text of a file of that role's parsed values (None
        when it does not load): its SHA-256 is recorded as ``values_sha256`` beside the
        bytes', so that the report compares a parameter file by value (an edited comment is
        the same file).
    digests : mapping of str to str, optional
        Keyword-only. Role -> the ``values_sha256`` of the file of that role, computed by the
        caller from what it loaded (the ``network`` role:
        :func:`~supplychain.models.results.network_fingerprint` of the graph read, so that a
        network file rebuilt from the same source, whose bytes hold its build time, is the same
        network). Taken before ``values``.

    Returns
    -------
    dict
        ``options``' keys, ``line`` when given, and ``inputs``: one :func:`file_record` per file
        (with ``values_sha256`` for a role in ``values``).

    Raises
    ------
    DataFileError
        If a file cannot be read.
    ArgumentTypeError
        If an argument is of another kind than above (a ``TypeError``), each named, or an item
        of ``inputs`` is not a (role, file) pair.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d, "x.toml"); _ = p.write_text("a = 1\\n")
    ...     c = command_record({"seed": 1}, [("parameters", p), ("network", "embedded"),
    ...                                      ("scenario", None), ("polygon", p)], line="run")
    >>> c["seed"], c["line"], [(r["role"], r["sha256"][:12]) for r in c["inputs"]]
    (1, 'run', [('parameters', 'cb78bd8a17f7')])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d, "x.toml"); _ = p.write_text("a = 1\\n")
    ...     c = command_record({}, [("parameters", p)], values={"parameters": lambda f: "a=1"})
    >>> c["inputs"][0]["values_sha256"][:12]
    'c22fea5d7428'
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d, "n.parquet"); _ = p.write_bytes(b"PAR1")
    ...     c = command_record({}, [("network", p)], digests={"network": "f00d"})
    >>> c["inputs"][0]["values_sha256"]
    'f00d'
    >>> command_record([], ["x.toml"], line=None)
    Traceback (most recent call last):
    ...
    supplychain.errors.ArgumentTypeError: command_record's arguments are not valid: options is a list; give a mapping (the options that shaped the result, {} for none); inputs[0] is a str; give a (role, file) pair, e.g. ("parameters", "model.toml"); line is a NoneType; give a string ("" for none)
    """
    # Each met a bare TypeError, ValueError or AttributeError inside ("'int' object is not a
    # mapping", "cannot unpack non-iterable PosixPath object", "'list' object has no attribute
    # 'get'"; hover36).
    pairs = _input_pairs(inputs)
    problems = [
        *_kind_problems("options", options, Mapping, "a mapping (the options that shaped the result, {} for none)"),
        *([f"inputs is a {type(inputs).__name__}; give a list of (role, file) pairs, e.g. "
           '[("parameters", "model.toml")]'] if pairs is None else
          (p for i, pair in enumerate(pairs) for p in _pair_problems(i, pair))),
        *_kind_problems("line", line, str, 'a string ("" for none)'),
        *_kind_problems("hashed", hashed, dict, "a dict (filled here) or None", none=True),
        *_kind_problems("values", values, Mapping, "a mapping of role to a function, or None", none=True),
        *_kind_problems("digests", digests, Mapping, "a mapping of role to a SHA-256 string, or None", none=True),
    ]
    for name, given, fits, what in (("values", values, callable, "a function of the file's Path"),
                                    ("digests", digests, lambda v: isinstance(v, str), "a SHA-256 string")):  # fmt: skip
        if isinstance(given, Mapping):
            problems += [f"{name}[{role!r}] is a {type(v).__name__}; give {what}"
                         for role, v in given.items() if not fits(v)]  # fmt: skip
    if problems:
        raise ArgumentTypeError("command_record's arguments are not valid", problems=problems)
    records: list[dict[str, Any]] = []
    seen: set[Path] = set()
    for role, path in pairs or []:
        if path is None or str(path) in ("embedded", "overpass"):
            continue
        key = resolved_path(path)
        if key in seen:
            continue
        seen.add(key)
        record = hashed.get(key) if hashed is not None else None
        if record is None:
            record = file_record(path, role=role)
        if (digest := (digests or {}).get(role)) is not None:
            record = {**record, "values_sha256": digest}
        elif (form := (values or {}).get(role)) is not None and "values_sha256" not in record:
            text = form(Path(path))
            if text is not None:
                record = {**record, "values_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}
        if hashed is not None:
            hashed[key] = record
        records.append({**record, "role": role, "path": str(Path(path))})
    return {**options, **({"line": line} if line else {}), "inputs": records}


def _kind_problems(name: str, value: Any, kind: Any, what: str, *, none: bool = False) -> list[str]:
    """``[problem]`` when ``value`` (the argument ``name``) is not of ``kind`` (or None, with
    ``none``), saying to give ``what``; else ``[]``."""
    if (none and value is None) or isinstance(value, kind):
        return []
    return [f"{name} is a {type(value).__name__}; give {what}"]


def _path_problems(name: str, value: Any) -> list[str]:
    """``[problem]`` when ``value`` is not a str or path, else ``[]``."""
    return _kind_problems(name, value, str | PathLike, "the file as a str or Path")


def _input_pairs(inputs: Any) -> list[Any] | None:
    """``inputs`` as a list (it may be an iterator, read once), or None when it is no iterable
    of pairs (a number, or one path: a str was read letter by letter)."""
    if isinstance(inputs, str | bytes | PathLike) or not isinstance(inputs, Iterable):
        return None
    return list(inputs)


def _pair_problems(i: int, pair: Any) -> list[str]:
    """What is wrong with ``inputs[i]`` of :func:`command_record` (a (role, file) pair)."""
    if not isinstance(pair, tuple | list) or len(pair) != 2:
        what = f"has {len(pair)} items" if isinstance(pair, tuple | list) else f"is a {type(pair).__name__}"
        return [f"inputs[{i}] {what}; give a (role, file) pair, e.g. (\"parameters\", \"model.toml\")"]
    role, path = pair
    return [*_kind_problems(f"inputs[{i}]'s role", role, str, "a string"),
            *([] if path is None else _path_problems(f"inputs[{i}]'s file", path))]
