"""Seeing every random draw of a run, and replacing draws with the ones a trace recorded.

``RandomPatch`` temporarily replaces torch's sampling functions (``torch.randn``, ``rand``, ``randn_like``,
``rand_like``, ...), the in-place samplers (``Tensor.normal_``, ``uniform_``, ...) and the ``sample`` /
``rsample`` methods of ``torch.distributions`` with wrappers. A draw made inside another draw
(``Uniform.sample`` calls ``torch.rand``) counts once, under the outermost name. Code that imported a
sampler by name before the patch (``from torch import randn``) is not seen.

With ``multinomial_noise``, ``torch.multinomial(p, 1)`` on CPU is drawn the way torch itself draws it,
``argmax(p / q)`` with ``q = empty_like(p).exponential_(1)`` from the global generator (same stream, same token),
and reported as two parts of one draw: the noise ``exponential_q`` and the ``sampled_token``. A replay can then
inject the noise (the token follows from the run's own probabilities) and, optionally, force the token.
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
#: the two parts of a multinomial draw recorded as its noise (``multinomial_noise``)
NOISE_PART = "exponential_q"
TOKEN_PART = "sampled_token"


@dataclass
class Draw:
    """One random draw as the patch sees it; a handler may replace ``value``. ``part`` names one of several
    tensors of a single draw (``exponential_q`` / ``sampled_token`` of a multinomial), else None."""
    index: int
    function: str
    value: torch.Tensor
    where: Optional[str]
    part: Optional[str] = None


class RandomPatch:
    """Context manager that routes every draw through ``handler(draw) -> tensor``."""

    def __init__(self, handler: Callable[[Draw], torch.Tensor], where: Callable[[], Optional[str]] = None,
                 multinomial_noise: bool = False):
        self.handler = handler
        self.where = where or (lambda: None)
        self.multinomial_noise = multinomial_noise
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
            if name == "multinomial" and patch.multinomial_noise:
                probs = _noise_multinomial_input(args, kwargs)
                if probs is not None:
                    return patch._multinomial_by_noise(probs)
            patch._depth += 1
            try:
                fresh = original(*args, **kwargs)
            finally:
                patch._depth -= 1
            return patch._dispatch(name, fresh, in_place or kwargs.get("out") is fresh)

        sampler.__name__ = name
        sampler.__wrapped__ = original
        return sampler

    def _multinomial_by_noise(self, probs: torch.Tensor) -> torch.Tensor:
        """torch's own CPU algorithm for one sample: argmax(p / q), q ~ Exp(1) drawn like ``exponential_``."""
        self._depth += 1
        try:
            q = torch.empty_like(probs).exponential_(1)
        finally:
            self._depth -= 1
        index, where = self.count, self.where()
        self.count += 1
        q = self.handler(Draw(index, "multinomial", q, where, NOISE_PART))
        token = torch.argmax(probs / q, dim=-1, keepdim=True)
        return self.handler(Draw(index, "multinomial", token, where, TOKEN_PART))

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


