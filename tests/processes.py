"""For tests that run the app as real processes (gunicorn with deploy/gunicorn.conf.py): the production
environment, DEBUG off, everything it writes under one temporary folder."""

import os
from pathlib import Path


def production_env(tmp: Path, port: int, **extra: str) -> dict[str, str]:
    """The process environment of a production run on 127.0.0.1:`port`, with `extra` variables on top."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "test-production-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp / 'prod.sqlite3'}",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESS_LOG": str(tmp / "access.log"),
        **extra,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the test process's own setting, not production's
    return env
