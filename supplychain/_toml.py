"""Read TOML files and check their keys and values with precise messages.

Internal to the package (see :mod:`supplychain`): the parameter, place, scenario, threat and
timeline readers share these.
"""

from __future__ import annotations

import codecs
import datetime
import errno
import math
import os
import re
import stat
import sys
import tomllib
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from supplychain.errors import DataFileError

__all__ = ["LARGEST", "THREAT_KEYS", "Checker", "binary_kind", "file_problem", "not_a_file_problem", "one_line_problem",
           "padded_problem", "past_any_float", "read_toml", "refuse_not_a_file", "toml_keys", "toml_text", "windows_path_hint"]


def _too_deep(path: Path) -> str:
    return (f"File '{path}' is nested too deeply to read (arrays or tables within each other); "
            "check that it is the file meant")


def not_a_file_problem(path: Path | str) -> str | None:
    """What an input path names when it is neither a regular file nor a folder, else None.

    A named pipe (``mkfifo``) nobody writes to made the command wait for ever at its first
    read, and one that is written to (a shell's ``<(...)``) was read empty the second time
    (a scenario is read to tell its kind, then parsed; a file is hashed for a result's
    provenance); ``/dev/zero`` read until memory ran out ("unexpected MemoryError"). A folder
    and a path that cannot be looked at are left to the reader, which names them.

    Parameters
    ----------
    path : Path or str
        An input path (a symbolic link is followed).

    Returns
    -------
    str or None
        ``"a named pipe"``, ``"a device"`` or ``"a socket"``; None for a regular file, a folder
        or a path that cannot be looked at.

    Examples
    --------
    >>> import os, tempfile
    >>> fifo = os.path.join(tempfile.mkdtemp(), "params.toml")
    >>> os.mkfifo(fifo)
    >>> not_a_file_problem(fifo), not_a_file_problem("/dev/null"), not_a_file_problem(tempfile.gettempdir())
    ('a named pipe', 'a device', None)
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):  # missing, a loop of links, a name too long, a NUL: the reader says
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def refuse_not_a_file(path: Path | str, label: str) -> None:
    """Raise when ``path`` is a named pipe, a device or a socket (:func:`not_a_file_problem`).

    Parameters
    ----------
    path : Path or str
        An input path.
    label : str
        How the error names it ("File 'p.toml'", "Observed arrivals file 'o.csv'").

    Raises
    ------
    DataFileError
        When it is not a regular file (nor a folder).

    Examples
    --------
    >>> refuse_not_a_file("/dev/zero", "File '/dev/zero'")
    Traceback (most recent call last):
    ...
    supplychain.errors.DataFileError: File '/dev/zero' is a device, not a file: the command reads its inputs more than once and from the start; save the content to a file and give that file
    """
    if (kind := not_a_file_problem(path)) is not None:
        raise DataFileError(f"{label} is {kind}, not a file: the command reads its inputs more than "
                            "once and from the start; save the content to a file and give that file")


def read_toml(path: Path) -> dict[str, Any]:
    """The parsed content of a TOML file, every string in Unicode NFC (file names as written).

    A byte-order mark is read past.

    Parameters
    ----------
    path : Path
        The file.

    Returns
    -------
    dict of str to object
        The file's tables and values, as :mod:`tomllib` reads them.

    Raises
    ------
    DataFileError
        When the file is missing, unreadable, not UTF-8, not valid TOML, nested too deeply, or
        has one key twice (its accents written two ways).

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "places.toml"
    >>> _ = path.write_bytes(codecs.BOM_UTF8 + 'hub = "Die\\u0301ma"'.encode())
    >>> read_toml(path) == {"hub": "Di\\u00e9ma"}
    True
    """
    refuse_not_a_file(path, f"File '{path}'")
    raw = b""
    try:
        with path.open("rb") as fh:
            raw = fh.read()
        # A byte-order mark (Windows editors write one) is not TOML: read past it.
        data = tomllib.loads(raw.removeprefix(codecs.BOM_UTF8).decode("utf-8"))
    except FileNotFoundError as exc:
        hint = windows_path_hint(path) or _shipped_hint(path)
        raise DataFileError(f"File '{path}' does not exist; check the path{hint}.") from exc
    except tomllib.TOMLDecodeError as exc:
        # `--scenario n1.json` (a summary) or an observed-arrivals CSV: said by its name too.
        named = (f" (a {path.suffix[1:].upper()} file? give the TOML file this option reads)"
                 if path.suffix.lower() in (".json", ".csv", ".geojson", ".osm", ".html", ".txt") else "")
        raise DataFileError(f"File '{path}' is not valid TOML{named}: {exc}{_escape_hint(exc)}"
                            f"{_line_end_hint(raw)}{_no_day_hint(exc, raw)}.") from exc
    except UnicodeDecodeError as exc:
        if (kind := binary_kind(exc.object[:16])) is not None:  # `--scenario n1.parquet`
            raise DataFileError(f"File '{path}' is {kind}, not a TOML text file; give the TOML file "
                                "this option reads (models/*.toml are examples).") from exc
        if exc.object[:4] in (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE):  # begins as UTF-16-LE's
            raise DataFileError(f"File '{path}' is UTF-32 text; save it as UTF-8.") from exc
        if exc.object[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):  # named byte 0, b'\xff'
            raise DataFileError(f"File '{path}' is UTF-16 text (Notepad's 'Unicode'?); save it as "
                                "UTF-8.") from exc
        raise DataFileError(
            f"File '{path}' is not UTF-8 text (byte {exc.start}: {exc.object[exc.start:exc.start + 1]!r}); "
            "save it as UTF-8."
        ) from exc
    except ValueError as exc:  # tomllib's int(): "unexpected ValueError: Exceeds the limit (4300 digits)" (fuzz29)
        raise DataFileError(f"File '{path}' holds an integer too long to read (more than "
                            f"{sys.get_int_max_str_digits():,} digits); check its numbers.") from exc
    except IsADirectoryError as exc:  # "cannot be read: [Errno 21] Is a directory: 'p.toml'."
        raise DataFileError(f"File '{path}' is a folder; give the path of a TOML file.") from exc
    except OSError as exc:
        raise DataFileError(f"File '{path}' cannot be read: {exc}.") from exc
    except RecursionError as exc:  # "unexpected RecursionError" before 2026-12-05
        raise DataFileError(_too_deep(path)) from exc
    try:
        return _nfc(data)
    except RecursionError as exc:
        raise DataFileError(_too_deep(path)) from exc
    except _TwiceError as exc:
        raise DataFileError(f"File '{path}' has the key '{exc}' twice, its accents written two ways "
                            "(Unicode NFC and NFD); keep one") from exc


#: The first bytes of binary files a TOML option may be given by mistake, and what they are.
_MAGIC = ((b"PAR1", "a Parquet file (a table or network the commands write)"),
          (b"SQLite format 3\x00", "an SQLite database (a GeoPackage?)"),
          (b"PK\x03\x04", "a ZIP archive (a spreadsheet, .xlsx or .ods?)"),
          (b"\x1f\x8b", "a gzip-compressed file"), (b"BZh", "a bzip2-compressed file"),
          (b"%PDF", "a PDF document"), (b"\xd0\xcf\x11\xe0", "an Office document (.xls or .doc?)"))


def binary_kind(head: bytes) -> str | None:
    """What a binary file given for a text one is, from its first bytes (``--scenario
    n1.parquet`` said "not UTF-8 text; save it as UTF-8").

    Parameters
    ----------
    head : bytes
        The file's first bytes (16 are enough).

    Returns
    -------
    str or None
        The kind ("a Parquet file (...)", "a gzip-compressed file", ...), or None for bytes of
        no kind known here (the caller then names the first byte that is not UTF-8).

    Examples
    --------
    >>> binary_kind(b"PAR1\\x15\\x04")
    'a Parquet file (a table or network the commands write)'
    >>> binary_kind(b"name = 1") is None
    True
    """
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


#: tomllib's messages for a backslash in a double-quoted string that starts no escape TOML
#: knows: ``..\\models`` (``\\m``) and ``C:\\Users`` (``\\U`` wants 8 hex digits).
_ESCAPE_ERRORS = ("Unescaped '\\' in a string", "Invalid hex value",
                  "Escaped character is not a Unicode scalar value")


def _escape_hint(exc: tomllib.TOMLDecodeError) -> str:
    """What to add to a parse error about a backslash escape, else "": a Windows path in double
    quotes read as the parser's bare "Unescaped '\\' in a string (at line 7, column 16)"."""
    if not any(str(exc).startswith(error) for error in _ESCAPE_ERRORS):
        return ""
    return ("; in double quotes '\\' starts an escape (\\n, \\u00e9): for a path, write '/' between "
            "folders, or use single quotes (a TOML literal string, read as written: '..\\models\\x.toml')")


