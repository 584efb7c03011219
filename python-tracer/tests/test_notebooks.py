"""The notebooks in <repo>/notebooks execute headless on traces written here and on a real Java report."""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from parity_tracer import demo
from test_java_interop import parity

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"

pytestmark = pytest.mark.skipif(importlib.util.find_spec("nbconvert") is None, reason="nbconvert not installed")


def execute(notebook: str, out_dir: Path, **env) -> dict:
    """Runs one notebook with nbconvert (kernel python3) and returns the executed notebook."""
    result = subprocess.run(
        [sys.executable, "-m", "nbconvert", "--to", "notebook", "--execute", "--output-dir", str(out_dir),
         str(NOTEBOOKS / notebook)],
        env={**os.environ, **env}, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads((out_dir / notebook).read_text())


def text_output(nb: dict) -> str:
    return "".join("".join(o.get("text", "")) for c in nb["cells"] if c["cell_type"] == "code"
                   for o in c.get("outputs", []))


def images(nb: dict) -> int:
    return sum("image/png" in o.get("data", {}) for c in nb["cells"] for o in c.get("outputs", []))


def test_explore_trace_on_a_demo_trace(demo_trace, tmp_path):
    nb = execute("explore_trace.ipynb", tmp_path, PARITY_TRACE=str(demo_trace))
    text = text_output(nb)
    assert "flow.decoder.estimator: 10 recorded calls" in text
    assert "final.mel: shape [1, 8, 12]" in text
    assert images(nb) == 3


def test_explore_trace_on_the_reference_dump(reference_dump, tmp_path):
    nb = execute("explore_trace.ipynb", tmp_path, PARITY_TRACE=str(reference_dump))
    assert "final.mel: shape [1, 80, 16]" in text_output(nb)


def test_compare_report_on_a_real_report(tmp_path):
    demo.trace(tmp_path / "ref", seed=1)
    demo.trace(tmp_path / "cand", seed=1, parameter="flow.decoder.estimator.out.weight", delta=0.02)
    result = parity("compare", tmp_path / "ref", tmp_path / "cand", "--report", tmp_path / "report.json")
    assert result.returncode == 1, result.stdout + result.stderr
    nb = execute("compare_report.ipynb", tmp_path, PARITY_REPORT=str(tmp_path / "report.json"))
    text = text_output(nb)
    assert "first divergence: flow.decoder.estimator.out #0 out" in text
    assert images(nb) == 3  # error by layer, first divergence tensors, per-step view
