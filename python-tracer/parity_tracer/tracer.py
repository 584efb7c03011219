"""Recording every submodule call of a PyTorch model as a parity trace.

>>> with Tracer(model, "trace-dir", max_calls=2, methods=["decoder.solve"]) as t:
...     y = model(x)
...     t.final("y", y)

Each submodule gets a forward pre-hook, a forward hook and a wrapper around its ``forward``. The wrapper
sees every call (keyword arguments, and ``module.forward(...)`` calls that bypass hooks); the pre-hook
tells it that a call came through ``module(...)``, in which case the forward hook records the output
(after any other hooks changed it). One call is therefore recorded exactly once.
"""

from __future__ import annotations

import importlib
import re
from typing import Any, Callable, Dict, List, Optional, Sequence

import torch
from torch import nn

from . import __version__
from .arrays import dtype_name, is_recordable, lossless_numpy, to_numpy
from .manifest import TraceWriter
from .naming import (file_stem, final_file, input_tensors, method_name, output_tensors, rng_file,
                     signature_of, tensor_file)
from .rng import Draw, RandomPatch, RngReplay

_MARK = "_parity_tracer_site"


class _Frame:
    """One call of a site that entered through ``module(...)`` and waits for its forward hook."""

    __slots__ = ("call", "entered", "returned")

    def __init__(self, call: int):
        self.call, self.entered, self.returned = call, False, False


class _Site:
    """A traced module or method: its name, type, call counter and recording policy."""

    def __init__(self, name: str, module_type: str, record_all_args: bool, always: bool):
        self.name = name
        self.module_type = module_type
        self.record_all_args = record_all_args
        self.always = always
        self.calls = 0
        self.pending: List[_Frame] = []
        self.signature = None

    def next_call(self) -> int:
        self.calls += 1
        return self.calls - 1


