"""Exceptions the library raises for problems a user can fix; the CLI prints them as one line."""


class JuliatagError(Exception):
    """A user-facing failure: bad input, missing dependency, inconsistent files."""


class MissingInputError(JuliatagError):
    """An input folder or file the command needs does not exist."""
