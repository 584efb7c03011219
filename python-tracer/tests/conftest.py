"""Shared fixtures: demo traces and the location of the bundled reference dump."""

from pathlib import Path

import pytest

from parity_tracer import demo

REPO = Path(__file__).resolve().parents[2]
DUMP_CANDIDATES = (REPO / "reference-dumps" / "s3gen-small-seed1",)


@pytest.fixture(scope="session")
def reference_dump() -> Path:
    """The bundled S3Gen reference dump (written by the upstream code, not by this package)."""
    for path in DUMP_CANDIDATES:
        if (path / "manifest.json").is_file():
            return path
    pytest.skip("reference dump s3gen-small-seed1 not found in " + ", ".join(map(str, DUMP_CANDIDATES)))


@pytest.fixture(scope="session")
def demo_trace(tmp_path_factory) -> Path:
    """A trace of the demo model with seed 1 and default settings (shared, read-only)."""
    out = tmp_path_factory.mktemp("demo") / "trace"
    demo.trace(out, seed=1)
    return out
