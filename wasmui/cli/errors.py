"""The one error the command reports as a message, not a traceback."""


class CliError(Exception):
    """Something the user can fix: the message says what and how."""
