"""Shared fixtures: real parsers, real stores in temporary folders, no mocks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "ingest" / "samples"
GOLD = REPO / "tests" / "fixtures" / "gold"
_SCRIPT = Path(sys.executable).parent / "dutygraph"
DUTYGRAPH = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "api"]


@pytest.fixture(scope="session")
def parser():
    from ingest import DocumentParser

    return DocumentParser()


@pytest.fixture(scope="session")
def parsed_samples(parser):
    return [parser.parse_file(p) for p in sorted(SAMPLES.glob("*.txt"))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(*args: str, db: Path | None = None, check: bool = False, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the real `dutygraph` command in a child process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUTYGRAPH_")}
    if db is not None:
        env["DUTYGRAPH_DB"] = str(db)
    env["COLUMNS"] = "200"
    result = subprocess.run(
        [*DUTYGRAPH, *args], capture_output=True, text=True, env=env, cwd=REPO, timeout=timeout
    )
    if check and result.returncode != 0:
        raise AssertionError(f"dutygraph {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
    return result


def wait_for_http(url: str, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {timeout}s")
