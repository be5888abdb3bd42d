"""WSGI entry point for production servers (e.g. gunicorn wijkaanpak.web.wsgi); Django's
development server (``wijkaanpak serve``) loads it too."""

import os

from django.core.wsgi import get_wsgi_application

from wijkaanpak.malloc import keep_freed_memory

keep_freed_memory()  # a guard against fresh kernel pages for every array (wijkaanpak.malloc)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkaanpak.web.settings")
application = get_wsgi_application()
