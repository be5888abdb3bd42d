"""Django settings, all from environment variables (see .env.example).

Production (the default): ``WIJKAANPAK_SECRET_KEY`` (or ``_FILE``) is required, DEBUG is off,
cookies are secure, HSTS is on. ``wijkaanpak serve`` and the tests run in *local* mode
(``WIJKAANPAK_LOCAL=true``): a secret key is generated once into the data directory and plain HTTP on
127.0.0.1 is allowed.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from wijkaanpak.web.env import data_dir, env_bool, env_int, env_list, env_secret
from wijkaanpak.web.security.client import parse_networks

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()
LOCAL = env_bool("WIJKAANPAK_LOCAL", False)
DEBUG = env_bool("WIJKAANPAK_DEBUG", False)


def _secret_key() -> str:
    key = env_secret("WIJKAANPAK_SECRET_KEY")
    if key:
        return key
    if not LOCAL:
        msg = "WIJKAANPAK_SECRET_KEY (or WIJKAANPAK_SECRET_KEY_FILE) is required in production"
        raise ImproperlyConfigured(msg)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), "utf-8")
        path.chmod(0o600)
    return path.read_text("utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("WIJKAANPAK_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "wijkaanpak.web.projects",
    "wijkaanpak.web.participation",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "wijkaanpak.web.security",
    "ninja",  # Swagger UI at /api/docs from this server's static files, not a CDN
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "wijkaanpak.web.middleware.SecurityHeadersMiddleware",
    "wijkaanpak.web.middleware.NulByteMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "wijkaanpak.web.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "wijkaanpak.web.middleware.IdleTimeoutMiddleware",
    "wijkaanpak.web.security.twofactor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]
ROOT_URLCONF = "wijkaanpak.web.urls"
WSGI_APPLICATION = "wijkaanpak.web.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wijkaanpak.web.security.twofactor.context",
            ]
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_secret("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'wijkaanpak.sqlite3'}",
        conn_max_age=60,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from here after collectstatic
MEDIA_ROOT = DATA_DIR / "uploads"
# Production: hashed names (browsers keep them a year), gzip and Brotli copies, all made by
# `collectstatic` into STATIC_ROOT (`wijkaanpak serve --production` runs it). Locally: the source
# files as they are, found by whitenoise without collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if LOCAL
        else "wijkaanpak.web.storage.StaticStorage"
    },
}
WHITENOISE_USE_FINDERS = LOCAL
# Staff login lockout (django-axes; AVG art. 32 security of processing): 5 failed attempts for one
# username from one address lock that pair out for 15 minutes (also for the API's Basic auth).
# Residents sign in with a code instead (their own lockout: participation/views/resident.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("WIJKAANPAK_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "wijkaanpak.web.security.client.axes_client_ip"

# Sign-in security (issue #16 §4, §8; docs/web.md "Security model"). The client's address is
# REMOTE_ADDR unless that is a trusted proxy (addresses or networks, comma-separated): then the
# address that proxy saw, from X-Forwarded-For. Default: none (a forwarded header is ignored).
TRUSTED_PROXIES = env_list("WIJKAANPAK_TRUSTED_PROXIES", [])
parse_networks(TRUSTED_PROXIES)  # a typo is an error at start-up
# Failed resident codes over all addresses per 15 minutes before the strict mode (docs/web.md).
RESIDENT_GLOBAL_LIMIT = env_int("WIJKAANPAK_RESIDENT_GLOBAL_LIMIT", 300)
# Second factor (TOTP, django-otp) for the roles that see personal data: project team, staff and
# administrators. Only in local mode may the fictional demo accounts skip it (said on screen).
TWO_FACTOR_DEMO_SKIP = LOCAL
OTP_TOTP_ISSUER = "wijkaanpak"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # administrators do not see (or copy) anyone's TOTP secret

# Signed-in sessions end after this long without a request (OWASP ASVS 4.0.3, 3.3.2: 30 minutes).
IDLE_SECONDS = 60 * env_int("WIJKAANPAK_IDLE_MINUTES", 30)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "project-list"
LOGOUT_REDIRECT_URL = "login"
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Hardening (off only in local mode, which serves plain HTTP on 127.0.0.1)
SECURE = not LOCAL
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and env_bool("WIJKAANPAK_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("WIJKAANPAK_HSTS_SECONDS", 31_536_000) if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("WIJKAANPAK_BEHIND_PROXY", False) else None
)
CSRF_COOKIE_SAMESITE = "Strict"
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Logs on standard output (the journal or the container's log). An unexpected error (500) is logged
# with its traceback by ``django.request`` whatever DEBUG is (Django's default sends it only to the
# administrators' mail, which is not configured); its 4xx warnings stay out (the server's access log
# has every answer). Levels are set on the handlers, so a test's caplog still sees everything.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} [{process}] {levelname} {name}: {message}", "style": "{"}
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
            "level": "WARNING",
        },
        "errors": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
            "level": "ERROR",
        },
    },
    "loggers": {
        "django.request": {"handlers": ["errors"]},
        "wijkaanpak": {"handlers": ["stdout"]},
    },
}
