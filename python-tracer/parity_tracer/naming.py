"""Entry names, argument labels and file names of a trace (see docs/trace-format.md)."""

from __future__ import annotations

import dataclasses
import inspect
import re
from typing import Any, Callable, Iterator, List, Optional, Tuple

import torch
from torch import nn

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


def rng_file(index: int, label: str, digits: int = 2) -> str:
    """``inputs/rng_<NN>_<label>.npy`` (the T3 dump writes the index with 3 digits)."""
    return f"inputs/rng_{index:0{digits}d}_{file_stem(label)}.npy"


def flatten(value: Any, prefix: str) -> Iterator[Tuple[str, torch.Tensor]]:
    """Every tensor inside ``value`` with a dotted path: lists/tuples by index, dicts by key, dataclass fields by
    name."""
    for path, t, _ in _walk(value, prefix, caches=False, in_dataclass=False):
        yield path, t


def _walk(value: Any, prefix: str, caches: bool, in_dataclass: bool):
    """(path, tensor, inside a dataclass) for every tensor in ``value``; with ``caches``, a key/value cache object
    (transformers' ``DynamicCache`` and the like) gives ``<prefix>.<layer>.key`` / ``.value``."""
    if isinstance(value, torch.Tensor):
        yield prefix, value, in_dataclass
    elif caches and _cache_layers(value, prefix) is not None:
        for i, (k, v) in enumerate(_cache_layers(value, prefix)):
            yield _join(prefix, f"{i}.key"), k, in_dataclass
            yield _join(prefix, f"{i}.value"), v, in_dataclass
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _walk(item, _join(prefix, str(i)), caches, in_dataclass)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, _join(prefix, str(key)), caches, in_dataclass)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _walk(getattr(value, f.name), _join(prefix, f.name), caches, True)


def _cache_layers(value: Any, prefix: str):
    """The (key, value) tensors per layer of a key/value cache, or None when ``value`` is none: a cache object, or
    the legacy tuple of (key, value) pairs under a ``past_key_values`` name."""
    if prefix.rpartition(".")[2] != "past_key_values":
        return None  # a layer's own cache argument or output is the model's, recorded once under that name
    if isinstance(value, (list, tuple)) and value \
            and all(isinstance(x, (list, tuple)) and len(x) == 2 and all(isinstance(t, torch.Tensor) for t in x)
                    for x in value):
        return [tuple(x) for x in value]
    keys, values = getattr(value, "key_cache", None), getattr(value, "value_cache", None)
    if isinstance(keys, list) and isinstance(values, list) and len(keys) == len(values):
        return list(zip(keys, values))  # transformers 4.x DynamicCache
    layers = getattr(value, "layers", None)
    if isinstance(layers, list) and all(hasattr(x, "keys") and hasattr(x, "values") for x in layers) \
            and not isinstance(value, (dict, nn.Module)):
        pairs = [(x.keys, x.values) for x in layers]  # transformers >= 4.56 Cache with CacheLayer objects
        if all(isinstance(k, torch.Tensor) and isinstance(v, torch.Tensor) for k, v in pairs):
            return pairs
    return None


def label_first_null(pairs: List[Tuple[str, torch.Tensor]]) -> List[Tuple[Optional[str], torch.Tensor]]:
    """The first tensor gets ``arg = null``, the others keep their labels."""
    return [(None if i == 0 else label, t) for i, (label, t) in enumerate(pairs)]


def _first_null(items) -> List[Tuple[Optional[str], torch.Tensor]]:
    """The first tensor that is not a dataclass field gets ``arg = null`` (a call whose only tensors sit in a
    dataclass, like ``cond_enc(T3Cond)``, has no null argument); the others keep their paths."""
    first = next((i for i, (_, _, in_dc) in enumerate(items) if not in_dc), None)
    return [(None if i == first else path, t) for i, (path, t, _) in enumerate(items)]


def input_tensors(signature: Optional[inspect.Signature], args: tuple, kwargs: dict,
                  keep: Optional[Callable[[str], bool]] = None):
    """Tensor arguments of a call labelled by parameter name, the first one ``None``; ``keep(path)`` drops
    tensors before the first is chosen."""
    return _first_null([x for x in _named_arguments(signature, args, kwargs) if keep is None or keep(x[0])])


def output_tensors(output: Any, keep: Optional[Callable[[str], bool]] = None):
    """Tensors of a return value: a tensor, tuple/list items by index, dict items by key, dataclass fields by name,
    key/value caches by layer (``past_key_values.0.key``); the first one ``None``."""
    return _first_null([x for x in _walk(output, "", caches=True, in_dataclass=False) if keep is None or keep(x[0])])


def _named_arguments(signature, args, kwargs):
    bound = _bind(signature, args, kwargs)
    if bound is None:
        for i, a in enumerate(args):
            yield from _walk(a, str(i), False, False)
        for k, v in kwargs.items():
            yield from _walk(v, k, False, False)
        return
    for pname, value in bound.arguments.items():
        kind = signature.parameters[pname].kind
        if kind is inspect.Parameter.VAR_KEYWORD:
            for k, v in value.items():
                yield from _walk(v, k, False, False)
        else:
            yield from _walk(value, pname, False, False)


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
