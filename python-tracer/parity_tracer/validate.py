"""Checking a trace directory against docs/trace-format.md (version 1).

``validate_trace(dir)`` returns a ``Report`` with every problem found; each message names the entry or
file, what was expected and what was found. Conventions that are not rules (rng files under
``inputs/``) are reported as warnings.
"""

from __future__ import annotations

import ast
import json
import os
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import numpy as np

KINDS = ("in", "out", "rng", "final")
DTYPES = {"float16", "bfloat16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16",
          "uint32", "uint64", "bool", "float8_e4m3fn", "float8_e5m2"}
REQUIRED = ("name", "call", "kind", "arg", "file", "shape", "dtype")
_MAGIC = b"\x93NUMPY"


@dataclass
class Report:
    """Outcome of a validation: errors make the trace invalid, warnings do not."""
    path: Path
    entries: int = 0
    errors: List[str] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class NpyError(ValueError):
    """An unreadable or unsupported .npy header."""


def read_npy_header(path: Path) -> Tuple[np.dtype, Tuple[int, ...], bool, int]:
    """(dtype, shape, fortran_order, data offset) of a .npy file, versions 1.0, 2.0 and 3.0."""
    with open(path, "rb") as f:
        head = f.read(12)
        if len(head) < 10 or head[:6] != _MAGIC:
            raise NpyError("not a .npy file (magic string missing)")
        major, minor = head[6], head[7]
        if (major, minor) not in ((1, 0), (2, 0), (3, 0)):
            raise NpyError(f".npy version {major}.{minor} is not supported (1.0, 2.0, 3.0 are)")
        if major == 1:
            (length,), start = struct.unpack("<H", head[8:10]), 10
        else:
            (length,), start = struct.unpack("<I", head[8:12]), 12
        f.seek(start)
        text = f.read(length).decode("utf-8" if major == 3 else "latin1")
    return _parse_header(text) + (start + length,)


def _parse_header(text: str):
    try:
        header = ast.literal_eval(text.strip())
    except (ValueError, SyntaxError) as e:
        raise NpyError(f"header is not a Python literal: {e}") from None
    if not isinstance(header, dict) or set(header) != {"descr", "fortran_order", "shape"}:
        raise NpyError(f"header must have exactly descr, fortran_order, shape; found {header!r}")
    if not isinstance(header["descr"], str):
        raise NpyError(f"structured dtype {header['descr']!r} is not supported")
    dtype = np.dtype(header["descr"])
    if dtype.kind not in "biufc":
        raise NpyError(f"dtype {header['descr']!r} is not numeric or bool (object arrays and pickles are refused)")
    shape = header["shape"]
    if not isinstance(shape, tuple) or not all(isinstance(d, int) and d >= 0 for d in shape):
        raise NpyError(f"shape {shape!r} is not a tuple of non-negative integers")
    return dtype, shape, bool(header["fortran_order"])


def validate_trace(trace_dir) -> Report:
    """Validates ``trace_dir/manifest.json`` and every file it points at."""
    root = Path(trace_dir)
    report = Report(root)
    manifest = _load_manifest(root, report)
    if manifest is None:
        return report
    entries = manifest["entries"]
    report.entries = len(entries)
    seen: Dict[tuple, int] = {}
    for i, entry in enumerate(entries):
        where = f"entry {i}"
        if not isinstance(entry, dict):
            report.errors.append(f"{where}: expected an object, found {type(entry).__name__}")
            continue
        if _check_fields(entry, where, report):
            where = f"entry {i} ({entry['name']} call {entry['call']} {entry['kind']} arg {entry['arg']!r})"
            _check_identity(entry, i, where, seen, report)
            _check_file(root, entry, where, report)
            _check_conventions(entry, where, report)
    return report


