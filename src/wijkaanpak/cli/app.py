"""The typer app, shared options and the input-error handler of the ``wijkaanpak`` command."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from wijkaanpak.model.issues import InputError
from wijkaanpak.texts import Texts

app = typer.Typer(
    help="Wijkaanpak funderingsproblematiek: wijk, scenario's, huishoudens, proces.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
# Markup off: values from files and users (block ids, plan and neighbourhood names) and texts with
# brackets ("[m²]") print as they are — "[/]" in a block id would otherwise raise a MarkupError.
# Style goes through :class:`rich.text.Text` (see :func:`styled`), never through markup.
out = Console(soft_wrap=False, markup=False)
err = Console(stderr=True, markup=False)
MAX_ERRORS = 25


def print_wide(renderable: object, width: int = 140) -> None:
    """Print a wide table without squeezing it when the output is piped (80 columns)."""
    Console(width=max(out.width, width), soft_wrap=False, markup=False).print(renderable)


def styled(text: str, style: str = "bold") -> Text:
    """``text`` in a style, printed as it is (no markup)."""
    return Text(text, style=style)


def warn_fictional(t: Texts) -> None:
    """The warning above every output on the fictional Voorbeeldwijk."""
    out.print(styled(f"⚠ {t('fictional')}", "bold yellow"))


NeighbourhoodOpt = Annotated[
    Path | None,
    typer.Option(
        "--neighbourhood",
        "--wijk",
        "-n",
        help="Wijk: GeoPackage of map met CSV's (standaard: Voorbeeldwijk, fictief).",
    ),
]
AssumptionsOpt = Annotated[
    Path | None,
    typer.Option(
        "--assumptions", "--aannames", "-a", help="YAML met eigen aannames bovenop de standaard."
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Uitvoer als JSON (voor scripts).")]
LangOpt = Annotated[str | None, typer.Option("--lang", help="Taal: nl (standaard) of en.")]

F = TypeVar("F", bound=Callable[..., Any])


def reports_input_errors(func: F) -> F:
    """Turn :class:`InputError` into one line per issue on stderr and exit code 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            t = Texts(kwargs.get("lang"))
            err.print(styled(f"{t('errors')}:", "bold red"), highlight=False)
            for issue in exc.issues[:MAX_ERRORS]:
                err.out(f"✗ {issue}", highlight=False)
            if len(exc.issues) > MAX_ERRORS:
                err.out(t("more", n=len(exc.issues) - MAX_ERRORS))
            raise typer.Exit(code=2) from None

    return wrapper  # type: ignore[return-value]