class Tracer:
    """Context manager that writes a parity trace of everything ``root`` runs while it is open.

    Args:
        root: the model; entry names are ``named_modules()`` paths relative to it (the root itself is not
            recorded; wrap one of its methods to record it).
        out_dir: trace directory (``manifest.json``, ``tensors/``, ``inputs/``).
        include, exclude: regexes searched in module names; a module is recorded if it matches
            ``include`` (when given) and not ``exclude``.
        include_types, exclude_types: the same for class names (``Linear``) and displayed types
            (``Conv1d[weight_norm]``, ``method:Class.method``).
        max_calls: record only the first ``max_calls`` calls of each module (indices still count every call)
            unless the name matches ``always``.
        all_args: regex; modules it matches record every tensor argument and output, the others only the
            first of each. ``None`` records all tensors of every module.
        methods: dotted attribute paths of plain methods to trace like modules (``flow.inference``).
        root_label: name used for methods of the root object (``s3gen`` -> ``s3gen.inference()``).
        storage: ``float32`` (default; the original dtype goes in the manifest) or ``original``.
        record_rng: record every random draw as an ``rng`` entry in ``inputs/``.
        inject: a trace directory whose ``rng`` entries replace fresh draws, in draw order;
            ``inject_match`` selects entries by a regex searched in ``"<name> <arg>"``.
        rng_label: ``f(draw) -> str`` naming a draw (the ``arg`` of its entry); default
            ``<module path>_<function>``.
        keep: names whose latest output object is kept in ``tracer.kept[name]`` (not copied).
        flush_every: also rewrite the manifest after every this many entries (0 = only at start and end).
        functions: dotted paths of module-level functions to trace like methods (``torch.multinomial`` ->
            ``torch.multinomial()``); wrapped after the random-draw patch, so their draws nest inside them.
        record_arg: ``f(name, call, kind, path) -> bool``, asked for every tensor of a call with its path (the
            parameter name or output key path, before the first kept tensor becomes ``arg`` null); a tensor it
            rejects is not recorded (None: all are).
        multinomial: ``token`` (default: a ``torch.multinomial`` draw is its sampled tensor) or ``noise`` (one
            sample on CPU is drawn as torch does, ``argmax(p / q)`` with exponential noise q, and recorded as the
            two parts ``exponential_q`` and ``sampled_token``; injection then feeds q).
        force_tokens: with ``inject`` and ``multinomial="noise"``, also force the recorded sampled tokens
            (teacher forcing) instead of taking argmax(p/q) of the run's own probabilities.
        rng_digits: digits of the draw index in rng file names (2; the T3 dump uses 3).
    """

    def __init__(self, root: nn.Module, out_dir, *, include: Optional[str] = None,
                 exclude: Optional[str] = None, include_types: Optional[str] = None,
                 exclude_types: Optional[str] = None, max_calls: Optional[int] = None,
                 always: Optional[str] = None, all_args: Optional[str] = None,
                 methods: Sequence[str] = (), root_label: Optional[str] = None, storage: str = "float32",
                 record_rng: bool = True, inject=None, inject_match: Optional[str] = None,
                 rng_label: Optional[Callable[[Draw], str]] = None, keep: Sequence[str] = (),
                 flush_every: int = 0, overwrite: bool = False, note: Optional[str] = None,
                 extra: Optional[Dict[str, Any]] = None, functions: Sequence[str] = (),
                 record_arg: Optional[Callable[[str, int, str, Optional[str]], bool]] = None,
                 multinomial: str = "token", force_tokens: bool = False, rng_digits: int = 2):
        if multinomial not in ("token", "noise"):
            raise ValueError(f"multinomial must be 'token' or 'noise', not {multinomial!r}")
        self.root = root
        self.settings = {
            "include": include, "exclude": exclude, "include_types": include_types,
            "exclude_types": exclude_types, "max_calls": max_calls, "always": always, "all_args": all_args,
            "methods": list(methods), "root_label": root_label, "storage": storage, "record_rng": record_rng,
            "inject_match": inject_match if inject is not None else None,
            "functions": list(functions), "multinomial": multinomial,
            "force_tokens": force_tokens if inject is not None else None,
        }
        self._regex = {k: re.compile(v) for k, v in self.settings.items()
                       if k in ("include", "exclude", "include_types", "exclude_types", "always", "all_args")
                       and v is not None}
        self.writer = TraceWriter(out_dir, _producer(), overwrite=overwrite)
        self.writer.extra["tracer"] = self.settings
        self.writer.extra.update(extra or {})
        if note:
            self.writer.note = note
        self.kept: Dict[str, Any] = {}
        self._keep = set(keep)
        self._rng_label = rng_label or default_rng_label
        self._replay = RngReplay(inject, inject_match, force_tokens) if inject is not None else None
        self._record_arg = record_arg
        self._rng_digits = rng_digits
        self._sites: Dict[str, _Site] = {}
        self._flush_every = flush_every
        self._finals: Dict[str, int] = {}
        self._active: List[str] = []
        self._undo: List[Callable[[], None]] = []
        self._rng_patch: Optional[RandomPatch] = None
        self._open = False

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> "Tracer":
        self.attach()
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        self.detach(exc)
        return False

    def attach(self) -> None:
        """Installs hooks, wrappers and the random-draw patch; writes an empty manifest."""
        if self._open:
            raise RuntimeError("this Tracer is already attached")
        self._open = True
        try:
            for name, module in self.root.named_modules():
                if module is not self.root:
                    self._attach_module(name, module)
            for path in self.settings["methods"]:
                self._attach_method(path)
            if self.settings["record_rng"] or self._replay is not None:
                self._rng_patch = RandomPatch(self._on_draw, self._where,
                                              multinomial_noise=self.settings["multinomial"] == "noise")
                self._rng_patch.__enter__()
                self._undo.append(lambda: self._rng_patch.__exit__(None, None, None))
            for path in self.settings["functions"]:
                self._attach_function(path)
            self.writer.flush()
        except BaseException:
            self._open = False
            self._remove_all()
            raise

    def detach(self, exc: Optional[BaseException] = None) -> None:
        """Removes everything installed (always, even if writing fails) and writes the final manifest."""
        if not self._open:
            return
        self._open = False
        try:
            self._remove_all()
        finally:
            self.writer.fail(exc)
            self.writer.flush()

    def _remove_all(self) -> None:
        errors = []
        while self._undo:
            try:
                self._undo.pop()()
            except Exception as e:  # keep removing the rest
                errors.append(e)
        if errors:
            raise errors[0]

    @property
    def entries(self) -> List[Dict[str, Any]]:
        return self.writer.entries

    @property
    def manifest_path(self):
        return self.writer.dir / "manifest.json"

    # ------------------------------------------------------------------ attaching

    def _attach_module(self, name: str, module: nn.Module) -> None:
        mtype = module_type(module)
        if isinstance(module, torch.jit.ScriptModule) or not self._wanted(name, (type(module).__name__, mtype)):
            return
        if _MARK in vars(module):
            raise RuntimeError(f"module {name} is already traced by another Tracer")
        site = self._site(name, mtype)
        site.signature = signature_of(module.forward)
        original = vars(module).get("forward")
        module.forward = self._forward_wrapper(site, module.forward)
        setattr(module, _MARK, site)
        pre = module.register_forward_pre_hook(self._pre_hook(site))
        post = module.register_forward_hook(self._post_hook(site))
        self._undo.append(lambda: self._unwrap(module, original, pre, post))

    @staticmethod
    def _unwrap(module, original, pre, post) -> None:
        pre.remove()
        post.remove()
        vars(module).pop(_MARK, None)
        if original is None:
            vars(module).pop("forward", None)
        else:
            module.forward = original

    def _attach_method(self, path: str) -> None:
        owner_path, _, attr = path.rpartition(".")
        owner = self.root
        for part in owner_path.split(".") if owner_path else ():
            owner = getattr(owner, part)
        bound = getattr(owner, attr)
        if not callable(bound):
            raise TypeError(f"{path} is not a method of {type(owner).__name__}")
        name = method_name(owner_path, attr, self.settings["root_label"])
        mtype = f"method:{type(owner).__name__}.{attr}"
        if not self._wanted(name, (mtype,)):
            return
        site = self._site(name, mtype)
        site.signature = signature_of(bound)
        previous = vars(owner).get(attr)
        setattr(owner, attr, self._method_wrapper(site, bound))
        self._undo.append(lambda: _restore_attr(owner, attr, previous))

    def attach_module(self, name: str, module: nn.Module) -> None:
        """Traces a submodule created while the tracer is open (T3 builds ``patched_model`` inside inference) under
        ``name``; it is removed with everything else. Submodules already traced keep their first path."""
        if not self._open:
            raise RuntimeError("attach_module needs an attached Tracer")
        if _MARK not in vars(module):
            self._attach_module(name, module)

    def wrap(self, name: str, fn: Callable, module_type: str) -> Callable:
        """``fn`` recorded like a traced method under ``name`` (calls of every wrapper of one name count together),
        for callables created during the run, e.g. the logits processors T3.inference instantiates."""
        site = self._sites.get(name) or self._site(name, module_type)
        site.signature = signature_of(fn)
        return self._method_wrapper(site, fn)

    def _attach_function(self, path: str) -> None:
        owner_path, _, attr = path.rpartition(".")
        owner = importlib.import_module(owner_path)
        fn = getattr(owner, attr)
        name, mtype = f"{path}()", f"function:{path}"
        if not self._wanted(name, (mtype,)):
            return
        site = self._site(name, mtype)
        site.signature = signature_of(fn)
        previous = vars(owner).get(attr)
        setattr(owner, attr, self._method_wrapper(site, fn))
        self._undo.append(lambda: _restore_attr(owner, attr, previous))

    def _site(self, name: str, mtype: str) -> _Site:
        if name in self._sites:
            return self._sites[name]
        all_args = self._regex.get("all_args")
        always = self._regex.get("always")
        site = _Site(name, mtype, all_args is None or bool(all_args.search(name)),
                     bool(always and always.search(name)))
        self._sites[name] = site
        return site

    def _wanted(self, name: str, types) -> bool:
        rx = self._regex
        if "include" in rx and not rx["include"].search(name):
            return False
        if "exclude" in rx and rx["exclude"].search(name):
            return False
        if "include_types" in rx and not any(rx["include_types"].search(t) for t in types):
            return False
        return not ("exclude_types" in rx and any(rx["exclude_types"].search(t) for t in types))

    # ------------------------------------------------------------------ call handling

    def _pre_hook(self, site: _Site):
        def pre_hook(module, args):
            while site.pending and site.pending[-1].returned:  # a forward hook that never ran
                site.pending.pop()
            site.pending.append(_Frame(site.next_call()))
        return pre_hook

    def _post_hook(self, site: _Site):
        def post_hook(module, args, output):
            if site.pending and site.pending[-1].returned:
                frame = site.pending.pop()
                self._record_out(site, frame.call, output)
        return post_hook

    def _forward_wrapper(self, site: _Site, forward):
        def forward_wrapper(*args, **kwargs):
            frame = site.pending[-1] if site.pending and not site.pending[-1].entered else None
            if frame is None:  # a direct module.forward(...) call
                return self._run(site, site.next_call(), forward, args, kwargs)
            frame.entered = True
            try:
                output = self._run(site, frame.call, forward, args, kwargs, record_out=False)
            except BaseException:
                site.pending.remove(frame)
                raise
            frame.returned = True
            return output
        forward_wrapper.__wrapped__ = forward
        return forward_wrapper

    def _method_wrapper(self, site: _Site, method):
        def method_wrapper(*args, **kwargs):
            return self._run(site, site.next_call(), method, args, kwargs)
        method_wrapper.__wrapped__ = method
        return method_wrapper

    def _run(self, site: _Site, call: int, fn, args, kwargs, record_out: bool = True):
        if self._records(site, call):
            self._record_inputs(site, call, args, kwargs)
        self._active.append(site.name)
        try:
            output = fn(*args, **kwargs)
        finally:
            self._active.pop()
        if record_out:
            self._record_out(site, call, output)
        return output

    def _records(self, site: _Site, call: int) -> bool:
        limit = self.settings["max_calls"]
        return self._open and (limit is None or call < limit or site.always)

    # ------------------------------------------------------------------ recording

    def _record_inputs(self, site: _Site, call: int, args, kwargs) -> None:
        tensors = input_tensors(site.signature, args, kwargs, self._keeper(site.name, call, "in"))
        for arg, t in tensors if site.record_all_args else tensors[:1]:
            self._record(site.name, call, "in", arg, site.module_type, t)

    def _record_out(self, site: _Site, call: int, output) -> None:
        if site.name in self._keep:
            self.kept[site.name] = output
        if not self._records(site, call):
            return
        tensors = output_tensors(output, self._keeper(site.name, call, "out"))
        for arg, t in tensors if site.record_all_args else tensors[:1]:
            self._record(site.name, call, "out", arg, site.module_type, t)

    def _keeper(self, name: str, call: int, kind: str):
        rule = self._record_arg
        return None if rule is None else (lambda path: rule(name, call, kind, path))

    def _record(self, name, call, kind, arg, mtype, t) -> None:
        if not is_recordable(t):
            self._note_skipped(name, call, kind, arg, t)
            return
        for part_arg, part in _real_parts(arg, t):
            entry = {"name": name, "call": call, "kind": kind, "arg": part_arg, "module_type": mtype,
                     "file": tensor_file(name, call, kind, part_arg), "shape": list(part.shape),
                     "dtype": dtype_name(part.dtype)}
            if part is not t:
                entry["complex_dtype"] = dtype_name(t.dtype)
            self._add(entry, to_numpy(part, self.settings["storage"]))

    def _add(self, entry, array) -> None:
        self.writer.add(entry, array)
        if self._flush_every and len(self.writer.entries) % self._flush_every == 0:
            self.writer.flush()

    def _note_skipped(self, name, call, kind, arg, t) -> None:
        skipped = self.writer.extra.setdefault("not_recorded", [])
        skipped.append({"name": name, "call": call, "kind": kind, "arg": arg,
                        "reason": f"{t.device.type} {dtype_name(t.dtype)} tensor is not stored by this tracer"})

    def final(self, label: str, tensor: torch.Tensor) -> None:
        """Records a final result as ``final.<label>`` (call = how many times the label was used before)."""
        call = self._finals.get(label, 0)
        self._finals[label] = call + 1
        name = f"final.{label}"
        entry = {"name": name, "call": call, "kind": "final", "arg": None, "module_type": "final output",
                 "file": final_file(label, call), "shape": list(tensor.shape),
                 "dtype": dtype_name(tensor.dtype)}
        self._add(entry, to_numpy(tensor, self.settings["storage"]))

    # ------------------------------------------------------------------ random draws

    def _where(self) -> Optional[str]:
        return self._active[-1] if self._active else None

    def _on_draw(self, draw: Draw) -> torch.Tensor:
        value = self._replay(draw) if self._replay is not None else draw.value
        if value.is_complex():
            self._note_skipped(f"rng.{draw.function}", draw.index, "rng", None, value)
        elif self.settings["record_rng"] and self._open:
            label = self._rng_label(draw)
            where = f"random draw inside {draw.where}" if draw.where else "random draw"
            entry = {"name": f"rng.{draw.function}", "call": draw.index, "kind": "rng", "arg": label,
                     "module_type": where, "file": rng_file(draw.index, label, self._rng_digits),
                     "shape": list(value.shape),
                     "dtype": dtype_name(value.dtype)}
            self._add(entry, lossless_numpy(value))
        return value


