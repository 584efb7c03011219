"""Writing a trace directory: .npy files and an atomically replaced manifest.json."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional

import numpy as np

FORMAT = "parity-trace"
VERSION = 1
MANIFEST = "manifest.json"
_OWNED_DIRS = ("tensors", "inputs")


def write_json_atomic(path: Path, payload: Any) -> None:
    """Writes JSON to a temporary file in the same directory, then renames it over ``path``."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(payload, f, indent=1, allow_nan=False)
            f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


class TraceWriter:
    """Owns one trace directory: saves arrays, keeps the entry list, writes the manifest."""

    def __init__(self, out_dir, producer: Dict[str, Any], overwrite: bool = False):
        self.dir = Path(out_dir)
        self.producer = producer
        self.entries: List[Dict[str, Any]] = []
        self.extra: Dict[str, Any] = {}
        self.note = "entries in execution order; 'in' recorded on entry, 'out' on return"
        self._files: set = set()
        self._prepare(overwrite)

    def _prepare(self, overwrite: bool) -> None:
        manifest = self.dir / MANIFEST
        if manifest.exists():
            if not overwrite:
                raise FileExistsError(f"{manifest} already exists; pass overwrite=True (--overwrite) "
                                      "to replace the trace")
            manifest.unlink()
            for sub in _OWNED_DIRS:
                shutil.rmtree(self.dir / sub, ignore_errors=True)
        for sub in _OWNED_DIRS:
            (self.dir / sub).mkdir(parents=True, exist_ok=True)

    def add(self, entry: Dict[str, Any], array: np.ndarray) -> Dict[str, Any]:
        """Saves ``array`` at ``entry['file']`` (made unique if taken) and appends the entry."""
        entry["file"] = self._unique(entry["file"])
        np.save(self.dir / entry["file"], array, allow_pickle=False)
        self.entries.append(entry)
        return entry

    def _unique(self, rel: str) -> str:
        candidate, n = rel, 1
        while candidate in self._files:
            candidate = rel[: -len(".npy")] + f"~{n}.npy"
            n += 1
        self._files.add(candidate)
        return candidate

    def manifest(self) -> Dict[str, Any]:
        # every manifest written before fail() ran (at the start, periodic flushes) says the run is not over,
        # so a killed run leaves "complete": false (see docs/trace-format.md, Completion)
        doc = {"format": FORMAT, "version": VERSION, "complete": False, "producer": self.producer,
               "note": self.note}
        doc.update(self.extra)
        doc["entries"] = self.entries
        return doc

    def flush(self) -> Path:
        """Writes manifest.json atomically; readers never see a half-written index."""
        path = self.dir / MANIFEST
        write_json_atomic(path, self.manifest())
        return path

    def fail(self, exc: Optional[BaseException]) -> None:
        """Marks the trace as cut short by ``exc`` (the entries before the failure stay valid)."""
        if exc is None:
            self.extra["complete"] = True
            return
        self.extra["complete"] = False
        self.extra["error"] = {"type": type(exc).__name__, "message": str(exc),
                               "entries_before_failure": len(self.entries)}
        self.note += f"; the run failed with {type(exc).__name__}: {exc} (entries up to the failure are kept)"
