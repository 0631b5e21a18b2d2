"""Limits on hostile or damaged input files: decompression bombs, runaway data, huge tags.

A compressed OSM file (``.osm.bz2``, ``.osm.gz``) is decompressed as a stream, before any
parsing, into a temporary file, and stopped with a clear error when

- it expands more than ``max_expansion_ratio`` times its compressed size (plus 1 MiB, so a
  tiny file is never flagged); OSM XML compresses about 10-20 times with bzip2 (assumption,
  measured on Geofabrik extracts), so the default of 100 leaves a wide margin;
- more than ``max_bytes_without_element`` decompressed bytes pass without the start of an OSM
  element (``<node``, ``<way``, ``<relation``): a real extract has one every few hundred bytes.

Tag values (OSM files) and text cells (GIS layers) longer than ``max_tag_length`` characters
are refused, naming the element; OSM's own API allows 255 characters, libosmium 1,024 bytes.

Each limit is overridable: on the command line (``network build --max-expansion-ratio``,
``--max-bytes-without-element``, ``--max-tag-length``) or with the environment variables
``SUPPLYCHAIN_MAX_EXPANSION_RATIO``, ``SUPPLYCHAIN_MAX_BYTES_WITHOUT_ELEMENT`` and
``SUPPLYCHAIN_MAX_TAG_LENGTH`` (the options win).
"""

from __future__ import annotations

import bz2
import gzip
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

from tqdm.auto import tqdm

from supplychain.errors import DataFileError, ParameterError

__all__ = ["InputLimits", "decompress_bounded"]

_ENV = {
    "max_expansion_ratio": "SUPPLYCHAIN_MAX_EXPANSION_RATIO",
    "max_bytes_without_element": "SUPPLYCHAIN_MAX_BYTES_WITHOUT_ELEMENT",
    "max_tag_length": "SUPPLYCHAIN_MAX_TAG_LENGTH",
}
_ELEMENT = re.compile(rb"<(?:node|way|relation)[\s/>]")
_BLOCK = 1 << 20
_GRACE = 1 << 20


@dataclass(frozen=True)
class InputLimits:
    """Limits applied while reading input files.

    Parameters
    ----------
    max_expansion_ratio : float, default 100
        Decompressed size / compressed size allowed (plus 1 MiB of grace).
    max_bytes_without_element : int, default 16 MiB
        Decompressed bytes allowed between two OSM element starts.
    max_tag_length : int, default 255
        Characters allowed in one tag value or GIS text cell.

    Examples
    --------
    >>> InputLimits().max_tag_length
    255
    >>> InputLimits.from_env({"SUPPLYCHAIN_MAX_TAG_LENGTH": "1000"}).max_tag_length
    1000
    """

    max_expansion_ratio: float = 100.0
    max_bytes_without_element: int = 16 * 1024 * 1024
    max_tag_length: int = 255

    @classmethod
    def from_env(
        cls, environ: dict[str, str] | os._Environ[str] | None = None, **overrides: float | None
    ) -> InputLimits:
        """Defaults, then the environment variables, then explicit (non-None) overrides.

        Parameters
        ----------
        environ : mapping of str to str, optional
            Where to read ``SUPPLYCHAIN_MAX_EXPANSION_RATIO``,
            ``SUPPLYCHAIN_MAX_BYTES_WITHOUT_ELEMENT`` and ``SUPPLYCHAIN_MAX_TAG_LENGTH``
            (default ``os.environ``); empty values are ignored.
        **overrides : float or None
            ``max_expansion_ratio``, ``max_bytes_without_element`` or ``max_tag_length`` (the
            command-line options); None keeps the value from the environment or the default.

        Returns
        -------
        InputLimits
            The two byte and character limits are whole numbers.

        Raises
        ------
        ParameterError
            If a value is not a positive number, or the byte or character limit not a whole
            number (naming the variable or option), or an override names no limit.

        Examples
        --------
        >>> env = {"SUPPLYCHAIN_MAX_TAG_LENGTH": "1000", "SUPPLYCHAIN_MAX_EXPANSION_RATIO": ""}
        >>> limits = InputLimits.from_env(env, max_expansion_ratio=50, max_bytes_without_element=None)
        >>> limits.max_tag_length, limits.max_expansion_ratio, limits.max_bytes_without_element
        (1000, 50.0, 16777216)
        """
        env = os.environ if environ is None else environ
        limits = cls()
        for name, var in _ENV.items():
            raw = env.get(var)
            if raw is not None and raw.strip():
                limits = replace(limits, **{name: _positive(raw, var, name)})  # type: ignore[arg-type]
        for name, value in overrides.items():
            if name not in _ENV:
                raise ParameterError(f"Unknown input limit '{name}'; known: {', '.join(_ENV)}.")
            if value is not None:
                option = "--" + name.replace("_", "-")
                limits = replace(limits, **{name: _positive(str(value), option, name)})  # type: ignore[arg-type]
        return limits


