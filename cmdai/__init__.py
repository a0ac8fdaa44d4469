"""cmdai: turn what you type at your shell prompt into a safe shell command.

The library is usable without the CLI::

    from cmdai.engine import Engine
    result = Engine.from_config().suggest("list python files changed today")

Nothing heavy is imported here: ``cmdai --version`` must stay fast.
"""

__version__ = "0.1.0"
