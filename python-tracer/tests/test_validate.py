"""The validator and ``python -m parity_tracer validate``: the reference dump passes, broken copies fail."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from parity_tracer import validate_trace
from parity_tracer.validate import read_npy_header

PACKAGE_DIR = Path(__file__).resolve().parents[1]


@pytest.fixture
def broken(tmp_path, demo_trace):
    """A writable copy of the demo trace and a helper to edit its manifest."""
    copy = tmp_path / "copy"
    shutil.copytree(demo_trace, copy)

    def edit(change):
        path = copy / "manifest.json"
        doc = json.loads(path.read_text())
        change(doc)
        path.write_text(json.dumps(doc))
        return validate_trace(copy)

    edit.dir = copy
    return edit


def test_reference_dump_is_valid(reference_dump):
    report = validate_trace(reference_dump)
    assert report.errors == []
    assert report.entries == len(json.loads((reference_dump / "manifest.json").read_text())["entries"])


def test_unknown_version_is_refused(broken):
    report = broken(lambda d: d.update(version=2))
    assert any("version 2 is not supported" in e for e in report.errors)


def test_wrong_format(broken):
    assert any("format must be 'parity-trace'" in e for e in broken(lambda d: d.update(format="x")).errors)


def test_duplicate_identity(broken):
    report = broken(lambda d: d["entries"].append(dict(d["entries"][3])))
    assert any("duplicate identity" in e and "first used by entry 3" in e for e in report.errors)


def test_missing_required_field(broken):
    report = broken(lambda d: d["entries"][0].pop("arg"))
    assert report.errors == ["entry 0: required field 'arg' is missing"]


def test_bad_field_values(broken):
    def change(d):
        d["entries"][0].update(kind="weights", call=-1, dtype="float33", shape=[1, "x"])
    report = broken(change)
    text = "\n".join(report.errors)
    for key in ("kind", "call", "dtype", "shape"):
        assert f"'{key}' must be" in text


def test_shape_disagreeing_with_the_file(broken):
    report = broken(lambda d: d["entries"][0].update(shape=[12, 1]))
    assert report.errors == [report.errors[0]] and "has shape [1, 12], the manifest says [12, 1]" in report.errors[0]


@pytest.mark.parametrize("path", ["/etc/passwd", "../outside.npy", "tensors/../../x.npy"])
def test_file_outside_the_trace(broken, path):
    report = broken(lambda d: d["entries"][0].update(file=path))
    assert any("must be a relative path inside" in e for e in report.errors)


def test_missing_file(broken):
    report = broken(lambda d: d["entries"][0].update(file="tensors/nope.npy"))
    assert any("does not exist" in e for e in report.errors)


def test_object_array_is_refused(broken):
    np.save(broken.dir / "tensors" / "obj.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    report = broken(lambda d: d["entries"][0].update(file="tensors/obj.npy", shape=[1]))
    assert any("not numeric or bool" in e for e in report.errors)


def test_truncated_file(broken):
    rel = json.loads((broken.dir / "manifest.json").read_text())["entries"][2]["file"]
    data = (broken.dir / rel).read_bytes()
    (broken.dir / rel).write_bytes(data[:-4])
    report = validate_trace(broken.dir)
    assert len(report.errors) == 1 and "bytes, expected" in report.errors[0]


def test_npy_versions_and_fortran_order(tmp_path):
    a = np.asfortranarray(np.arange(6, dtype=">f8").reshape(2, 3))
    for version in ((1, 0), (2, 0), (3, 0)):
        path = tmp_path / f"v{version[0]}.npy"
        with open(path, "wb") as f:
            np.lib.format.write_array(f, a, version=version)
        dtype, shape, fortran, _ = read_npy_header(path)
        assert (dtype, shape, fortran) == (np.dtype(">f8"), (2, 3), True)


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "parity_tracer", *map(str, args)], cwd=PACKAGE_DIR,
                          capture_output=True, text=True, timeout=300)


def test_cli_validate_exit_codes(broken, demo_trace):
    ok = run_cli("validate", demo_trace)
    assert ok.returncode == 0 and "entries, valid" in ok.stdout
    broken(lambda d: d["entries"][0].update(shape=[5]))
    bad = run_cli("validate", broken.dir)
    assert bad.returncode == 1 and "INVALID (1 errors)" in bad.stdout


def test_cli_demo_writes_a_valid_trace(tmp_path):
    result = run_cli("demo", tmp_path / "d", "--max-calls", "1")
    assert result.returncode == 0, result.stderr
    assert validate_trace(tmp_path / "d").ok
