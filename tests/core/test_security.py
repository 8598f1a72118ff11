"""Security settings that are easy to lose: headers, throttled logins, Argon2, and a clean `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from rownaq import settings as project_settings
from rownaq.core.models import FailedLogin

ROOT = Path(__file__).resolve().parents[2]


def test_pages_carry_a_strict_content_security_policy(client, world):
    client.force_login(world.staff_province)
    response = client.get("/registry/organisations/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_api_docs_get_a_policy_that_still_forbids_inline_scripts(client, world):
    client.force_login(world.nobody)
    csp = client.get("/api/docs/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "script-src 'self' 'unsafe-inline'" not in csp


def test_argon2_hashes_passwords_in_production_settings():
    from django.contrib.auth.hashers import Argon2PasswordHasher
    from django.utils.module_loading import import_string

    assert issubclass(import_string(project_settings.PASSWORD_HASHERS[0]), Argon2PasswordHasher)


def login(client, password):
    return client.post("/accounts/login/", {"username": "staff.province", "password": password})


@override_settings(LOGIN_MAX_FAILURES_PER_USER=3)
def test_repeated_failures_lock_the_account_for_a_while(client, world):
    from tests.conftest import PASSWORD

    for _ in range(3):
        assert login(client, "wrong").status_code == 200
    response = login(client, PASSWORD)  # even the right password is refused while locked
    assert response.status_code == 200
    assert "تلاش‌های ناموفق" in response.content.decode()
    FailedLogin.objects.all().delete()  # the window passes
    assert login(client, PASSWORD).status_code == 302


def test_a_successful_login_clears_the_count(client, world):
    from tests.conftest import PASSWORD

    login(client, "wrong")
    assert login(client, PASSWORD).status_code == 302
    assert not FailedLogin.objects.filter(username="staff.province").exists()


@override_settings(LOGIN_MAX_FAILURES_PER_USER=3)
def test_the_admin_login_obeys_the_same_lockout(client, world):
    """Issue 15 finding 1: every password path goes through one check, so the admin form neither evaluates guesses
    of a locked account nor lets a right password clear its count."""
    from tests.conftest import PASSWORD

    for _ in range(3):
        client.post("/admin/login/", {"username": "admin", "password": "wrong"})
    assert FailedLogin.objects.count() == 3
    response = client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "تلاش‌های ناموفق" in response.content.decode()
    assert FailedLogin.objects.count() == 3  # the right password cleared nothing
    assert client.post("/accounts/login/", {"username": "admin", "password": PASSWORD}).status_code == 200


@override_settings(LOGIN_MAX_FAILURES_PER_USER=3)
def test_look_alike_usernames_count_against_one_account(client, world):
    """Issue 15 finding 2: the lock was checked on the raw name and failures recorded on its NFKC form, so a
    full-width name was never locked; a name is normalised once, and its failures count against the account."""
    from tests.conftest import PASSWORD

    for name in ("ｓtaff.province", "STAFF.province", " staff.province"):
        client.post("/accounts/login/", {"username": name, "password": "wrong"})
    for name in ("ｓtaff.province", "staff.province"):
        response = client.post("/accounts/login/", {"username": name, "password": PASSWORD})
        assert response.status_code == 200 and "تلاش‌های ناموفق" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "-production-secret-" + "y" * 30,
        "ALLOWED_HOSTS": "rownaq.example.ir",
        "SECURE_SSL_REDIRECT": "1",
        "BEHIND_TLS_PROXY": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    """Issue 15 finding 7: with DEBUG=0 and no SECRET_KEY the server started silently on the published demo key."""
    base = {key: value for key, value in os.environ.items() if key not in ("SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    base.update(
        {"DEBUG": "0", "ALLOWED_HOSTS": "rownaq.example.ir", "DATABASE_URL": f"sqlite:///{tmp_path / 'key.sqlite3'}"}
    )
    for key in (None, project_settings.DEMO_SECRET_KEY, "change-me-to-a-long-random-secret"):
        env = dict(base) if key is None else {**base, "SECRET_KEY": key}
        result = subprocess.run(
            [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr, (key, result.stderr[-500:])
    demo = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, capture_output=True, text=True, env={**base, "DEBUG": "1"}
    )
    assert demo.returncode == 0, demo.stderr[-500:]


@pytest.mark.django_db
def test_a_member_signs_in_with_a_mobile_typed_in_persian_digits(client):
    """People who joined by invitation have their mobile as username (Latin digits) and type it on a Persian
    keyboard."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("09141234567", password="a-long-Passphrase-1403")
    response = client.post("/accounts/login/", {"username": "۰۹۱۴۱۲۳۴۵۶۷", "password": "a-long-Passphrase-1403"})
    assert response.status_code == 302 and "_auth_user_id" in client.session
