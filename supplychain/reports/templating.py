"""The Jinja2 environment that renders the report's templates (``reports/templates/*.html.j2``).

* ``autoescape=True``: every ``{{ value }}`` is escaped unless it is a
  :class:`markupsafe.Markup`. The environment's ``finalize`` escapes with
  :func:`~supplychain.reports.markup.esc`, so entities are spelled as the report always spelled
  them (``&quot;``, ``&#x27;``) and ``None`` prints as nothing; what it returns is Markup, so
  nothing is escaped twice.
* ``undefined=StrictUndefined``: a variable a template uses but the data lacks raises
  :class:`jinja2.UndefinedError` instead of printing nothing.
* Line breaks in a template's *source*, with the indentation after them, are dropped when the
  template is loaded (the page has no whitespace between tags, as before the templates), so a
  template may be laid out on lines, but a tag or a run of text must not be broken across
  lines. Values are never touched.
* The filter ``json_script`` writes a value as JSON inside ``<script type="application/json">``
  through :func:`~supplychain.reports.markup.json_for_script`; ``num`` formats a number with
  :func:`~supplychain.reports.markup.fmt_number`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import jinja2
from jinja2.ext import Extension
from markupsafe import Markup

from supplychain.reports.markup import esc, fmt_number, json_for_script

__all__ = ["environment", "render"]

_LINE_BREAK = re.compile(r"\n[ \t]*")


class _DropLineBreaks(Extension):
    """Drop every line break of a template's source and the indentation that follows it."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return _LINE_BREAK.sub("", source)


def _finalize(value: Any) -> Any:
    if hasattr(value, "__html__"):  # Markup: already safe
        return value
    return Markup(esc(value))  # escaped here; Markup so autoescape leaves it as it is


def _json_script(value: Any) -> Markup:
    # Deliberately Markup: json_for_script writes <, >, &, U+2028 and U+2029 as \u escapes, so
    # the text cannot end the <script> element or open a comment, and JSON.parse reads the
    # element's text as it is. HTML-escaping it would corrupt the JSON.
    return Markup(json_for_script(value))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The report's Jinja2 environment (templates packaged with ``supplychain.reports``).

    Returns
    -------
    jinja2.Environment

    Examples
    --------
    >>> env = environment()
    >>> env.autoescape, env.undefined is jinja2.StrictUndefined
    (True, True)
    >>> env.from_string("<p>{{ x }}</p>").render(x='<b a="1">')
    '<p>&lt;b a=&quot;1&quot;&gt;</p>'
    """
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("supplychain.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        extensions=[_DropLineBreaks],
    )
    env.filters["json_script"] = _json_script
    env.filters["num"] = fmt_number
    return env


def render(name: str, data: Mapping[str, Any]) -> Markup:
    """Render the template ``name`` with ``data`` as its variables.

    Parameters
    ----------
    name : str
        e.g. ``"headline.html.j2"``.
    data : mapping
        Plain values (str, numbers, lists, dicts); strings are escaped when written.

    Returns
    -------
    markupsafe.Markup
        The HTML, safe to pass to another template.

    Raises
    ------
    jinja2.UndefinedError
        If the template uses a variable that ``data`` lacks.

    Examples
    --------
    >>> from supplychain.reports.markup import table_data
    >>> files = table_data([], [], table_id="table-files", empty="No <file>.")
    >>> print(render("provenance.html.j2", {"items": [{"key": "<k>", "value": None}], "files": files}))
    <section id="provenance"><h2>Provenance</h2><dl class="prov"><dt>&lt;k&gt;</dt><dd></dd></dl><h3>Input files</h3><p class="empty" id="table-files">No &lt;file&gt;.</p></section>
    >>> render("provenance.html.j2", {"items": []})
    Traceback (most recent call last):
    ...
    jinja2.exceptions.UndefinedError: 'files' is undefined
    """
    return Markup(environment().get_template(name).render(data))