def _no_day_hint(exc: tomllib.TOMLDecodeError, raw: bytes) -> str:
    """What to add to a parse error at a date written right that names no day, else "":
    ``date = 2027-02-29`` was only "Invalid date or datetime (at line 9, column 8)", its form
    right, its day wrong unsaid (fuzz36).

    >>> try:
    ...     tomllib.loads("a = 1\\nfrom = 2027-02-29")
    ... except tomllib.TOMLDecodeError as exc:
    ...     _no_day_hint(exc, b"a = 1\\nfrom = 2027-02-29")
    '; 2027-02-29 is no day of the calendar (day is out of range for month): check its day and month'
    """
    where = re.search(r"^Invalid date or datetime \(at line (\d+), column (\d+)\)", str(exc))
    # Lines as tomllib counts them, by "\n": str.splitlines also ends one at U+2028 or U+0085,
    # which a comment may hold, and the hint looked at the wrong line (review37).
    lines = raw.removeprefix(codecs.BOM_UTF8).decode("utf-8", "replace").split("\n")
    if where is None or int(where.group(1)) > len(lines):
        return ""
    written = re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", lines[int(where.group(1)) - 1][int(where.group(2)) - 1:])
    if written is None:
        return ""
    try:
        datetime.date.fromisoformat(written.group())
    except ValueError as why:
        return f"; {written.group()} is no day of the calendar ({why}): check its day and month"
    return ""  # the day is right: the time or offset after it is not


