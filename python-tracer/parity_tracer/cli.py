"""Command line: ``python -m parity_tracer {validate,demo,chatterbox,chatterbox-t3} ...``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Optional

from . import __version__


def build_parser() -> argparse.ArgumentParser:
    from . import s3gen, t3

    parser = argparse.ArgumentParser(prog="python -m parity_tracer",
                                     description="Record PyTorch runs as parity traces and check them.")
    parser.add_argument("--version", action="version", version=f"parity_tracer {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="check trace directories against the trace format (exit 1 if invalid)")
    v.add_argument("traces", nargs="+", type=Path)
    v.add_argument("-q", "--quiet", action="store_true", help="print errors only")

    d = sub.add_parser("demo", help="trace the built-in synthetic model (weights from seed 0)")
    d.add_argument("out", type=Path)
    d.add_argument("--seed", type=int, default=1, help="torch.manual_seed of the run (default 1)")
    d.add_argument("--perturb", metavar="PARAMETER", help="parameter to change, e.g. encoder.layers.1.fc2.weight")
    d.add_argument("--delta", type=float, default=0.5, help="value added to the perturbed parameter")
    d.add_argument("--max-calls", type=int)
    d.add_argument("--inject", type=Path, help="trace whose rng entries replace fresh draws")
    d.add_argument("--overwrite", action="store_true")

    c = sub.add_parser("chatterbox", help="trace Chatterbox S3Gen inference like the bundled reference dump")
    s3gen.add_arguments(c)

    t = sub.add_parser("chatterbox-t3", help="trace Chatterbox T3 inference (text -> speech tokens) like the "
                       "bundled T3 reference dump")
    t3.add_arguments(t)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return {"validate": _validate, "demo": _demo, "chatterbox": _chatterbox,
                "chatterbox-t3": _chatterbox_t3}[args.command](args)
    except Exception as e:  # a clear one-line message instead of a traceback for expected failures
        from .s3gen import ChatterboxUnavailable
        from .rng import RngExhaustedError, RngMismatchError
        if isinstance(e, (ChatterboxUnavailable, RngExhaustedError, RngMismatchError, FileNotFoundError,
                          FileExistsError)):
            print(f"error: {e}", file=sys.stderr)
            return 2
        raise


def _validate(args) -> int:
    from .validate import validate_trace

    failed = False
    for trace in args.traces:
        report = validate_trace(trace)
        for line in report.errors:
            print(f"{trace}: error: {line}")
        if not args.quiet:
            for line in report.warnings:
                print(f"{trace}: warning: {line}")
            status = "valid" if report.ok else f"INVALID ({len(report.errors)} errors)"
            print(f"{trace}: {report.entries} entries, {status}")
        failed |= not report.ok
    return 1 if failed else 0


def _demo(args) -> int:
    from . import demo

    tracer = demo.trace(args.out, seed=args.seed, parameter=args.perturb, delta=args.delta,
                        max_calls=args.max_calls, inject=args.inject, overwrite=args.overwrite)
    print(f"wrote {len(tracer.entries)} entries to {args.out}")
    return 0


def _chatterbox_t3(args) -> int:
    from . import t3

    tracer = t3.run(args)
    print(f"wrote {len(tracer.entries)} entries to {args.out}")
    return 0


def _chatterbox(args) -> int:
    from . import s3gen, t3

    tracer = s3gen.run(args)
    print(f"wrote {len(tracer.entries)} entries to {args.out}")
    return 0
