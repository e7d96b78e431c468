"""The `mkb` subcommands, one module each (see workbench/cli.py)."""


class CommandError(Exception):
    """A user-facing failure of a command; the message is one sentence. Defined here, below `cli.py`,
    so the command modules never import the module that imports them."""
