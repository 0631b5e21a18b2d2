"""The models' switches read from the environment (``SUPPLYCHAIN_TIMELINE_CROSSOVER``,
``_POLISH``, ``_PLACE_CLOCKS``, ``_MIP_START``, ``SUPPLYCHAIN_PRICING_WARM``), set by the
benchmarks to compare a method with its alternative: one reader, so that each takes the same
words and a value it does not know is said, not read as unset in silence (fuzz29:
``SUPPLYCHAIN_TIMELINE_CROSSOVER=maybe``)."""

from __future__ import annotations

import logging
import os

__all__ = ["env_switch"]

logger = logging.getLogger(__name__)

_ON = ("1", "on", "true", "yes")
_OFF = ("0", "off", "false", "no")
#: (variable, value) pairs already warned about: one warning per process, not one per model.
_WARNED: set[tuple[str, str]] = set()


def env_switch(name: str) -> bool | None:
    """Whether the environment variable ``name`` turns its switch on or off, or leaves it to
    the default.

    Parameters
    ----------
    name : str
        The variable, e.g. ``"SUPPLYCHAIN_TIMELINE_CROSSOVER"``.

    Returns
    -------
    bool or None
        True for ``1``, ``on``, ``true``, ``yes``; False for ``0``, ``off``, ``false``, ``no``
        (any case, spaces around ignored); None when unset or empty, and for any other value,
        which is logged once as a warning naming the variable and the words it takes.

    Examples
    --------
    >>> import os
    >>> os.environ["SUPPLYCHAIN_EXAMPLE_SWITCH"] = " Off "
    >>> env_switch("SUPPLYCHAIN_EXAMPLE_SWITCH")
    False
    >>> os.environ["SUPPLYCHAIN_EXAMPLE_SWITCH"] = "maybe"
    >>> env_switch("SUPPLYCHAIN_EXAMPLE_SWITCH") is None
    True
    >>> del os.environ["SUPPLYCHAIN_EXAMPLE_SWITCH"]
    >>> env_switch("SUPPLYCHAIN_EXAMPLE_SWITCH") is None
    True
    """
    value = os.environ.get(name, "").strip().lower()
    if value in _ON:
        return True
    if value in _OFF:
        return False
    if value and (name, value) not in _WARNED:
        _WARNED.add((name, value))
        logger.warning("%s=%s is neither on (%s) nor off (%s); left at its default", name,
                       os.environ.get(name, "").strip(), "/".join(_ON), "/".join(_OFF))  # fmt: skip
    return None
