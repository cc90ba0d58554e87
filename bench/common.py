"""Shared set-up for benchmarks: an application on the benchmark database."""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATABASE = f"sqlite:///{HERE / 'stories-bench.sqlite3'}"


def bench_app():
    os.environ.setdefault("SECRET_KEY", "benchmark")
    os.environ.setdefault("PLATFORM_ENV", "testing")
    from app import create_app
    from app.config import database_url

    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url(url, HERE),
            "RATELIMIT_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
