"""``python -m pipeline``: see ``pipeline.cli``."""

import signal
import sys

# Ctrl-C while the modules load ends the command at once, as it would any
# program that has not begun: no traceback. ``main`` takes over from there.
signal.signal(signal.SIGINT, signal.SIG_DFL)

from pipeline.cli import main  # noqa: E402

sys.exit(main())