def _line_end_hint(raw: bytes) -> str:
    """What to add to a parse error of a file holding a carriage return without a line feed
    after it, else "": TOML allows none (lines end in LF or CRLF), and a file whose lines end in
    a lone CR (classic Mac OS editors) was "Found invalid character '\\r' (at line 1, column
    96)", or "Expected newline or end of document after a statement", its whole text one line."""
    if re.search(rb"\r(?!\n)", raw) is None:
        return ""
    return ("; it holds a carriage return (CR) without a line feed after it (lines ending in a lone "
            "CR, as classic Mac editors write them, are not TOML): save it with LF or CRLF line ends")


#: The control characters a TOML escape in double quotes makes of a Windows path's '\n', '\t',
#: '\r', '\b' and '\f' (``"..\new\t.toml"`` parses, and named no file).
_ESCAPED = frozenset("\n\t\r\b\f")


def _shipped_hint(path: Path) -> str:
    """Where the shipped file is, for a ``models/...`` path relative to a folder that has none.

    The README's examples name ``models/scenario-blockade-2025.toml`` relative to the checkout;
    run from another folder, or with an installed package, they met "does not exist; check the
    path" with no word of where the package's copy is (api37).

    >>> from supplychain._paths import MODELS_DIR
    >>> _shipped_hint(Path("models/model.toml")) == f" (the shipped file is '{MODELS_DIR / 'model.toml'}')"
    True
    >>> _shipped_hint(Path("models/none.toml")), _shipped_hint(Path("/abs/models/model.toml"))
    ('', '')
    """
    from supplychain._paths import MODELS_DIR

    if path.is_absolute() or len(path.parts) < 2 or path.parts[0] != "models":
        return ""
    shipped = MODELS_DIR.joinpath(*path.parts[1:])
    return f" (the shipped file is '{shipped}')" if shipped.is_file() else ""


