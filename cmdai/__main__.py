"""``python -m cmdai`` is the same as ``cmdai``."""

from .cli import main

main()
