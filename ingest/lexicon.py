"""Reading the TSV data files under ``ingest/lexicons``.

Every lexicon is a tab-separated file whose ``#`` lines document the columns, so the
rules of the genre can be reviewed (and extended for a new city) without touching code.
They are read through importlib.resources so they ship inside the package.
"""

from __future__ import annotations

from importlib import resources


def rows(name: str, columns: int) -> list[tuple[str, ...]]:
    """The non-comment rows of ``lexicons/<name>``, padded/truncated to ``columns`` fields."""
    text = resources.files("ingest.lexicons").joinpath(name).read_text(encoding="utf-8")
    out: list[tuple[str, ...]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        fields += [""] * (columns - len(fields))
        out.append(tuple(fields[:columns]))
    return out
