"""The database connection pool: on PostgreSQL each process keeps DB_POOL_SIZE checked connections (gunicorn sets
it to its threads); SQLite and DB_POOL_SIZE=0 keep Django's own connections."""
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


def test_gunicorn_gives_each_thread_a_connection_of_its_worker_pool():
    with mock.patch.dict(os.environ, {}, clear=False):
        os.environ.pop("DB_POOL_SIZE", None)
        os.environ.pop("GUNICORN_THREADS", None)
        conf = runpy.run_path(str(GUNICORN_CONF))
        assert conf["worker_class"] == "gthread"
        assert os.environ["DB_POOL_SIZE"] == str(conf["threads"])


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