def _load_manifest(root: Path, report: Report) -> Optional[Dict[str, Any]]:
    path = root / "manifest.json"
    if not path.is_file():
        report.errors.append(f"{path}: manifest.json not found")
        return None
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        report.errors.append(f"{path}: not valid JSON ({e})")
        return None
    if not isinstance(doc, dict):
        report.errors.append(f"{path}: expected a JSON object, found {type(doc).__name__}")
        return None
    if doc.get("format") != "parity-trace":
        report.errors.append(f"{path}: format must be 'parity-trace', found {doc.get('format')!r}")
    if doc.get("version") != 1:
        report.errors.append(f"{path}: version {doc.get('version')!r} is not supported (this reader knows 1)")
        return None
    if not isinstance(doc.get("entries"), list):
        report.errors.append(f"{path}: 'entries' must be an array, found {type(doc.get('entries')).__name__}")
        return None
    return doc


def _check_fields(entry: Dict[str, Any], where: str, report: Report) -> bool:
    before = len(report.errors)
    for key in REQUIRED:
        if key not in entry:
            report.errors.append(f"{where}: required field '{key}' is missing")
    if len(report.errors) > before:
        return False
    _expect(isinstance(entry["name"], str) and entry["name"], where, "name", "a non-empty string", entry, report)
    _expect(_is_int(entry["call"]) and entry["call"] >= 0, where, "call", "an integer >= 0", entry, report)
    _expect(entry["kind"] in KINDS, where, "kind", "one of " + "/".join(KINDS), entry, report)
    _expect(entry["arg"] is None or isinstance(entry["arg"], str), where, "arg", "a string or null", entry, report)
    _expect(isinstance(entry["file"], str), where, "file", "a string", entry, report)
    _expect(isinstance(entry["shape"], list) and all(_is_int(d) and d >= 0 for d in entry["shape"]),
            where, "shape", "an array of integers >= 0", entry, report)
    _expect(entry["dtype"] in DTYPES, where, "dtype", "a NumPy-style dtype name", entry, report)
    mtype = entry.get("module_type")
    _expect(mtype is None or isinstance(mtype, str), where, "module_type", "a string or null", entry, report)
    return len(report.errors) == before


def _expect(ok, where, key, expected, entry, report) -> None:
    if not ok:
        report.errors.append(f"{where}: '{key}' must be {expected}, found {entry.get(key)!r}")


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _check_identity(entry, index: int, where: str, seen: Dict[tuple, int], report: Report) -> None:
    key = (entry["name"], entry["call"], entry["kind"], entry["arg"])
    if key in seen:
        report.errors.append(f"{where}: duplicate identity (name, call, kind, arg); first used by entry {seen[key]}")
    else:
        seen[key] = index


def _check_file(root: Path, entry, where: str, report: Report) -> None:
    rel = entry["file"]
    if os.path.isabs(rel) or rel.startswith(("/", "\\")) or ".." in Path(rel).parts:
        report.errors.append(f"{where}: file '{rel}' must be a relative path inside the trace directory")
        return
    path = root / rel
    if not path.is_file():
        report.errors.append(f"{where}: file '{rel}' does not exist")
        return
    if root.resolve() not in path.resolve().parents:
        report.errors.append(f"{where}: file '{rel}' resolves outside the trace directory")
        return
    try:
        dtype, shape, _, offset = read_npy_header(path)
    except (NpyError, OSError, TypeError) as e:
        report.errors.append(f"{where}: file '{rel}': {e}")
        return
    if list(shape) != entry["shape"]:
        report.errors.append(f"{where}: file '{rel}' has shape {list(shape)}, the manifest says {entry['shape']}")
        return
    expected = offset + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    size = path.stat().st_size
    if size != expected:
        report.errors.append(f"{where}: file '{rel}' is {size} bytes, expected {expected} for {dtype} {list(shape)}")


def _check_conventions(entry, where: str, report: Report) -> None:
    if entry["kind"] == "rng" and not entry["file"].startswith("inputs/"):
        report.warnings.append(f"{where}: rng files conventionally live under inputs/, found '{entry['file']}'")
    if entry["kind"] == "rng" and not entry["name"].startswith("rng."):
        report.warnings.append(f"{where}: random draws are conventionally named rng.<...>")
    if entry["kind"] == "final" and not entry["name"].startswith("final."):
        report.warnings.append(f"{where}: final results are conventionally named final.<label>")
