"""Entry names, argument labels and file names of a trace (see docs/trace-format.md)."""

from __future__ import annotations

import inspect
import re
from typing import Any, Iterator, List, Optional, Tuple

import torch

_UNSAFE = re.compile(r"[^A-Za-z0-9_.\-]")


def method_name(module_path: str, method: str, root_label: Optional[str]) -> str:
    """Trace name of a wrapped plain method: ``flow.inference()``; on the root ``<root_label>.inference()``."""
    owner = module_path or (root_label or "")
    return f"{owner}.{method}()" if owner else f"{method}()"


def file_stem(name: str) -> str:
    """File-name form of an entry name: ``()`` is written ``.method``, unsafe characters become ``_``."""
    return _UNSAFE.sub("_", name.replace("()", ".method"))


def tensor_file(name: str, call: int, kind: str, arg: Optional[str]) -> str:
    """``tensors/<name>#<call>.<kind>[.<arg>].npy``, the layout of the reference dumps."""
    suffix = "" if arg is None else "." + _UNSAFE.sub("_", arg)
    return f"tensors/{file_stem(name)}#{call}.{kind}{suffix}.npy"


def final_file(label: str, call: int = 0) -> str:
    """``tensors/final.<label>.npy``; a label used again gets ``#<call>``."""
    return f"tensors/final.{file_stem(label)}" + (f"#{call}" if call else "") + ".npy"


def rng_file(index: int, label: str) -> str:
    return f"inputs/rng_{index:02d}_{file_stem(label)}.npy"


def flatten(value: Any, prefix: str) -> Iterator[Tuple[str, torch.Tensor]]:
    """Every tensor inside ``value`` with a dotted path: lists/tuples by index, dicts by key."""
    if isinstance(value, torch.Tensor):
        yield prefix, value
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from flatten(item, _join(prefix, str(i)))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from flatten(item, _join(prefix, str(key)))


def label_first_null(pairs: List[Tuple[str, torch.Tensor]]) -> List[Tuple[Optional[str], torch.Tensor]]:
    """The first tensor gets ``arg = null``, the others keep their labels."""
    return [(None if i == 0 else label, t) for i, (label, t) in enumerate(pairs)]


def input_tensors(signature: Optional[inspect.Signature], args: tuple, kwargs: dict):
    """Tensor arguments of a call labelled by parameter name, the first one ``None``."""
    return label_first_null(list(_named_arguments(signature, args, kwargs)))


def output_tensors(output: Any):
    """Tensors of a return value: a tensor, tuple/list items by index, dict items by key; first ``None``."""
    return label_first_null(list(flatten(output, "")))


def _named_arguments(signature, args, kwargs) -> Iterator[Tuple[str, torch.Tensor]]:
    bound = _bind(signature, args, kwargs)
    if bound is None:
        for i, a in enumerate(args):
            yield from flatten(a, str(i))
        for k, v in kwargs.items():
            yield from flatten(v, k)
        return
    for pname, value in bound.arguments.items():
        kind = signature.parameters[pname].kind
        if kind is inspect.Parameter.VAR_KEYWORD:
            for k, v in value.items():
                yield from flatten(v, k)
        else:
            yield from flatten(value, pname)


def _bind(signature, args, kwargs):
    if signature is None:
        return None
    try:
        return signature.bind(*args, **kwargs)
    except TypeError:
        return None


def signature_of(fn) -> Optional[inspect.Signature]:
    try:
        return inspect.signature(fn)
    except (TypeError, ValueError):
        return None


def _join(prefix: str, part: str) -> str:
    return f"{prefix}.{part}" if prefix else part
