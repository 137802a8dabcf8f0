"""``python -m pipeline``: see ``pipeline.cli``."""

import os
import signal
import sys
from contextlib import suppress

# Ctrl-C while the modules load ends the command at once, as it would any
# program that has not begun: no traceback. ``main`` takes over from there.
signal.signal(signal.SIGINT, signal.SIG_DFL)

from pipeline.cli import main  # noqa: E402

status = main()
# Every file is written and closed by now, every worker joined: leave without
# freeing the interpreter's objects one by one, which takes a fifth of a
# check run on every save (the results of hundreds of catalogs).
for stream in (sys.stdout, sys.stderr):
    with suppress(OSError):
        stream.flush()
os._exit(status)