def windows_path_hint(path: Path | str) -> str:
    """What to add to "does not exist" for a path holding a backslash or a TOML escape, else "".

    A path copied from Windows (``..\\models\\storage.toml``, ``C:\\Users\\...``) names one file
    whose name holds backslashes on Linux: it does not exist, and the message should say why.
    One written in a TOML file's double quotes may have had its backslashes read as escapes
    (``"..\\new\\t.toml"``: a new line and a tab): a name holding such a control character
    gets a hint too.

    Parameters
    ----------
    path : Path or str
        The path that does not exist.

    Returns
    -------
    str
        ``"; write '/' between folders, ..."`` when the path holds a backslash, else ``""``.

    Examples
    --------
    >>> print(windows_path_hint("models" + chr(92) + "storage.toml"))
    ; write '/' between folders, not '\\' (a Windows path: '\\' is part of a file's name here)
    >>> windows_path_hint("models/storage.toml")
    ''
    >>> windows_path_hint("https://example.org/threat.toml")
    '; it is a URL: download the file and give its local path'
    >>> windows_path_hint("..\\new\\t.toml").startswith("; the name holds a control character")
    True
    >>> import os, tempfile
    >>> link = os.path.join(tempfile.mkdtemp(), "net.parquet")
    >>> os.symlink(link, link)
    >>> windows_path_hint(link)
    '; it is a symbolic link in a loop of links: point it at the file'
    """
    if re.match(r"(?i)(https?|ftp|s3|gs|file):/", str(path)):  # `--scenario https://...` (Path keeps one '/')
        return "; it is a URL: download the file and give its local path"
    if os.path.islink(path):  # a link to nothing was said not to exist, its cause unsaid (fuzz30)
        try:
            Path(path).resolve(strict=True)
        except RuntimeError:  # Python < 3.13
            return "; it is a symbolic link in a loop of links: point it at the file"
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return "; it is a symbolic link in a loop of links: point it at the file"
            return f"; it is a symbolic link to '{os.readlink(path)}', which does not exist"
    if "\\" not in str(path):
        if _ESCAPED.isdisjoint(str(path)):
            return ""
        return ("; the name holds a control character, a TOML escape in double quotes ('\\n' is a new "
                "line, '\\t' a tab): write '/' between folders, or use single quotes (a TOML literal "
                "string)")
    return "; write '/' between folders, not '\\' (a Windows path: '\\' is part of a file's name here)"


def file_problem(path: Path, relative_to: str) -> str | None:
    """What is wrong with a file a TOML file names, or None when it is a regular file.

    Parameters
    ----------
    path : Path
        The file named, resolved against the naming file's folder.
    relative_to : str
        What the path is relative to, for the message ("the threat file", "this file").

    Returns
    -------
    str or None
        The message after the key: it does not exist, is a folder, or is not a regular file
        (a device or a pipe, which would never end: ``/dev/zero``); None for a regular file.

    Examples
    --------
    >>> file_problem(Path("/"), "this file")
    "'/' is a folder, not a file; give a file's path (relative to this file)"
    >>> file_problem(Path("/no/such.toml"), "this file")
    "'/no/such.toml' does not exist; the path is relative to this file"
    """
    if path.is_file():
        return None
    if path.is_dir():
        return f"'{path}' is a folder, not a file; give a file's path (relative to {relative_to})"
    if path.exists():
        return f"'{path}' is not a regular file (a device or a pipe); give a file's path"
    return f"'{path}' does not exist; the path is relative to {relative_to}{windows_path_hint(path)}"


def past_any_float(value: object) -> bool:
    """Whether ``value`` is an integer past any float, which ``float()`` refuses with an
    OverflowError: TOML and JSON integers are unbounded in Python (401 digits in a hand-edited
    file were "unexpected OverflowError" in every reader: fuzz29).

    Parameters
    ----------
    value : object

    Returns
    -------
    bool

    Examples
    --------
    >>> past_any_float(10**400), past_any_float(10**300), past_any_float(1e308), past_any_float("1e999")
    (True, False, False, False)
    """
    return isinstance(value, int) and abs(value) > sys.float_info.max


