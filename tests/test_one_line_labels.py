"""Names and labels read from threat, timeline and scenario files are one line each: they are
printed in the commands' text and warnings, where a line break started a line of its own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from supplychain.errors import SupplyChainError
from supplychain.models.scenario import load_scenario
from supplychain.scenarios.threats import load_threat

REPO = Path(__file__).resolve().parents[1]
RATES = REPO / "models" / "threat-attacks-2025-26.toml"


CASES = [
    # fuzz24: an attack labelled "x\nerror: fake" printed a line starting "error:" beside exit 0
    # (the warning then quoted labels with repr); labels and names are now one line each.
    (load_threat, f'inherits = "{RATES.as_posix()}"\n[[event]]\ntype = "attack"\nlabel = "x\\nerror: fake"\n'
     'date = 2025-09-12\nbbox = [-8.38, 12.80, -7.95, 13.05]\ntankers_destroyed = 30\n',
     r"key 'event\[0\]\.label': 'x\\nerror: fake' holds a line break"),
    (load_threat, 'name = "t"\n[[rule]]\nlabel = "a\\rb"\nref = "RN1"\nclosed = true\n',
     r"key 'rule\[0\]\.label': 'a\\rb' holds a line break"),
    (load_threat, 'name = "t\\nerror: x"\n[[rule]]\nref = "RN1"\nclosed = true\n',
     r"key 'name': 't\\nerror: x' holds a line break"),
    (load_scenario, 'name = "s\\nerror: x"\n[[segment]]\nid = "RN1:a"\nclosed = true\n',
     r"key 'name': 's\\nerror: x' holds a line break"),
]  # fmt: skip


@pytest.mark.parametrize(("load", "text", "message"), CASES)
def test_a_label_with_a_line_break_is_refused_where_it_is_read(tmp_path: Path, load: Callable[[Path], object],
                                                                text: str, message: str) -> None:  # fmt: skip
    path = tmp_path / "f.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SupplyChainError, match=message):
        load(path)


def test_a_tab_is_kept() -> None:
    from supplychain._toml import one_line_problem

    assert one_line_problem("Kayes\taxis") is None and one_line_problem("a\u2028b") is not None
