"""Escaping and HTML building blocks for the self-contained report.

Every string that comes from data (OSM names and refs, file names, scenario labels) is
untrusted. Three contexts need three escapes:

* HTML text and attributes: :func:`esc` (``& < > " '``);
* plotly's pseudo-HTML (hover text, labels, legend names, tick labels): :func:`plot_text`
  escapes ``& < >`` only, because plotly decodes ``&amp; &lt; &gt;`` and numeric entities but
  would print ``&quot;`` literally;
* JSON inside ``<script>``: :func:`json_for_script` writes ``< > &`` and the JavaScript line
  separators as ``\\u`` escapes, so ``</script>`` or ``<!--`` in a value cannot end the block.

:func:`table_data` prepares a sortable table for the ``table`` macro of the report's templates
(the report's script sorts on a header click, using each cell's ``data-sort`` value);
:func:`render_table` renders one on its own.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from supplychain._json import QUANTITY_DECIMALS, as_written, jsonable

__all__ = [
    "HOVER_LINE_CHARS",
    "Column",
    "esc",
    "fmt_number",
    "hover_lines",
    "json_for_script",
    "jsonable",
    "plot_text",
    "render_table",
    "table_data",
]

logger = logging.getLogger(__name__)

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def esc(value: object) -> str:
    """Escape a value for HTML text or a quoted attribute.

    Parameters
    ----------
    value : object
        Converted with ``str`` (``None`` gives ``""``).

    Returns
    -------
    str

    Examples
    --------
    >>> esc('<script>alert("x")</script>')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    >>> esc(None)
    ''
    """
    if value is None:
        return ""
    text = str(value)
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def plot_text(value: object) -> str:
    """Escape a value for plotly's pseudo-HTML text (hover text, labels, legend names).

    plotly splits text on ``<tag>`` patterns and decodes ``&amp;``, ``&lt;``, ``&gt;`` and
    numeric entities in the rest, so escaping these three characters shows the value as text.

    Parameters
    ----------
    value : object
        Anything; it is shown as ``str(value)``.

    Returns
    -------
    str
        ``&``, ``<`` and ``>`` escaped; ``""`` for None.

    Examples
    --------
    >>> plot_text('"><img src=x onerror=alert(2)>')
    '"&gt;&lt;img src=x onerror=alert(2)&gt;'
    """
    if value is None:
        return ""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


#: Longest line (characters) of a hover text broken by :func:`hover_lines`: about 250 px at
#: the report's 13 px, so a hover fits beside a point on a phone-wide chart (360 px). A
#: crossing shared by four corridors of the flownet West-African layer was one line of 150
#: characters, a hover 1,053 px wide, cut on both sides of a 390 px screen.
HOVER_LINE_CHARS = 36

# The space inside a coordinate pair of a segment id ("14.711N 10.306W") is not a break.
_COORD_SPACE = re.compile(r"(\d[NS]) (\d)")


def hover_lines(value: object, *, width: int = HOVER_LINE_CHARS, hyphens: bool = False) -> str:
    """Escape a value for a plotly hover text (:func:`plot_text`) in lines of at most ``width``
    characters, broken at spaces (``<br>`` between them).

    A word longer than ``width`` keeps its own line, and the space inside a coordinate pair
    of a segment id (``14.711N 10.306W``) is not a break.

    Parameters
    ----------
    value : object
        Anything; it is shown as ``str(value)``.
    width : int, optional
        Keyword-only. Longest line, in characters (default :data:`HOVER_LINE_CHARS`).
    hyphens : bool, optional
        Keyword-only. Also break after a hyphen (between a segment id's two ends:
        ``primary:Dakar-`` / ``14.703N 17.045W``), for axis labels on a phone.

    Returns
    -------
    str
        The escaped lines joined by ``<br>``; ``""`` for None.

    Examples
    --------
    >>> hover_lines("Kaniéra: 40 tankers destroyed on segments primary:14.711N 10.306W-14.537N 9.526W")
    'Kaniéra: 40 tankers destroyed on<br>segments<br>primary:14.711N 10.306W-14.537N 9.526W'
    >>> hover_lines("a <b> c", width=3)
    'a<br>&lt;b&gt;<br>c'
    >>> hover_lines("1. primary:Dakar-14.703N 17.045W", width=20, hyphens=True)
    '1. primary:Dakar-<br>14.703N 17.045W'
    """
    if value is None:
        return ""
    text = _COORD_SPACE.sub("\\1\0\\2", " ".join(str(value).split()))
    # Pieces ending where a line may break: after a space (dropped there), or a hyphen.
    pieces = re.findall(r"[^ -]*(?:[ -]|$)" if hyphens else r"[^ ]*(?: |$)", text)
    lines: list[str] = []
    line = ""
    for piece in filter(None, pieces):
        if line and len((line + piece).rstrip()) > width:
            lines.append(line.rstrip())
            line = piece
        else:
            line += piece
    lines.append(line.rstrip())
    return "<br>".join(plot_text(x.replace("\0", " ")) for x in lines)


def json_for_script(value: Any) -> str:
    """JSON text that is safe inside an HTML ``<script>`` element.

    Parameters
    ----------
    value : object
        Anything :func:`jsonable` accepts.

    Returns
    -------
    str
        Compact JSON with ``<``, ``>``, ``&``, U+2028 and U+2029 written as ``\\u`` escapes;
        ``json.loads`` gives back the original value.

    Examples
    --------
    >>> text = json_for_script({"name": "</script><script>alert(1)</script>"})
    >>> "</" in text, json.loads(text)["name"][:9]
    (False, '</script>')
    """
    text = json.dumps(jsonable(value), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    for char, replacement in _JSON_ESCAPES.items():
        text = text.replace(char, replacement)
    return text


def fmt_number(value: Any, digits: int = 0, *, suffix: str = "", signed: bool = False) -> str:
    """Format a number with thousands separators; ``-`` for missing values.

    Parameters
    ----------
    value : object
        A number; None, NaN and infinities give ``-``, a string is returned as it is and
        anything else not a number as ``str(value)``.
    digits : int, default 0
        Decimals.
    suffix : str, default ""
        Keyword-only. Appended to a formatted number (e.g. ``" %"``).
    signed : bool, default False
        Keyword-only. Always write the sign, as Python's ``+`` format does (an error's
        direction: ``+0`` a little above, ``-0`` a little below), as the command line does.

    Returns
    -------
    str
        Unsigned, a value that rounds to 0 is written without a minus sign.

    Examples
    --------
    >>> fmt_number(10626.4), fmt_number(1.304, 1, suffix=" %"), fmt_number(None)
    ('10,626', '1.3 %', '-')
    >>> fmt_number(22.5, signed=True), fmt_number(-0.4, signed=True)
    ('+22', '-0')
    """
    if value is None or isinstance(value, str):
        return "-" if value is None else value
    try:
        f = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(f):
        return "-"
    if digits < QUANTITY_DECIMALS:
        # As the JSON files write it, as the command line prints it: the LP's 1,791.69999999999
        # m³/day is 38.9499999999998 tankers/day, "38.9", where the file's 38.95 reads "39.0".
        f = as_written(f)
    if signed:
        return f"{f:+,.{digits}f}{suffix}"
    if abs(f) < 0.5 * 10.0**-digits:
        f = 0.0  # no "-0"
    return f"{f:,.{digits}f}{suffix}"


@dataclass(frozen=True)
class Column:
    """One column of a rendered table.

    Parameters
    ----------
    key : str
        Key of the value in each row mapping.
    label : str
        Header text (escaped; a :class:`markupsafe.Markup` is written as it is).
    kind : {"text", "number", "bool"}
        Numbers are right-aligned, formatted and sorted numerically.
    digits : int
        Decimals for numbers.
    suffix : str
        Appended to formatted numbers (e.g. ``" %"``).
    signed : bool
        Numbers written with their sign, ``+`` too (see :func:`fmt_number`).

    Examples
    --------
    >>> Column("delivered", "Delivered (m³/day)", "number").kind
    'number'
    """

    key: str
    label: str
    kind: Literal["text", "number", "bool"] = "text"
    digits: int = 0
    suffix: str = ""
    signed: bool = False


def _cell(value: Any, col: Column) -> dict[str, Any]:
    """One cell as plain data: CSS class, ``data-sort`` value (``None``: no attribute), text."""
    if col.kind == "number":
        try:
            f = float(value)
        except (TypeError, ValueError):
            f = math.nan
        sort = repr(f) if math.isfinite(f) else ""
        return {"cls": "num", "sort": sort, "text": fmt_number(value, col.digits, suffix=col.suffix,
                                                               signed=col.signed)}
    if col.kind == "bool":
        yes = bool(value) and not (isinstance(value, float) and math.isnan(value))
        return {"cls": "flag" if yes else "", "sort": str(int(yes)), "text": "yes" if yes else ""}
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    return {"cls": "", "sort": None, "text": value}


def table_data(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    *,
    table_id: str,
    caption: str = "",
    sortable: bool = True,
    empty: str = "No rows.",
    row_classes: Sequence[str] | None = None,
) -> dict[str, Any]:
    """A table as plain data for the ``table`` macro of ``templates/_macros.html.j2``.

    Parameters
    ----------
    rows, columns, table_id, caption, sortable, empty, row_classes
        As :func:`render_table`.

    Returns
    -------
    dict
        ``id``, ``cls``, ``caption``, ``sortable``, ``empty``, ``head`` (``num``, ``kind``,
        ``label`` per column) and ``rows`` (``cls`` and ``cells``: ``cls``, ``sort``, ``text``);
        no value is escaped (the template escapes them all).

    Examples
    --------
    >>> t = table_data([{"m3": 150.0}], [Column("m3", "m³/day", "number")], table_id="t")
    >>> t["rows"][0]["cells"]
    [{'cls': 'num', 'sort': '150.0', 'text': '150'}]
    """
    return {
        "id": table_id,
        "cls": "data sortable" if sortable else "data",
        "caption": caption,
        "sortable": sortable,
        "empty": empty,
        "head": [{"num": c.kind == "number", "kind": c.kind, "label": c.label} for c in columns],
        "rows": [
            {
                "cls": row_classes[i] if row_classes and row_classes[i] else "",
                "cells": [_cell(row.get(c.key), c) for c in columns],
            }
            for i, row in enumerate(rows)
        ],
    }


def render_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    *,
    table_id: str,
    caption: str = "",
    sortable: bool = True,
    empty: str = "No rows.",
    row_classes: Sequence[str] | None = None,
) -> str:
    """An HTML table; every value is escaped (rendered by the ``table`` macro of the templates).

    Parameters
    ----------
    rows : sequence of mapping
    columns : sequence of Column
    table_id : str
        ``id`` of the table.
    caption : str
        Caption text.
    sortable : bool, default True
        Headers become buttons that sort the rows (see ``static/report.js``).
    empty : str
        Text shown instead of an empty table.
    row_classes : sequence of str, optional
        A CSS class per row.

    Returns
    -------
    str

    Examples
    --------
    >>> html = render_table([{"city": "<b>Kayes</b>", "m3": 150.0}],
    ...                     [Column("city", "City"), Column("m3", "m³/day", "number")],
    ...                     table_id="t")
    >>> "&lt;b&gt;Kayes&lt;/b&gt;" in html and 'data-sort="150.0"' in html
    True
    """
    # Imported here: the templating module imports this one (esc, json_for_script).
    from supplychain.reports.templating import environment

    macros = environment().get_template("_macros.html.j2").module
    data = table_data(
        rows,
        columns,
        table_id=table_id,
        caption=caption,
        sortable=sortable,
        empty=empty,
        row_classes=row_classes,
    )
    return str(macros.table(data))  # type: ignore[attr-defined]
