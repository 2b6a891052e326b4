"""The Typer application object; command modules register themselves on it."""

import typer

app = typer.Typer(
    name="juliatag",
    help=(
        "Turn Julia packages into type-tagged training data, then train and evaluate a small "
        "type-aware code model.\n\nTypical run: juliatag ingest ./packages; juliatag build-vocab; "
        "juliatag shard; juliatag train; juliatag eval. With no paths, commands read and write the "
        "workspace ./juliatag-work (override with JULIATAG_WORKSPACE)."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,   # help texts are plain: `[default: ...]` is text, not a markup tag
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        print(f"juliatag {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """juliatag command group."""
