"""The database connections: by default each thread keeps its own persistent, checked connection (gunicorn's gthread
workers: one per thread); DB_POOL_SIZE > 0 gives each process a psycopg pool instead (off by default: after an outage
its reconnect backoff kept requests failing, tests/test_faults.py)."""

import os
import runpy
from pathlib import Path
from unittest import mock

import pytest
from django.db import connection

import rownaq.settings

SETTINGS = rownaq.settings.__file__
GUNICORN_CONF = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"
POSTGRES = "postgres://postgres@127.0.0.1:5432/rownaq"


def database(**env):
    with mock.patch.dict(os.environ, env):
        return runpy.run_path(SETTINGS)["DATABASES"]["default"]


def test_postgresql_gets_a_pool_of_checked_connections_and_no_persistent_ones():
    db = database(DATABASE_URL=POSTGRES, DB_POOL_SIZE="4", DB_POOL_TIMEOUT="2")
    assert db["OPTIONS"]["pool"] == {"min_size": 4, "max_size": 4, "timeout": 2}
    assert db["CONN_MAX_AGE"] == 0  # Django refuses a pool with persistent connections
    assert db["CONN_HEALTH_CHECKS"] is True  # the pool checks a connection before lending it


def test_without_a_pool_postgresql_and_sqlite_keep_djangos_connections():
    assert "pool" not in database(DATABASE_URL=POSTGRES, DB_POOL_SIZE="0")["OPTIONS"]
    assert database(DATABASE_URL=POSTGRES, DB_POOL_SIZE="0")["CONN_MAX_AGE"] == 60
    assert "pool" not in database(DATABASE_URL="sqlite:////tmp/rownaq-pool-test.sqlite3").get("OPTIONS", {})


def test_by_default_each_gunicorn_thread_keeps_its_own_checked_connection():
    with mock.patch.dict(os.environ, {}, clear=False):
        os.environ.pop("DB_POOL_SIZE", None)
        conf = runpy.run_path(str(GUNICORN_CONF))
        assert conf["worker_class"] == "gthread" and "DB_POOL_SIZE" not in os.environ
        db = database(DATABASE_URL=POSTGRES)
        assert "pool" not in db["OPTIONS"] and db["CONN_MAX_AGE"] == 60 and db["CONN_HEALTH_CHECKS"] is True


@pytest.mark.django_db
def test_on_postgresql_requests_borrow_from_the_pool():
    if connection.vendor != "postgresql":
        pytest.skip("the pool is PostgreSQL's")
    if not connection.settings_dict["OPTIONS"].get("pool"):
        pytest.skip("DB_POOL_SIZE=0")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert connection.pool is not None
    assert connection.pool.max_size == connection.settings_dict["OPTIONS"]["pool"]["max_size"]
