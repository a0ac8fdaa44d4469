"""Command-line entry points. ``cmdai --version`` is answered before click is imported."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from .. import __version__

        sys.stdout.write(f"cmdai {__version__}\n")
        return
    from .main import main as _main

    _main()
