"""Django settings for Fireside. Everything a deployment changes comes from FIRESIDE_ variables."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from fireside.web.config import env_bool, env_int, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("FIRESIDE_DATA_DIR", "var")).resolve()

SECRET_KEY = env_secret("FIRESIDE_SECRET_KEY", fallback_file=DATA_DIR / "secret_key")
DEBUG = env_bool("FIRESIDE_DEBUG")
ALLOWED_HOSTS = [
    h.strip() for h in env_str("FIRESIDE_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h
]
ALLOW_PRIVATE_URLS = env_bool("FIRESIDE_ALLOW_PRIVATE_URLS")
BRAND_TERMS = [t.strip() for t in env_str("FIRESIDE_BRAND_TERMS").split(",") if t.strip()]
WORKER_THREADS = env_int("FIRESIDE_WORKERS", 1)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "fireside.web",
    "fireside.people",
    "fireside.listen",
    "fireside.inbox",
    "fireside.insights",
    "fireside.publish",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "fireside.web.middleware.CurrentWorkspaceMiddleware",
]

ROOT_URLCONF = "fireside.web.urls"
WSGI_APPLICATION = "fireside.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fireside.web.context_processors.workspace",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = env_str("FIRESIDE_DATABASE_URL")
    if not url:
        url = f"sqlite:///{DATA_DIR / 'fireside.sqlite3'}"
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=0))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # WAL lets the web UI read while the worker writes; IMMEDIATE takes the write lock
            # at BEGIN so two writers queue on the busy timeout instead of failing mid-transaction.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
        config["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

HTTPS = env_bool("FIRESIDE_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# Served straight from the apps (WHITENOISE_USE_FINDERS); the folder only has to exist.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
