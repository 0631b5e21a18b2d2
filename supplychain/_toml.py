"""Private helpers to read TOML files and check their keys and values with precise messages."""

from __future__ import annotations

import codecs
import math
import tomllib
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from supplychain.errors import DataFileError

__all__: list[str] = []


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            # A byte-order mark (Windows editors write one) is not TOML: read past it.
            data = tomllib.loads(fh.read().removeprefix(codecs.BOM_UTF8).decode("utf-8"))
    except FileNotFoundError as exc:
        raise DataFileError(f"File '{path}' does not exist; check the path.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"File '{path}' is not valid TOML: {exc}.") from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(
            f"File '{path}' is not UTF-8 text (byte {exc.start}: {exc.object[exc.start:exc.start + 1]!r}); "
            "save it as UTF-8."
        ) from exc
    except OSError as exc:
        raise DataFileError(f"File '{path}' cannot be read: {exc}.") from exc
    try:
        return _nfc(data)
    except _TwiceError as exc:
        raise DataFileError(f"File '{path}' has the key '{exc}' twice, its accents written two ways "
                            "(Unicode NFC and NFD); keep one") from exc


class _TwiceError(ValueError):
    """A table holding one key twice once its strings are in NFC."""


#: Keys whose values are file paths, read as written: a file name is bytes on Linux, and one
#: with an accent as a separate mark (unzipped from a macOS archive) was "does not exist" in NFC.
_PATH_KEYS = frozenset({"inherits", "polygon", "file", "storage"})


def _nfc(value: Any) -> Any:
    """Every string of a parsed file (keys too) in Unicode NFC, the form of the networks' names:
    "Diéma" with its accent as a separate mark (NFD, as some editors write it) matched no place
    and read "'Diéma' is not a named node of the network; did you mean 'Diéma'?". The values
    of :data:`_PATH_KEYS` (file names) are kept as written."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            key = _nfc(k)
            if key in out:  # the same name twice, its accents encoded two ways
                raise _TwiceError(key)
            # A path: a string or a list of them (inherits); a [storage] table is no path.
            as_written = key in _PATH_KEYS and (isinstance(v, str) or (
                isinstance(v, list) and all(isinstance(x, str) for x in v)))
            out[key] = v if as_written else _nfc(v)
        return out
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    return value


#: Top-level keys that make a scenario file a threat file (``load_threat``) rather than a plain
#: scenario file: a timeline file is a threat file with dates, even one with only
#: ``[timeline]`` and ``[[event]]`` tables. Here, not in the threat reader, so that the command
#: line tells the formats apart without importing it (pyproj).
_THREAT_KEYS = frozenset({"rule", "incidents", "inherits", "timeline", "event"})


def _toml_keys(path: Path) -> set[str] | None:
    """The top-level keys of a TOML file, to tell which format it is (byte-order mark allowed),
    or None when it cannot be read or parsed: its loader then reports that in its own words."""
    try:
        return set(tomllib.loads(path.read_text(encoding="utf-8-sig")))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None


#: The largest number a parameter file may hold where its key sets no maximum of its own
#: (assumption: a thousand times the largest value any shipped file holds, 780,000 FCFA per m3).
#: Numbers near 1e308 overflowed to inf in products (capacity x 46 m3) and crashed the LP
#: builders (IndexError, OverflowError, "upper bound must be finite"), or hung HiGHS for minutes
#: (per_truck_km = 1e308); a value this large is a typo or a wrong unit.
_LARGEST = 1e9


class _Checker:
    """Collects problems found in one file so they can be raised together."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []

    def add(self, key: str, message: str) -> None:
        self.problems.append(f"'{self.path.name}' key '{key}': {message}")

    def unknown_keys(
        self, table: dict[str, Any], allowed: set[str], prefix: str, hint: str = ""
    ) -> None:
        for key in table:
            if key not in allowed:
                self.add(
                    f"{prefix}{key}",
                    f"unknown key; expected one of {', '.join(sorted(allowed))}{hint}",
                )

    def number(
        self,
        table: dict[str, Any],
        key: str,
        prefix: str,
        *,
        minimum: float | None = 0.0,
        maximum: float | None = None,
        required: bool = False,
        positive: bool = False,
        whole: bool = False,
        above: Callable[[int | float], str] | None = None,
    ) -> float | None:
        """``table[key]`` as a float, or None (missing, or a problem added).

        ``above`` words a value above ``maximum`` (the message after the key; default
        ``"5000 is above the maximum 3660"``): one check of every number, with a caller's
        own wording of its limit (``[timeline] days``, as the ``--days`` option's).

        Examples
        --------
        >>> chk = _Checker(Path("t.toml"))
        >>> chk.number({"days": 5000}, "days", "timeline.", maximum=3660)
        >>> chk.number({"days": 5000}, "days", "timeline.", maximum=3660,
        ...            above=lambda v: f"{v!r} days is too long")
        >>> chk.problems
        ["'t.toml' key 'timeline.days': 5000 is above the maximum 3660", "'t.toml' key 'timeline.days': 5000 days is too long"]
        """
        if key not in table:
            if required:
                self.add(f"{prefix}{key}", "missing; expected a number")
            return None
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(f"{prefix}{key}", f"{value!r} is not a number")
            return None
        if not math.isfinite(value):
            self.add(f"{prefix}{key}", f"{value!r} is not finite")
            return None
        if whole and not float(value).is_integer():
            self.add(f"{prefix}{key}", f"{value!r} is not a whole number; write "
                     f"{math.floor(value)} or {math.ceil(value)}")
            return None
        if positive and value <= 0:
            self.add(f"{prefix}{key}", f"{value!r} must be greater than 0")
            return None
        if minimum is not None and value < minimum:
            self.add(f"{prefix}{key}", f"{value!r} is below the minimum {minimum:g}")
            return None
        if maximum is not None and value > maximum:
            self.add(f"{prefix}{key}", above(value) if above is not None
                     else f"{value!r} is above the maximum {maximum:g}")  # fmt: skip
            return None
        if maximum is None and abs(value) > _LARGEST:
            self.add(f"{prefix}{key}", f"{value!r} is implausibly large (above {_LARGEST:g}); "
                     "check the number and its unit")  # fmt: skip
            return None
        return float(value)

    def string(
        self, table: dict[str, Any], key: str, prefix: str, *, required: bool = True
    ) -> str | None:
        if key not in table:
            if required:
                self.add(f"{prefix}{key}", "missing; expected a string")
            return None
        value = table[key]
        if not isinstance(value, str) or not value.strip():
            self.add(f"{prefix}{key}", f"{value!r} is not a non-empty string")
            return None
        return value

    def string_list(self, table: dict[str, Any], key: str, prefix: str) -> list[str] | None:
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(f"{prefix}{key}", f"{value!r} is not a list of strings")
            return None
        return list(value)

    def table(self, data: dict[str, Any], key: str, prefix: str = "") -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.add(f"{prefix}{key}", f"expected a table, got {type(value).__name__}")
            return {}
        return value
