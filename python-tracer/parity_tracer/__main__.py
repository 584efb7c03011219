"""``python -m parity_tracer``: see ``parity_tracer.cli``."""

import sys

from .cli import main

sys.exit(main())
