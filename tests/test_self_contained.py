"""A clone with nothing beside it passes its tests: required tests read only files in the repo.

``.ci/run`` runs the suite in a clean clone in an empty directory; here the audit-hook guard of
``tests/conftest.py`` is checked to catch a read under ``../shared``, and every real-data file in
``tests/data/real`` is checked to be documented in its SOURCE.md.
"""

from __future__ import annotations

import pytest

from .conftest import REAL, REPO, SHARED


@pytest.mark.reads_shared_on_purpose
def test_guard_records_a_read_under_shared(_no_shared_reads: list[str]) -> None:
    probe = SHARED / "data" / "probe-that-does-not-exist.csv"
    with pytest.raises(OSError):
        probe.open(encoding="utf-8")  # the audit event fires before the open fails
    assert _no_shared_reads and _no_shared_reads[-1].endswith("probe-that-does-not-exist.csv")
    _no_shared_reads.clear()  # the guard would fail this test otherwise


def test_reads_inside_the_repository_are_not_recorded(_no_shared_reads: list[str]) -> None:
    (REPO / "README.md").read_text(encoding="utf-8")
    assert _no_shared_reads == []


def test_every_real_data_file_is_documented() -> None:
    source = (REAL / "SOURCE.md").read_text(encoding="utf-8")
    files = sorted(p.name for p in REAL.iterdir() if p.name != "SOURCE.md")
    assert files, "tests/data/real is empty"
    missing = [name for name in files if f"`{name}`" not in source]
    assert not missing, f"tests/data/real/SOURCE.md does not describe {missing}"
    for word in ("Licence", "Attribution", "Origin"):
        assert word in source


def test_ci_runs_in_a_clean_clone_without_shared() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "git clone" in ci and "unset SUPPLYCHAIN_SHARED" in ci and "test ! -e ../shared" in ci
