"""JSON output without ``NaN`` or ``Infinity`` (strict JSON any parser reads).

Python's :mod:`json` writes ``NaN`` for a missing float by default, which strict parsers
(JavaScript's ``JSON.parse``, ``jq``, most other languages) reject: every JSON file the
command line writes goes through :func:`dumps`, which turns non-finite floats into ``null``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

import numpy as np

__all__: list[str] = []


def jsonable(value: Any) -> Any:
    """A copy of ``value`` that :func:`json.dumps` accepts without ``NaN`` or ``Infinity``.

    numpy scalars and arrays become Python numbers and lists, non-finite floats ``None``,
    tuples and sets lists, paths and dates strings, and mapping keys strings.

    Examples
    --------
    >>> jsonable({"a": (1, float("nan")), 2: np.float64(0.5)})
    {'a': [1, None], '2': 0.5}
    """
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | np.integer) and not isinstance(value, np.bool_):
        return int(value)
    if isinstance(value, float | np.floating):
        f = float(value)
        return f if math.isfinite(f) else None
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return [jsonable(v) for v in value.tolist()]
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    return str(value)


def dumps(value: Any, *, indent: int | None = 2) -> str:
    """Strict JSON text of ``value`` (see :func:`jsonable`), UTF-8 characters kept.

    Parameters
    ----------
    value : object
    indent : int or None, default 2

    Returns
    -------
    str

    Examples
    --------
    >>> dumps({"observed": float("nan"), "day": dt.date(2025, 9, 1)}, indent=None)
    '{"observed": null, "day": "2025-09-01"}'
    """
    return json.dumps(jsonable(value), indent=indent, ensure_ascii=False, allow_nan=False)