def _positive(raw: str, where: str, name: str) -> float | int:
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not (value > 0 and value != float("inf")):
        raise ParameterError(f"{where} = {raw!r} is not a positive number; give e.g. "
                             f"{getattr(InputLimits(), name)!r}.")  # fmt: skip
    if name == "max_expansion_ratio":
        return value
    # The byte and character limits were cut to whole numbers: SUPPLYCHAIN_MAX_TAG_LENGTH=0.5
    # became a limit of 0 characters (every tag refused, "limit 0"), 1.5 a limit of 1 (fuzz30).
    if value != int(value):
        raise ParameterError(f"{where} = {raw!r} is not a whole number; give e.g. "
                             f"{getattr(InputLimits(), name)!r}.")  # fmt: skip
    return int(value)


def _open_compressed(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".bz2"):
        return bz2.open(path, "rb")
    return gzip.open(path, "rb")  # type: ignore[return-value]


def decompress_bounded(
    src: Path, dst: Path, *, limits: InputLimits, progress: bool = False, label: str = ""
) -> int:
    """Decompress a ``.bz2`` or ``.gz`` file to ``dst`` as a stream, within ``limits``.

    Parameters
    ----------
    src : Path
        Compressed file.
    dst : Path
        Where the decompressed bytes go.
    limits : InputLimits
    progress : bool, default False
        Show a progress bar (decompressed bytes).
    label : str
        How error messages name the file (default ``'src'``).

    Returns
    -------
    int
        Decompressed bytes written.

    Raises
    ------
    DataFileError
        If the file is corrupt, expands too much, or runs too long without an OSM element; the
        message names the file, the limit and how to raise it. ``dst`` is removed.

    Examples
    --------
    >>> import bz2, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.osm.bz2").write_bytes(bz2.compress(b"<osm><node id='1'/></osm>"))
    >>> decompress_bounded(d / "a.osm.bz2", d / "a.osm", limits=InputLimits())
    25
    """
    label = label or f"'{src}'"
    compressed = src.stat().st_size
    cap = limits.max_expansion_ratio * compressed + _GRACE
    total = 0
    last_element = 0
    tail = b""
    try:
        with _open_compressed(src) as reader, open(dst, "wb") as writer, tqdm(
            desc=f"decompressing {src.name}", unit="B", unit_scale=True, disable=not progress,
            leave=False,
        ) as bar:  # fmt: skip
            while block := reader.read(_BLOCK):
                window = tail + block
                found = [m.start() for m in _ELEMENT.finditer(window)]
                if found:
                    last_element = total - len(tail) + found[-1]
                tail = window[-16:]
                total += len(block)
                if total > cap:
                    raise DataFileError(
                        f"{label} expands more than {limits.max_expansion_ratio:g} times its "
                        f"compressed size ({compressed:,} bytes, over {total:,} bytes decompressed "
                        "so far): a damaged or hostile file? If it is genuine, raise the limit with "
                        "--max-expansion-ratio or SUPPLYCHAIN_MAX_EXPANSION_RATIO."
                    )
                if total - last_element > limits.max_bytes_without_element:
                    raise DataFileError(
                        f"{label} has {total - last_element:,} decompressed bytes without an OSM "
                        f"element (limit {limits.max_bytes_without_element:,}): not OSM XML, or "
                        "damaged. If it is genuine, raise the limit with "
                        "--max-bytes-without-element or SUPPLYCHAIN_MAX_BYTES_WITHOUT_ELEMENT."
                    )
                writer.write(block)
                bar.update(len(block))
    except (OSError, EOFError, ValueError) as exc:
        dst.unlink(missing_ok=True)
        raise DataFileError(
            f"{label} cannot be decompressed ({exc}); check that it is a complete .bz2 or .gz "
            "file (re-download it if it was truncated)."
        ) from exc
    except BaseException:
        dst.unlink(missing_ok=True)
        raise
    return total
