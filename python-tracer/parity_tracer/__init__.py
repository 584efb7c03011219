"""parity_tracer: record PyTorch runs as parity traces (docs/trace-format.md) and replay their random draws."""

__version__ = "0.1.0"

from .rng import RngExhaustedError, RngInjector, RngMismatchError  # noqa: E402
from .tracer import Tracer, default_rng_label, module_type  # noqa: E402
from .validate import validate_trace  # noqa: E402

__all__ = ["Tracer", "RngInjector", "RngExhaustedError", "RngMismatchError", "validate_trace",
           "default_rng_label", "module_type", "__version__"]
