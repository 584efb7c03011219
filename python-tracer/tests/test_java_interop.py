"""Traces written here are read by the Java tool: ``<repo>/parity compare REF CAND``.

Contract relied on (parity CLI): exit code 0 and a line ``N passed, 0 failed`` when the traces agree;
exit code 1 and a line starting ``First divergence: <name> call <n>`` when they do not; ``--report FILE``
writes the JSON report (schema ``parity-compare-report`` version 1).

Skipped when the launcher does not exist; set PARITY_REQUIRE_INTEROP=1 to turn the skip into a failure.
"""

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from parity_tracer import demo

REPO = Path(__file__).resolve().parents[2]
LAUNCHER = REPO / "parity"
PERTURBED = "encoder.layers.1.fc2"


def parity(*args, timeout=1800):
    """Runs the launcher (it builds the jar on first use, hence the long timeout)."""
    if not LAUNCHER.is_file():
        message = f"Java launcher {LAUNCHER} not found"
        if os.environ.get("PARITY_REQUIRE_INTEROP") == "1":
            pytest.fail(message)
        pytest.skip(message + " (set PARITY_REQUIRE_INTEROP=1 to make this a failure)")
    command = [str(LAUNCHER)] if os.access(LAUNCHER, os.X_OK) else ["bash", str(LAUNCHER)]
    return subprocess.run(command + [str(a) for a in args], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def traces(tmp_path_factory):
    """Reference and candidate with the same seed, and a candidate with one weight changed."""
    root = tmp_path_factory.mktemp("interop")
    demo.trace(root / "ref", seed=1)
    demo.trace(root / "same", seed=1)
    demo.trace(root / "changed", seed=1, parameter=PERTURBED + ".weight", delta=0.5)
    return root


def describe(result):
    return f"exit {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"


def test_identical_runs_pass(traces):
    result = parity("compare", traces / "ref", traces / "same")
    assert result.returncode == 0, describe(result)
    match = re.search(r"^\s*(\d+) passed, 0 failed\b", result.stdout, re.M)
    assert match, describe(result)
    n_entries = len(json.loads((traces / "ref" / "manifest.json").read_text())["entries"])
    assert 0 < int(match.group(1)) <= n_entries


def test_changed_weight_is_the_first_divergence(traces):
    result = parity("compare", traces / "ref", traces / "changed")
    assert result.returncode == 1, describe(result)
    match = re.search(r"^First divergence: (\S+) call (\d+)", result.stdout, re.M)
    assert match, describe(result)
    assert (match.group(1), match.group(2)) == (PERTURBED, "0"), describe(result)


def test_json_report_names_the_divergence(traces, tmp_path):
    report_path = tmp_path / "report.json"
    result = parity("compare", traces / "ref", traces / "changed", "--report", report_path)
    assert result.returncode == 1, describe(result)
    report = json.loads(report_path.read_text())
    assert (report["schema"], report["version"]) == ("parity-compare-report", 1)
    first = report["summary"]["first_divergence"]
    assert (first["name"], first["call"]) == (PERTURBED, 0)
    steps = {e["step"] for e in report["entries"] if e["name"].startswith("flow.decoder.estimator")}
    assert steps == set(range(10))
