"""The ``wijkaanpak`` command line (typer + rich)."""
