"""Data shipped with the package (Natural Earth country shapes; see SOURCE.md)."""

__all__: list[str] = []