def _noise_multinomial_input(args, kwargs) -> Optional[torch.Tensor]:
    """The probabilities of a ``torch.multinomial`` call that draws one sample on CPU from the global generator,
    else None (other calls keep torch's own path and are recorded as a token only)."""
    names = ("input", "num_samples", "replacement")
    bound = dict(zip(names, args))
    bound.update({k: v for k, v in kwargs.items() if k in names})
    other = set(kwargs) - set(names)
    probs = bound.get("input")
    if other or len(args) > 3 or not isinstance(probs, torch.Tensor) or probs.device.type != "cpu":
        return None
    return probs if bound.get("num_samples") == 1 and probs.dim() in (1, 2) else None


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

    def __init__(self, trace_dir, match: Optional[str] = None, force_tokens: bool = False):
        self.dir = Path(trace_dir)
        self.force_tokens = force_tokens
        manifest = json.loads((self.dir / "manifest.json").read_text(encoding="utf-8"))
        pattern = re.compile(match) if match else None
        self.entries = [e for e in manifest["entries"] if e["kind"] == "rng"
                        and (pattern is None or pattern.search(f"{e['name']} {e.get('arg') or ''}"))]
        self.position = 0

    @property
    def remaining(self) -> int:
        return len(self.entries) - self.position

    def __call__(self, draw: Draw) -> torch.Tensor:
        if draw.part is not None:
            return self._part(draw)
        if self.position >= len(self.entries):
            raise RngExhaustedError(
                f"draw #{draw.index} ({_describe(draw)}, {dtype_name(draw.value.dtype)} "
                f"{list(draw.value.shape)}) has nothing to inject: {self.dir} holds only "
                f"{len(self.entries)} rng entries")
        entry = self.entries[self.position]
        self._check(entry, draw)
        self.position += 1
        return to_tensor(np.load(self.dir / entry["file"], allow_pickle=False), entry["dtype"], draw.value)

    def _part(self, draw: Draw) -> torch.Tensor:
        """One part of a multinomial draw: the noise is injected; the token is forced only with ``force_tokens``
        (else the recorded token is passed over and the run's own argmax(p/q) stands). A part the trace does
        not hold next (a ``match`` that selected only the other part) keeps the run's own value."""
        entry = self.entries[self.position] if self.position < len(self.entries) else None
        if entry is None or not _is_part(entry, draw.part):
            if draw.part == NOISE_PART and (entry is None or not _is_part(entry, TOKEN_PART)):
                return self.__call__(Draw(draw.index, draw.function, draw.value, draw.where))
            return draw.value
        self._check(entry, draw)
        self.position += 1
        if draw.part == TOKEN_PART and not self.force_tokens:
            return draw.value
        return to_tensor(np.load(self.dir / entry["file"], allow_pickle=False), entry["dtype"], draw.value)

    def _check(self, entry, draw: Draw) -> None:
        shape, dtype = list(draw.value.shape), dtype_name(draw.value.dtype)
        if entry["shape"] != shape or entry["dtype"] != dtype:
            raise RngMismatchError(
                f"draw #{draw.index} ({_describe(draw)}) is {dtype} {shape}, but the next rng entry of "
                f"{self.dir} ({entry['name']} call {entry['call']} arg {entry.get('arg')!r}, {entry['file']}) "
                f"is {entry['dtype']} {entry['shape']}")


def _is_part(entry, part: str) -> bool:
    arg = entry.get("arg") or ""
    return arg == part or arg.endswith("_" + part)


def _describe(draw: Draw) -> str:
    where = f" inside {draw.where}" if draw.where else ""
    return f"{draw.function}{where}"


class RngInjector:
    """Re-runs code with a trace's random draws in place of fresh ones.

    >>> with RngInjector("ref-trace"):
    ...     model(x)

    ``match`` (a regex searched in ``"<name> <arg>"``) selects which rng entries are used, so one stage of a
    model can be fed from a trace of the whole run. ``strict`` (default) raises at exit if entries are left.
    ``multinomial_noise`` draws ``torch.multinomial(p, 1)`` as its noise q (see the module doc) so that a trace
    recorded that way injects q; ``force_tokens`` then also forces the recorded tokens (teacher forcing).
    """

    def __init__(self, trace_dir, match: Optional[str] = None, strict: bool = True,
                 multinomial_noise: bool = False, force_tokens: bool = False):
        self.replay = RngReplay(trace_dir, match, force_tokens)
        self.strict = strict
        self._patch = RandomPatch(self.replay, multinomial_noise=multinomial_noise)

    def __enter__(self):
        self._patch.__enter__()
        return self

    def __exit__(self, exc_type, exc, tb):
        self._patch.__exit__(exc_type, exc, tb)
        if exc_type is None and self.strict and self.replay.remaining:
            raise RngMismatchError(f"the run made {self.replay.position} draws but {self.replay.dir} holds "
                                   f"{len(self.replay.entries)} rng entries; {self.replay.remaining} were not used")
        return False
