"""Turning torch tensors into the NumPy arrays a trace stores, and back."""

from __future__ import annotations

import numpy as np
import torch

#: Storage policies: ``float32`` stores every tensor as float32 (what the reference dumps do);
#: ``original`` keeps the tensor's dtype where NumPy has it (bfloat16 and float8 still become float32).
STORAGE_POLICIES = ("float32", "original")


def dtype_name(dtype: torch.dtype) -> str:
    """NumPy-style name of a torch dtype: ``torch.int64`` -> ``int64``, ``torch.bool`` -> ``bool``."""
    return str(dtype).replace("torch.", "")


def is_recordable(t: object) -> bool:
    """True for a dense tensor with data (meta and quantized tensors are not recordable)."""
    if not isinstance(t, torch.Tensor):
        return False
    return t.device.type != "meta" and not t.is_quantized


def to_numpy(t: torch.Tensor, storage: str = "float32") -> np.ndarray:
    """A C-contiguous NumPy array of a real tensor under the given storage policy.

    It may share memory with a CPU tensor of the same dtype: save it before the tensor changes."""
    if storage not in STORAGE_POLICIES:
        raise ValueError(f"storage must be one of {STORAGE_POLICIES}, got {storage!r}")
    t = t.detach()
    if t.is_sparse:
        t = t.to_dense()
    if t.is_complex():
        raise TypeError("complex tensors are stored as separate real and imaginary parts; split them first")
    keep = storage == "original" and _numpy_has(t.dtype)
    t = t.cpu() if keep else t.to(device="cpu", dtype=torch.float32)
    if hasattr(t, "resolve_neg"):  # a lazily negated view cannot be read by .numpy()
        t = t.resolve_neg()
    return np.ascontiguousarray(t.numpy())


def lossless_numpy(t: torch.Tensor) -> np.ndarray:
    """A copy that keeps every bit (bfloat16 and float8 widen exactly to float32); used for random draws."""
    return to_numpy(t, "original")


def to_tensor(array: np.ndarray, dtype_label: str, like: torch.Tensor | None = None) -> torch.Tensor:
    """A tensor of the manifest dtype ``dtype_label`` made from a stored array, on ``like``'s device."""
    target = torch_dtype(dtype_label)
    t = torch.from_numpy(np.ascontiguousarray(array)).to(dtype=target)
    return t.to(like.device) if like is not None else t


def torch_dtype(label: str) -> torch.dtype:
    """The torch dtype of a NumPy-style name (``float32``, ``bfloat16``, ``bool``)."""
    dt = getattr(torch, label, None)
    if not isinstance(dt, torch.dtype):
        raise ValueError(f"unknown dtype '{label}'")
    return dt


def _numpy_has(dtype: torch.dtype) -> bool:
    try:
        np.dtype(dtype_name(dtype))
        return True
    except TypeError:
        return False
