"""How a network was built: the graph attribute ``build`` and the command that rebuilds it.

A built network records, beside ``source``, ``created`` (UTC) and ``build_revision``, one
dictionary ``build`` (README "Network schema"):

- ``supplychain_version``: the version that built it;
- ``built_with``: ``"command line"`` (``supplychain network build``) or ``"Python"``
  (:func:`~supplychain.networks.build.build_network` called in code, the graph possibly edited
  before it was saved);
- ``source``: the source as given (``embedded``, ``overpass`` or a file path, relative to the
  folder the build ran in when it was given so), with ``source_sha256`` and ``source_bytes``
  of the file read (the embedded skeleton's file for ``embedded``; ``None`` for Overpass);
  for a shapefile also ``source_sidecars``, the files beside its ``.shp`` (``.dbf``, which
  holds its columns, ``.shx``, ``.prj``, ``.cpg``) by name, each with ``sha256`` and ``bytes``;
- ``options``: every option that changes what the build gives, as ``network build`` takes
  them (``["--places", "p.toml", "--map", "length_m=distance"]``), in its order; options
  left at their defaults and options the source does not read are left out;
- ``command``: for a command-line build, the command that rebuilds it without ``--out``
  (``["supplychain", "network", "build", "--source", ..., *options]``); ``None`` for a Python
  build, which no command reproduces.

Files written before supplychain recorded it have no ``build``; everything here reads a
missing or hand-damaged one as "not recorded".
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx

import supplychain
from supplychain._records import sha256_of_file

__all__ = [
    "BUILT_WITH_COMMAND_LINE",
    "BUILT_WITH_PYTHON",
    "build_record",
    "describe_build",
    "file_digest",
    "rebuild_command",
    "record_command_line",
]

#: ``built_with`` of a network built by ``supplychain network build``.
BUILT_WITH_COMMAND_LINE = "command line"
#: ``built_with`` of a network built by ``build_network`` in code.
BUILT_WITH_PYTHON = "Python"

_COMMAND = ("supplychain", "network", "build")
#: The files a shapefile is read with beside its ``.shp`` (the ``.dbf`` holds every column).
_SIDECARS = (".dbf", ".shx", ".prj", ".cpg")


def file_digest(path: str | Path) -> tuple[str, int] | tuple[None, None]:
    """SHA-256 (hex) and size in bytes of a file (:func:`supplychain._records.sha256_of_file`),
    or ``(None, None)`` when it cannot be read.

    Parameters
    ----------
    path : str or Path
        The file.

    Returns
    -------
    tuple of (str, int), or (None, None)
        The digest and the size; ``(None, None)`` when ``path`` is no readable file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = f.write_bytes(b"abc")
    >>> file_digest(f)
    ('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 3)
    """
    try:
        return sha256_of_file(path)
    except OSError:
        return None, None


def build_record(source: str | Path, *, source_file: str | Path | None,
                 options: list[str]) -> dict[str, Any]:  # fmt: skip
    """The ``build`` attribute of a network built in Python from ``source``.

    Parameters
    ----------
    source : str or Path
        The source as given (``"embedded"``, ``"overpass"`` or a path).
    source_file : str or Path, optional
        The file read for it (hashed; a shapefile's ``.shp`` with the files beside it); None
        for a download.
    options : list of str
        The options that change the result, as ``network build`` takes them.

    Returns
    -------
    dict of str to object
        The keys of the module's description; ``built_with`` ``"Python"`` and no command
        (:func:`record_command_line` marks a command-line build).

    Examples
    --------
    >>> record = build_record("overpass", source_file=None, options=["--buffer-km", "30"])
    >>> record["built_with"], record["command"], record["source_sha256"]
    ('Python', None, None)
    """
    sha256, size = file_digest(source_file) if source_file is not None else (None, None)
    record: dict[str, Any] = {
        "supplychain_version": supplychain.__version__,
        "built_with": BUILT_WITH_PYTHON,
        "source": str(source),
        "source_sha256": sha256,
        "source_bytes": size,
        "options": [str(o) for o in options],
        "command": None,
    }
    if source_file is not None and Path(source_file).suffix.lower() == ".shp":
        record["source_sidecars"] = _sidecars(Path(source_file))
    return record


def _sidecars(shp: Path) -> dict[str, dict[str, Any]]:
    """SHA-256 and size of each file read with shapefile ``shp`` (by name; lower- or
    upper-case suffix, as found)."""
    found: dict[str, dict[str, Any]] = {}
    for suffix in _SIDECARS:
        for candidate in (shp.with_suffix(suffix), shp.with_suffix(suffix.upper())):
            sha256, size = file_digest(candidate)
            if sha256 is not None:
                found[candidate.name] = {"sha256": sha256, "bytes": size}
                break
    return found


def record_command_line(graph: nx.MultiDiGraph) -> list[str]:
    """Mark ``graph`` as built by ``supplychain network build`` and record its command.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A network just built by :func:`~supplychain.networks.build.build_network` (its
        ``build`` attribute holds the source and options).

    Returns
    -------
    list of str
        The command, without ``--out``.

    Raises
    ------
    ArgumentError
        If ``graph`` has no ``build`` record (it was not just built by ``build_network``; a
        ``ValueError``).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(build=build_record("embedded", source_file=None, options=[]))
    >>> record_command_line(g)
    ['supplychain', 'network', 'build', '--source', 'embedded']
    """
    record = graph.graph.get("build")
    if not isinstance(record, dict) or not isinstance(record.get("source"), str):
        from supplychain.errors import ArgumentError

        raise ArgumentError("the network has no build record: record the command of a network "
                            "build_network has just built")  # fmt: skip
    command = [*_COMMAND, "--source", record["source"], *_strings(record.get("options"))]
    record["built_with"] = BUILT_WITH_COMMAND_LINE
    record["command"] = command
    return command


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def rebuild_command(record: Any) -> list[str] | None:
    """The recorded command that rebuilds a network, or None when none was recorded.

    Parameters
    ----------
    record : object
        A network's ``build`` attribute (anything: a file may lack it or have been edited).

    Returns
    -------
    list of str or None
        The command of a command-line build (without ``--out``); None for a Python build, a
        file without a record, or a damaged one.

    Examples
    --------
    >>> rebuild_command({"command": ["supplychain", "network", "build", "--source", "a b.osm"]})
    ['supplychain', 'network', 'build', '--source', 'a b.osm']
    >>> rebuild_command(None) is None
    True
    """
    if not isinstance(record, Mapping):
        return None
    command = record.get("command")
    if (not isinstance(command, list) or len(command) <= len(_COMMAND)
            or not all(isinstance(c, str) for c in command)
            or tuple(command[: len(_COMMAND)]) != _COMMAND):  # fmt: skip
        return None
    return list(command)


def describe_build(record: Any, *, created: Any = None, revision: Any = None) -> list[str]:
    """Lines saying how a network was built, for ``network info``.

    Parameters
    ----------
    record : object
        The network's ``build`` attribute (None or anything else: not recorded).
    created : object, optional
        Its ``created`` attribute (UTC time of the build).
    revision : object, optional
        Its ``build_revision``.

    Returns
    -------
    list of str
        The command (shell-quoted) or "in Python" with the options, then the source file's
        size and SHA-256 (and a shapefile's other files'), the version, build revision and
        time.

    Examples
    --------
    >>> record = {"built_with": "command line", "source": "embedded", "options": [],
    ...           "command": ["supplychain", "network", "build", "--source", "embedded"],
    ...           "supplychain_version": "0.1.0"}
    >>> describe_build(record, created="2026-12-05T06:00:00+00:00", revision=1)[0]
    'built by: supplychain network build --source embedded'
    >>> describe_build(None, revision=None)[0]
    'built by: not recorded (written before supplychain recorded how a network was built)'
    """
    stamp = ", ".join(
        part for part in (
            f"build revision {revision}" if revision is not None else "no build revision",
            f"built {created}" if created else "",
        ) if part
    )  # fmt: skip
    command = rebuild_command(record)
    if not isinstance(record, Mapping) or (command is None
                                           and record.get("built_with") != BUILT_WITH_PYTHON):
        return ["built by: not recorded (written before supplychain recorded how a network "
                "was built)", f"  {stamp}"]  # fmt: skip
    options = _strings(record.get("options"))
    if command is not None:
        lines = [f"built by: {shlex.join(command)}"]
    else:
        given = f", options as `network build` takes them: {shlex.join(options)}" if options else ""
        lines = [f"built by: Python (build_network from source {str(record.get('source'))!r}"
                 f"{given}); no command recorded"]  # fmt: skip
    sha256, size = record.get("source_sha256"), record.get("source_bytes")
    if isinstance(sha256, str) and isinstance(size, int):
        lines.append(f"  source file: {size:,} bytes, sha256 {sha256}")
    sidecars = record.get("source_sidecars")
    for name, digest in sidecars.items() if isinstance(sidecars, Mapping) else ():
        sha256, size = (digest.get("sha256"), digest.get("bytes")) if isinstance(digest, Mapping) else (None, None)
        if isinstance(sha256, str) and isinstance(size, int):
            lines.append(f"    {name}: {size:,} bytes, sha256 {sha256}")
    version = record.get("supplychain_version")
    lines.append(f"  supplychain {version}, {stamp}" if version else f"  {stamp}")
    return lines
