"""Django settings for the tests: local mode, a throw-away data directory (SQLite by default;
PostgreSQL when DATABASE_URL is set, e.g. by `make test`)."""

import os
import tempfile

os.environ.setdefault("WIJKAANPAK_LOCAL", "true")
os.environ.setdefault(
    "DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1"
)  # servers in tests: loopback only
os.environ.setdefault("WIJKAANPAK_DATA_DIR", tempfile.mkdtemp(prefix="wijkaanpak-test-"))
if worker := os.environ.get("PYTEST_XDIST_WORKER"):  # pytest -n: a data directory per worker
    os.environ["WIJKAANPAK_DATA_DIR"] = os.path.join(os.environ["WIJKAANPAK_DATA_DIR"], worker)
    os.makedirs(os.environ["WIJKAANPAK_DATA_DIR"], exist_ok=True)

from wijkaanpak.web.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast tests only

# A file, not SQLite's shared in-memory database: the background risk runs (another thread,
# another connection) then wait for locks instead of failing with "table is locked".
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(os.environ["WIJKAANPAK_DATA_DIR"], "test.sqlite3")
    }
