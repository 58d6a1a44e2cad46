"""Help without a `<bool>` after flags.

Typer 0.29's rich help prints a type after every option, so a flag such as `--list` reads
`--list  <bool>` as if it took a value. A flag takes none: its help shows no type. The
command and group classes below give every flag an empty metavar, which the help prints
as nothing; nothing else reads a flag's metavar.
"""

from __future__ import annotations

import typer
from typer.core import TyperCommand, TyperGroup


def _quiet(params: list) -> list:
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    return params


class QuietFlagsCommand(TyperCommand):
    def get_params(self, ctx):  # noqa: ANN001, ANN201 - click's signature
        return _quiet(super().get_params(ctx))


class QuietFlagsGroup(TyperGroup):
    def get_params(self, ctx):  # noqa: ANN001, ANN201 - click's signature
        return _quiet(super().get_params(ctx))


def quiet_flags(app: typer.Typer) -> None:
    """Give every command and group of `app` (registered so far, recursively) the classes above."""
    for command in app.registered_commands:
        if command.cls in (None, TyperCommand):  # Typer's default: ours instead
            command.cls = QuietFlagsCommand
    for group in app.registered_groups:
        if group.typer_instance is not None:
            quiet_flags(group.typer_instance)
            if not isinstance(group.cls, type) or group.cls is TyperGroup:
                group.cls = QuietFlagsGroup