def one_line_problem(value: Any) -> str | None:
    r"""Why a name or label read from a file cannot be printed on one line, or None.

    Labels and names are printed inside the commands' text and warnings: one holding a line
    break (``"x\nerror: fake"``) started a line of its own, an ``error:`` line in a run that
    succeeded (fuzz24, 2026-12-06). Tabs are kept.

    Parameters
    ----------
    value : object
        A value read for a name or label (other types are left to the caller's checks).

    Returns
    -------
    str or None

    Examples
    --------
    >>> one_line_problem("Kayes axis") is None
    True
    >>> one_line_problem("x\nerror: fake")
    "'x\\nerror: fake' holds a line break or another control character; write it on one line"
    """
    if not isinstance(value, str) or not any((ord(c) < 32 and c != "\t") or c == "\x7f" or c in "\u2028\u2029"
                                             for c in value):  # fmt: skip
        return None
    return f"{value!r} holds a line break or another control character; write it on one line"


def padded_problem(value: Any) -> str | None:
    r"""Why a name other files refer to is refused for the blanks around it, or None.

    A places file's ``" Kita "`` or ``"Kita\t"`` made a node of that name: a timeline or a
    scenario naming ``Kita`` then got "did you mean ' Kita '?" (fuzz30).

    Parameters
    ----------
    value : object
        A value read for a name (other types are left to the caller's checks).

    Returns
    -------
    str or None

    Examples
    --------
    >>> padded_problem("Kita") is None, padded_problem(" Kita ")
    (True, "' Kita ' has blanks around it; write it without them (other files name it as written)")
    """
    if not isinstance(value, str) or value == value.strip():
        return None
    return f"{value!r} has blanks around it; write it without them (other files name it as written)"


