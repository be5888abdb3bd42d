"""CLI command ``serve``: the web app on this machine (local mode: SQLite in the data directory)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from wijkaanpak.cli.app import app, out


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Adres om op te luisteren.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Poort.")] = 8000,
    demo: Annotated[
        bool, typer.Option("--demo/--no-demo", help="Demo-accounts en Voorbeeldwijk aanmaken.")
    ] = True,
) -> None:
    """Start de webapp lokaal (migraties, demo-accounts) en toon de URL."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkaanpak.web.settings")
    os.environ.setdefault("WIJKAANPAK_LOCAL", "true")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    if demo:
        call_command("demo_setup", resident_code=True)
    out.print(f"wijkaanpak draait op http://{host}:{port}/  (stoppen: Ctrl+C)")
    call_command("runserver", f"{host}:{port}", "--noreload")
