"""Resumable sweep output: results written chunk by chunk, refused when the run differs.

A sweep writing ``reports/NAME.parquet`` keeps its finished chunks in ``reports/NAME.parquet.parts/``
(one Parquet file per chunk, each written to a temporary file and renamed, so a chunk is
either complete or absent even after ``kill -9``) with a ``run.json`` holding the run's
fingerprint (network, parameters, scenario, sweep settings, seed). Re-running with the same
output path skips finished chunks; a different fingerprint is refused.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

import pandas as pd

from supplychain._atomic import _atomic_path
from supplychain.errors import DataFileError, ParameterError

__all__ = ["ChunkStore"]

logger = logging.getLogger(__name__)


class ChunkStore:
    """Chunk files of one sweep run beside its final output.

    Parameters
    ----------
    out : str or Path
        The sweep's final Parquet file; chunks live in ``<out>.parts/``.
    fingerprint : str
        Identifies the run; chunks of another fingerprint are never mixed in.
    meta : dict, optional
        Readable description of the run stored with the fingerprint.

    Raises
    ------
    ParameterError
        If ``<out>.parts`` holds chunks of a different run.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "n1.parquet"
    >>> store = ChunkStore(out, "abc")
    >>> store.write(0, pd.DataFrame({"x": [1]}))
    >>> store.done()
    {0}
    >>> ChunkStore(out, "abc").done()
    {0}
    """

    def __init__(self, out: str | Path, fingerprint: str, meta: dict[str, Any] | None = None) -> None:
        self.out = Path(out)
        self.parts = self.out.with_name(self.out.name + ".parts")
        self.fingerprint = fingerprint
        run_file = self.parts / "run.json"
        if run_file.is_file():
            try:
                stored = json.loads(run_file.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise DataFileError(
                    f"'{run_file}' is unreadable ({exc}); delete '{self.parts}' to start over."
                ) from exc
            if stored.get("fingerprint") != fingerprint:
                raise ParameterError(
                    f"'{self.parts}' holds chunks of a different run (network, parameters, "
                    f"scenario, settings or seed differ: {stored.get('meta', {})}); use another "
                    f"--out or delete '{self.parts}' to start over."
                )
        else:
            self.parts.mkdir(parents=True, exist_ok=True)
            with _atomic_path(run_file) as tmp:
                tmp.write_text(json.dumps({"fingerprint": fingerprint, "meta": meta or {}}, indent=2,
                                          default=str), encoding="utf-8")  # fmt: skip

    def _chunk_path(self, index: int) -> Path:
        return self.parts / f"chunk-{index:06d}.parquet"

    def done(self) -> set[int]:
        """Indices of the finished chunks."""
        return {int(p.stem.split("-")[1]) for p in self.parts.glob("chunk-*.parquet")}

    def write(self, index: int, frame: pd.DataFrame) -> None:
        """Write one finished chunk atomically."""
        with _atomic_path(self._chunk_path(index)) as tmp:
            frame.to_parquet(tmp, index=False)

    def read_all(self) -> pd.DataFrame:
        """All finished chunks in chunk order."""
        frames = [pd.read_parquet(self._chunk_path(i)) for i in sorted(self.done())]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def finish(self, frame: pd.DataFrame, *, csv: bool = False, summary: dict[str, Any] | None = None) -> Path:
        """Write the final table (and CSV and JSON summary), then remove the chunk folder.

        Parameters
        ----------
        frame : pandas.DataFrame
            The assembled result.
        csv : bool
            Also write ``<out>.csv``.
        summary : dict, optional
            Written as ``<out without suffix>.json``.

        Returns
        -------
        Path
            The Parquet file.
        """
        with _atomic_path(self.out) as tmp:
            frame.to_parquet(tmp, index=False)
        if csv:
            with _atomic_path(self.out.with_suffix(".csv")) as tmp:
                frame.to_csv(tmp, index=False)
        if summary is not None:
            with _atomic_path(self.out.with_suffix(".json")) as tmp:
                tmp.write_text(json.dumps(summary, indent=2, ensure_ascii=False, default=str),
                               encoding="utf-8")  # fmt: skip
        shutil.rmtree(self.parts, ignore_errors=True)
        logger.info("Wrote %s (%d rows)", self.out, len(frame))
        return self.out