def toml_text(value: Any) -> str:
    """A value read from a TOML file, written as TOML writes it, for a message.

    Python's ``repr`` spells a TOML ``true`` as ``True``, a date as ``datetime.date(2025, 9,
    1)`` and an inline table as ``{'a': 1}``: a message quoting the user's file should quote it
    in the file's own spelling. Strings keep Python's quotes, as every message quotes names.

    Parameters
    ----------
    value : object
        A value as :func:`tomllib.load` returns it.

    Returns
    -------
    str
        The value in TOML's spelling.

    Examples
    --------
    >>> import datetime
    >>> toml_text(True), toml_text(datetime.date(2025, 9, 1)), toml_text(float("nan"))
    ('true', '2025-09-01', 'nan')
    >>> toml_text([1, False, {"a": "x"}])
    "[1, false, {a = 'x'}]"
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date | datetime.time):  # datetime.datetime is a date
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_text(v)}" for k, v in value.items()) + "}"
    return repr(value)


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
THREAT_KEYS = frozenset({"rule", "incidents", "inherits", "timeline", "event"})


def toml_keys(path: Path) -> set[str] | None:
    """The top-level keys of a TOML file, to tell which format it is (byte-order mark allowed),
    or None when it cannot be read or parsed: its loader then reports that in its own words.

    Parameters
    ----------
    path : Path
        The file.

    Returns
    -------
    set of str or None
        Its top-level keys (a table's name is a key), or None.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "threat.toml").write_text('[[rule]]\\nroad = "RN1"\\n')
    >>> toml_keys(folder / "threat.toml") & THREAT_KEYS, toml_keys(folder / "none.toml")
    ({'rule'}, None)
    """
    if not_a_file_problem(path) is not None:
        return None  # read_toml says what is wrong (reading a pipe would wait or empty it)
    try:
        return set(tomllib.loads(path.read_text(encoding="utf-8-sig")))
    except (OSError, ValueError, RecursionError):  # ValueError: not UTF-8, not TOML, a 5,000-digit number
        return None  # read_toml says what is wrong


#: The largest number a parameter file may hold where its key sets no maximum of its own
#: (assumption: a thousand times the largest value any shipped file holds, 780,000 FCFA per m3).
#: Numbers near 1e308 overflowed to inf in products (capacity x 46 m3) and crashed the LP
#: builders (IndexError, OverflowError, "upper bound must be finite"), or hung HiGHS for minutes
#: (per_truck_km = 1e308); a value this large is a typo or a wrong unit.
LARGEST = 1e9


class Checker:
    """Collects problems found in one file so they can be raised together.

    Each check returns the value when it is good, else None with a problem recorded, so that a
    reader goes on and reports every bad key of the file at once.

    Parameters
    ----------
    path : Path
        The file being checked (its name starts every problem).

    Attributes
    ----------
    path : Path
        The file being checked.
    problems : list of str
        The problems found so far, in order.

    Examples
    --------
    >>> check = Checker(Path("fleet.toml"))
    >>> check.number({"tankers": -3}, "tankers", "fleet."), check.problems
    (None, ["'fleet.toml' key 'fleet.tankers': -3 is below the minimum 0"])
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []

    def add(self, key: str, message: str) -> None:
        """Record a problem with a key.

        Parameters
        ----------
        key : str
            The key, with its table prefix (``"fleet.tankers"``).
        message : str
            What is wrong and how to fix it.
        """
        self.problems.append(f"'{self.path.name}' key '{key}': {message}")

    def unknown_keys(
        self, table: dict[str, Any], allowed: set[str], prefix: str, hint: str = ""
    ) -> None:
        """Record each key of ``table`` that is not in ``allowed``.

        Parameters
        ----------
        table : dict of str to object
            The table read.
        allowed : set of str
            Its known keys.
        prefix : str
            The table's prefix for the messages (``"fleet."``; ``""`` at the top level).
        hint : str, default ""
            Text appended to each message (how to fix it).
        """
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
        """A number of ``table``, checked.

        Parameters
        ----------
        table : dict of str to object
            The table read.
        key : str
            The key.
        prefix : str
            The table's prefix for the messages.
        minimum : float or None, default 0.0
            Keyword-only. The smallest value allowed (None: no minimum).
        maximum : float or None, default None
            Keyword-only. The largest value allowed; None: :data:`LARGEST` (a typo or a wrong
            unit). A maximum of 1 is a fraction: a value from 2 to 100 is said as the
            fraction it would be in percent ("20 is above the maximum 1: a fraction, 0.2 for
            20 %").
        required : bool, default False
            Keyword-only. Whether a missing key is a problem.
        positive : bool, default False
            Keyword-only. Whether 0 is a problem.
        whole : bool, default False
            Keyword-only. Whether a fraction is a problem.
        above : callable, optional
            Keyword-only. Words a value above ``maximum`` (the message after the key; default
            ``"5000 is above the maximum 3660"``): one check of every number, with a caller's
            own wording of its limit (``[timeline] days``, as the ``--days`` option's).

        Returns
        -------
        float or None
            The value as a float; None when the key is missing or its value is a problem.

        Examples
        --------
        >>> chk = Checker(Path("t.toml"))
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
            self.add(f"{prefix}{key}", f"{toml_text(value)} is not a number")
            return None
        if past_any_float(value):
            # An integer past any float (TOML integers are unbounded in Python): "unexpected
            # OverflowError: int too large to convert to float" (fuzz29).
            self.add(f"{prefix}{key}", f"an integer of {len(str(abs(value)))} digits is implausibly large "
                     f"(above {LARGEST:g}); check the number and its unit")  # fmt: skip
            return None
        if not math.isfinite(value):
            self.add(f"{prefix}{key}", f"{toml_text(value)} is not finite")
            return None
        if whole and not float(value).is_integer():
            self.add(f"{prefix}{key}", f"{toml_text(value)} is not a whole number; write "
                     f"{math.floor(value)} or {math.ceil(value)}")
            return None
        if positive and value <= 0:
            self.add(f"{prefix}{key}", f"{value!r} must be greater than 0")
            return None
        if minimum is not None and value < minimum:
            self.add(f"{prefix}{key}", f"{value!r} is below the minimum {minimum:g}")
            return None
        if maximum is not None and value > maximum:
            # A share of 1 at most written in percent ("share = 20"): say the fraction meant
            # (not for 1.5, more likely a factor above 1 than 1.5 %).
            percent = f": a fraction, {value / 100:g} for {value:g} %" if maximum == 1 and 2 <= value <= 100 else ""
            self.add(f"{prefix}{key}", above(value) if above is not None
                     else f"{value!r} is above the maximum {maximum:g}{percent}")  # fmt: skip
            return None
        if maximum is None and abs(value) > LARGEST:
            self.add(f"{prefix}{key}", f"{value!r} is implausibly large (above {LARGEST:g}); "
                     "check the number and its unit")  # fmt: skip
            return None
        return float(value)

    def flag(self, table: dict[str, Any], key: str, prefix: str, *, default: bool) -> bool | None:
        """A boolean of ``table``, checked.

        Parameters
        ----------
        table, key, prefix
            The table read, the key and the table's prefix for the messages (as :meth:`number`).
        default : bool
            Keyword-only. The value when the key is missing.

        Returns
        -------
        bool or None
            The value (``default`` when missing); None when it is not ``true`` or ``false``
            (a problem then).

        Examples
        --------
        >>> chk = Checker(Path("s.toml"))
        >>> chk.flag({"closed": True}, "closed", "segment[0].", default=False), chk.flag({}, "closed", "", default=False)
        (True, False)
        >>> chk.flag({"closed": "yes"}, "closed", "segment[0].", default=False), chk.problems
        (None, ["'s.toml' key 'segment[0].closed': 'yes' is not true or false"])
        """
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.add(f"{prefix}{key}", f"{toml_text(value)} is not true or false")
            return None
        return value

    def string(
        self, table: dict[str, Any], key: str, prefix: str, *, required: bool = True, one_line: bool = False
    ) -> str | None:
        """A non-empty string of ``table``, checked.

        Parameters
        ----------
        table : dict of str to object
            The table read.
        key : str
            The key.
        prefix : str
            The table's prefix for the messages.
        required : bool, default True
            Keyword-only. Whether a missing key is a problem.
        one_line : bool, default False
            Keyword-only. Whether a line break or another control character is a problem
            (:func:`one_line_problem`): the string is printed inside the commands' text.

        Returns
        -------
        str or None
            The string; None when the key is missing or its value is a problem.

        Examples
        --------
        >>> chk = Checker(Path("model.toml"))
        >>> chk.string({"currency": "FCFA\\nerror: x"}, "currency", "cost.", one_line=True) is None
        True
        >>> print(chk.problems[0])
        'model.toml' key 'cost.currency': 'FCFA\\nerror: x' holds a line break or another control character; write it on one line
        """
        if key not in table:
            if required:
                self.add(f"{prefix}{key}", "missing; expected a string")
            return None
        value = table[key]
        if not isinstance(value, str) or not value.strip():
            self.add(f"{prefix}{key}", f"{toml_text(value)} is not a non-empty string")
            return None
        if one_line and (broken := one_line_problem(value)) is not None:
            self.add(f"{prefix}{key}", broken)
            return None
        return value

    def string_list(self, table: dict[str, Any], key: str, prefix: str) -> list[str] | None:
        """A list of strings of ``table``, checked (a missing key is no problem).

        Parameters
        ----------
        table : dict of str to object
            The table read.
        key : str
            The key.
        prefix : str
            The table's prefix for the messages.

        Returns
        -------
        list of str or None
            A copy of the list; None when the key is missing or its value is a problem.
        """
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(f"{prefix}{key}", f"{toml_text(value)} is not a list of strings")
            return None
        return list(value)

    def table(self, data: dict[str, Any], key: str, prefix: str = "") -> dict[str, Any]:
        """A sub-table of ``data``, checked (a missing key is an empty table).

        Parameters
        ----------
        data : dict of str to object
            The table holding it.
        key : str
            The sub-table's name.
        prefix : str, default ""
            The holding table's prefix for the messages.

        Returns
        -------
        dict of str to object
            The sub-table; empty when missing or not a table (a problem then).
        """
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.add(f"{prefix}{key}", f"expected a table, got {type(value).__name__}")
            return {}
        return value