def default_rng_label(draw: Draw) -> str:
    """``<module path>_<function>`` with dots and ``()`` flattened, e.g. ``flow_decoder_randn_like``; a part of a
    draw is appended (``..._multinomial_exponential_q``)."""
    where = file_stem(draw.where.replace("()", "")).replace(".", "_") if draw.where else ""
    label = f"{where}_{draw.function}" if where else draw.function
    return f"{label}_{draw.part}" if draw.part else label


def module_type(module: nn.Module) -> str:
    """Class name; a parametrized or hook-weight-normed module shows it: ``Conv1d[weight_norm]``."""
    cls = type(module)
    base = cls.__name__
    kinds: List[str] = []
    params = getattr(module, "parametrizations", None)
    if base.startswith("Parametrized") and params is not None:
        base = cls.__bases__[0].__name__
        for plist in params.values():
            kinds += [_snake(type(p).__name__) for p in plist]
    for hook in module._forward_pre_hooks.values():
        if type(hook).__name__ == "WeightNorm":
            kinds.append("weight_norm")
    unique = list(dict.fromkeys(kinds))
    return f"{base}[{','.join(unique)}]" if unique else base


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name.lstrip("_")).lower()


def _real_parts(arg: Optional[str], t: torch.Tensor):
    """A complex tensor is stored as its real part (same ``arg``) and its imaginary part (``<arg>.imag``)."""
    if not t.is_complex():
        return [(arg, t)]
    return [(arg, t.real), (f"{arg}.imag" if arg else "imag", t.imag)]


def _restore_attr(owner, attr: str, previous) -> None:
    if previous is None:
        vars(owner).pop(attr, None)
    else:
        setattr(owner, attr, previous)


def _producer() -> Dict[str, Any]:
    return {"name": "parity_tracer", "version": __version__, "language": "python",
            "framework": f"torch {torch.__version__}"}
