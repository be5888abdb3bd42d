"""CLI command ``serve``: the web app on this machine (local mode: SQLite in the data directory), or
with ``--production`` under gunicorn with several workers (the production environment required)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from wijkaanpak.cli.app import app, err, out, styled


def _refuse(message: str) -> None:
    err.print(styled(f"✗ {message}", "bold red"), soft_wrap=True)
    raise typer.Exit(2)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Adres om op te luisteren.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Poort.")] = 8000,
    demo: Annotated[
        bool | None,
        typer.Option(
            "--demo/--no-demo",
            help="Demo-accounts en Voorbeeldwijk aanmaken (standaard: lokaal wel, productie niet).",
        ),
    ] = None,
    production: Annotated[
        bool,
        typer.Option(
            "--production",
            help="Productieserver: gunicorn met meerdere workers, statische bestanden via "
            "whitenoise; vereist WIJKAANPAK_SECRET_KEY en WIJKAANPAK_ALLOWED_HOSTS (docs/web.md).",
        ),
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Aantal workers (alleen --production; standaard 2 × kernen + 1)."),
    ] = None,
) -> None:
    """Start de webapp lokaal (migraties, demo-accounts) en toon de URL."""
    if production:
        _serve_production(host, port, workers, demo)
        return
    if workers is not None:
        _refuse("--workers geldt alleen met --production (de lokale server is één proces)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkaanpak.web.settings")
    os.environ.setdefault("WIJKAANPAK_LOCAL", "true")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    if demo is None or demo:
        call_command("demo_setup", resident_code=True)
    out.print(f"wijkaanpak draait op http://{host}:{port}/  (stoppen: Ctrl+C)")
    call_command("runserver", f"{host}:{port}", "--noreload")


def _serve_production(host: str, port: int, workers: int | None, demo: bool | None) -> None:
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management.base import CommandError

    from wijkaanpak.web.env import env_bool

    if demo:
        _refuse(
            "--demo niet met --production: de demo-accounts hebben een bekend wachtwoord "
            "(maak accounts met `python -m wijkaanpak.web.manage createsuperuser`)"
        )
    try:
        if env_bool("WIJKAANPAK_LOCAL", False):
            _refuse(
                "WIJKAANPAK_LOCAL=true is voor deze computer alleen; zet het uit voor --production"
            )
    except ImproperlyConfigured as error:
        _refuse(str(error))
    if not os.environ.get("WIJKAANPAK_ALLOWED_HOSTS", "").strip():
        _refuse(
            "WIJKAANPAK_ALLOWED_HOSTS is vereist in productie: de hostnamen waarop de server "
            "antwoordt, met komma's (zie .env.example)"
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkaanpak.web.settings")
    import django

    from wijkaanpak.web import server

    try:
        django.setup()
        server.prepare()
    except (ImproperlyConfigured, CommandError) as error:  # CommandError: `check --deploy` failed
        _refuse(str(error))
    server.warm()
    count = workers or server.default_workers()
    out.print(
        f"wijkaanpak (productie) luistert op {server.bind_address(host, port)} met {count} workers"
        " (stoppen: Ctrl+C of SIGTERM)"
    )
    server.run(host, port, count)
