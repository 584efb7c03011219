"""Seeing every random draw of a run, and replacing draws with the ones a trace recorded.

``RandomPatch`` temporarily replaces torch's sampling functions (``torch.randn``, ``rand``, ``randn_like``,
``rand_like``, ...), the in-place samplers (``Tensor.normal_``, ``uniform_``, ...) and the ``sample`` /
``rsample`` methods of ``torch.distributions`` with wrappers. A draw made inside another draw
(``Uniform.sample`` calls ``torch.rand``) counts once, under the outermost name. Code that imported a
sampler by name before the patch (``from torch import randn``) is not seen.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, List, Optional

import numpy as np
import torch
import torch.distributions as distributions

from .arrays import dtype_name, to_tensor

TORCH_FUNCTIONS = ("randn", "rand", "randn_like", "rand_like", "normal", "randint", "randint_like",
                   "bernoulli", "multinomial", "randperm", "poisson")
TENSOR_METHODS = ("normal_", "uniform_", "bernoulli_", "exponential_", "geometric_", "cauchy_",
                  "log_normal_", "random_")
DISTRIBUTION_METHODS = ("sample", "rsample")


@dataclass
class Draw:
    """One random draw as the patch sees it; a handler may replace ``value``."""
    index: int
    function: str
    value: torch.Tensor
    where: Optional[str]


class RandomPatch:
    """Context manager that routes every draw through ``handler(draw) -> tensor``."""

    def __init__(self, handler: Callable[[Draw], torch.Tensor], where: Callable[[], Optional[str]] = None):
        self.handler = handler
        self.where = where or (lambda: None)
        self.count = 0
        self._depth = 0
        self._saved: List[tuple] = []

    def __enter__(self):
        try:
            for name in TORCH_FUNCTIONS:
                if hasattr(torch, name):
                    self._patch(torch, name, in_place=False)
            for name in TENSOR_METHODS:
                if hasattr(torch.Tensor, name):
                    self._patch(torch.Tensor, name, in_place=True)
            for cls in _distribution_classes():
                for name in DISTRIBUTION_METHODS:
                    if name in cls.__dict__:
                        self._patch(cls, name, in_place=False)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        while self._saved:
            owner, name, had_own, original = self._saved.pop()
            if had_own:
                setattr(owner, name, original)
            else:
                delattr(owner, name)
        return False

    def _patch(self, owner, name: str, in_place: bool) -> None:
        had_own = name in vars(owner)
        original = getattr(owner, name)
        self._saved.append((owner, name, had_own, vars(owner).get(name)))
        setattr(owner, name, self._wrapper(original, name, in_place))

    def _wrapper(self, original, name: str, in_place: bool):
        patch = self

        def sampler(*args, **kwargs):
            if patch._depth > 0:
                return original(*args, **kwargs)
            patch._depth += 1
            try:
                fresh = original(*args, **kwargs)
            finally:
                patch._depth -= 1
            return patch._dispatch(name, fresh, in_place or kwargs.get("out") is fresh)

        sampler.__name__ = name
        sampler.__wrapped__ = original
        return sampler

    def _dispatch(self, name: str, fresh, in_place: bool):
        if not isinstance(fresh, torch.Tensor):
            return fresh
        draw = Draw(self.count, name, fresh, self.where())
        self.count += 1
        value = self.handler(draw)
        if value is fresh:
            return fresh
        if in_place:
            with torch.no_grad():
                fresh.copy_(value)
            return fresh
        return value


def _distribution_classes():
    for obj in vars(distributions).values():
        if isinstance(obj, type) and issubclass(obj, distributions.Distribution):
            yield obj


class RngExhaustedError(RuntimeError):
    """The run drew more random tensors than the trace holds."""


class RngMismatchError(RuntimeError):
    """A draw's shape or dtype differs from the trace entry that should replace it."""


class RngReplay:
    """The ``rng`` entries of a trace, handed out in draw order with shape and dtype checks."""

    def __init__(self, trace_dir, match: Optional[str] = None):
        self.dir = Path(trace_dir)
        manifest = json.loads((self.dir / "manifest.json").read_text(encoding="utf-8"))
        pattern = re.compile(match) if match else None
        self.entries = [e for e in manifest["entries"] if e["kind"] == "rng"
                        and (pattern is None or pattern.search(f"{e['name']} {e.get('arg') or ''}"))]
        self.position = 0

    @property
    def remaining(self) -> int:
        return len(self.entries) - self.position

    def __call__(self, draw: Draw) -> torch.Tensor:
        if self.position >= len(self.entries):
            raise RngExhaustedError(
                f"draw #{draw.index} ({_describe(draw)}, {dtype_name(draw.value.dtype)} "
                f"{list(draw.value.shape)}) has nothing to inject: {self.dir} holds only "
                f"{len(self.entries)} rng entries")
        entry = self.entries[self.position]
        self._check(entry, draw)
        self.position += 1
        return to_tensor(np.load(self.dir / entry["file"], allow_pickle=False), entry["dtype"], draw.value)

    def _check(self, entry, draw: Draw) -> None:
        shape, dtype = list(draw.value.shape), dtype_name(draw.value.dtype)
        if entry["shape"] != shape or entry["dtype"] != dtype:
            raise RngMismatchError(
                f"draw #{draw.index} ({_describe(draw)}) is {dtype} {shape}, but the next rng entry of "
                f"{self.dir} ({entry['name']} call {entry['call']} arg {entry.get('arg')!r}, {entry['file']}) "
                f"is {entry['dtype']} {entry['shape']}")


def _describe(draw: Draw) -> str:
    where = f" inside {draw.where}" if draw.where else ""
    return f"{draw.function}{where}"


class RngInjector:
    """Re-runs code with a trace's random draws in place of fresh ones.

    >>> with RngInjector("ref-trace"):
    ...     model(x)

    ``match`` (a regex searched in ``"<name> <arg>"``) selects which rng entries are used, so one stage of a
    model can be fed from a trace of the whole run. ``strict`` (default) raises at exit if entries are left.
    """

    def __init__(self, trace_dir, match: Optional[str] = None, strict: bool = True):
        self.replay = RngReplay(trace_dir, match)
        self.strict = strict
        self._patch = RandomPatch(self.replay)

    def __enter__(self):
        self._patch.__enter__()
        return self

    def __exit__(self, exc_type, exc, tb):
        self._patch.__exit__(exc_type, exc, tb)
        if exc_type is None and self.strict and self.replay.remaining:
            raise RngMismatchError(f"the run made {self.replay.position} draws but {self.replay.dir} holds "
                                   f"{len(self.replay.entries)} rng entries; {self.replay.remaining} were not used")
        return False
