"""``python -m cmdai`` is the same as ``cmdai``."""

from .cli.main import main

main()
