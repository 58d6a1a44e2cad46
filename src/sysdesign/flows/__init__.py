"""Session flows: the loop of each session (ask the UI, call the core, commit to the store).

One module per session. A flow talks to its UI through a small ``typing.Protocol``, so every
flow runs in tests with a fake UI and a temporary store. Flows never import ``cli``.
"""


class Refused(Exception):
    """A flow cannot go on with what it was given (an unknown id, nothing to run): the command
    prints the message as a usage error (exit 2). Flows raise this, never ``typer.Exit``."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code
