"""``python -m wijkaanpak``: the same as the ``wijkaanpak`` command."""

from wijkaanpak.cli.main import main

main()
