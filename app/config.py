"""Settings from environment variables, with safe defaults."""

import os
import secrets
from pathlib import Path

#: Where authored content and interface catalogues live (beside the ``app`` package).
PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENTS = ("development", "production", "testing")


def database_url(url: str | None, instance_path: Path) -> str:
    """The SQLAlchemy URL for ``DATABASE_URL``, or a SQLite file under ``instance/``."""
    if not url:
        return f"sqlite:///{instance_path / 'platform.sqlite3'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def secret_key(instance_path: Path) -> str:
    """``SECRET_KEY`` from the environment, else one generated once into ``instance/``."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def load(instance_path: Path) -> dict:
    env = os.environ.get("PLATFORM_ENV", "production")
    if env not in ENVIRONMENTS:
        raise RuntimeError(f"PLATFORM_ENV must be one of {', '.join(ENVIRONMENTS)}")
    secure_cookies = env == "production"
    return {
        "PLATFORM_ENV": env,
        "SECRET_KEY": secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url(os.environ.get("DATABASE_URL"), instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_DURATION": 60 * 60 * 24 * 30,
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "en_GB",
        "BABEL_DEFAULT_TIMEZONE": "Europe/London",
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        "CONTENT_DIRECTORY": str(PROJECT_ROOT / "content"),
        "OUTBOX_DIRECTORY": str(instance_path / "outbox"),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "587")),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "true").lower() == "true",
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD"),
        "MAIL_DEFAULT_SENDER": os.environ.get(
            "MAIL_DEFAULT_SENDER", "Shifting Power <no-reply@localhost>"
        ),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_SIGN_IN": os.environ.get("RATELIMIT_SIGN_IN", "10 per minute;50 per hour"),
        "RATELIMIT_SIGN_UP": os.environ.get("RATELIMIT_SIGN_UP", "5 per minute;20 per hour"),
        #: The map of activity's counts are cached briefly: in Redis when ``CACHE_REDIS_URL``
        #: is set (shared by every worker), else in each process's memory.
        "CACHE_TYPE": "RedisCache" if os.environ.get("CACHE_REDIS_URL") else "SimpleCache",
        "CACHE_REDIS_URL": os.environ.get("CACHE_REDIS_URL"),
        "CACHE_KEY_PREFIX": "shifting-power:",
        "CACHE_DEFAULT_TIMEOUT": int(os.environ.get("CACHE_TIMEOUT", "60")),
        #: Requests each client may make to the open-data API.
        "RATELIMIT_API": os.environ.get("RATELIMIT_API", "120 per minute;3000 per hour"),
        "FORCE_HTTPS": os.environ.get("FORCE_HTTPS", "false").lower() == "true",
        "PASSWORD_RESET_MAX_AGE": 60 * 60,
        #: A deliberately slow hash; tests may choose a quicker one.
        "PASSWORD_HASH_METHOD": "scrypt",
        #: How queued panel selections run: "thread" (in the web process) or "worker"
        #: (left for ``flask panels run-selections``).
        "SELECTION_RUNNER": os.environ.get("SELECTION_RUNNER", "thread"),
        #: Where people send corrections to translations and other feedback.
        "CONTACT_EMAIL": os.environ.get("CONTACT_EMAIL", ""),
        #: The platform's address as people reach it; used for links in emails.
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000"),
    }
