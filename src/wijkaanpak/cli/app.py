"""The typer app, shared options and the input-error handler of the ``wijkaanpak`` command."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from wijkaanpak.model.issues import InputError, Issue
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


class ReportedInputError(InputError):
    """An :class:`InputError` whose every issue was also written to the file ``path``."""

    def __init__(self, issues: list[Issue], path: Path) -> None:
        super().__init__(issues)
        self.path = path


def counted(t: Texts, n: int, key: str) -> str:
    """``1 bouwblok``, ``2 bouwblokken``: the text ``key`` (plural), or ``key_one`` for one."""
    return f"{n} {t(key + '_one') if n == 1 else t(key).lower()}"


_PLACE = re.compile(r"^(row|record|line|feature) (\d+)$")
_PLACE_NL = {"row": "rij", "record": "record", "line": "regel", "feature": "object"}


def issue_line(issue: Issue, lang: str) -> str:
    """One issue as the command line says it: in English as the reader wrote it; in Dutch its
    place, and its message where :mod:`wijkaanpak.messages` knows it (else as written)."""
    if lang != "nl":
        return str(issue)
    from wijkaanpak.messages import issue_message, language  # Django's: only when needed

    try:
        with language("nl"):
            message = issue_message(issue)
    except Exception:  # Django's machinery cannot start here: the reader's own words, no traceback
        message = issue.message
    row = _PLACE.sub(lambda m: f"{_PLACE_NL[m.group(1)]} {m.group(2)}", issue.row)
    where = [issue.source.replace(", layer ", ", laag ")]
    if row:
        where.append(f"{row} ({issue.record})" if issue.record else row)
    if issue.field:
        where.append(f"veld '{issue.field}'")
    return ", ".join(where) + ": " + message


def reports_input_errors(func: F) -> F:
    """Turn :class:`InputError` into one line per issue on stderr (the first
    :data:`MAX_ERRORS`; all of them in the file a :class:`ReportedInputError` names) and exit
    code 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            t = Texts(kwargs.get("lang"))
            err.print(styled(f"{t('errors')}:", "bold red"), highlight=False)
            for issue in exc.issues[:MAX_ERRORS]:
                err.out(f"✗ {issue_line(issue, t.lang)}", highlight=False)
            if len(exc.issues) > MAX_ERRORS:
                err.out(t("more", n=len(exc.issues) - MAX_ERRORS))
            if isinstance(exc, ReportedInputError):
                err.out(t("all_errors_in", n=len(exc.issues), path=exc.path), highlight=False)
            raise typer.Exit(code=2) from None

    return wrapper  # type: ignore[return-value]
