"""The one error type ingest raises for bad input."""

from __future__ import annotations

import os


class IngestError(Exception):
    """Bad input, reported as one line naming the file: ``empty.txt: the file is empty``.

    Callers (CLI, service) print ``str(err)`` as is; no traceback is needed to understand it.
    """

    def __init__(self, source: str | os.PathLike[str], message: str) -> None:
        self.source = os.fspath(source)
        # one line, whatever the cause's text looked like
        self.message = " ".join(str(message).split())
        super().__init__(f"{os.path.basename(self.source) or self.source}: {self.message}")
