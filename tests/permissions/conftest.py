"""The permission matrix's scene is built once per test module, inside a transaction that is rolled back when the
module ends; each test runs in a savepoint of it (pytest-django's `db`), and each role's request in a savepoint of
its own (tests/permissions/matrix.py), so no test sees another's writes."""

import pytest
from django.test import Client
from django.test.utils import override_settings
from drf_spectacular.generators import SchemaGenerator

from tests.conftest import FAST_HASHERS, module_scene
from tests.permissions.matrix import ANONYMOUS, ROLES
from tests.permissions.scene import build_scene


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker, tmp_path_factory):
    from rownaq.events import services as events

    with module_scene(django_db_blocker, tmp_path_factory.mktemp("media")) as patches:
        # Who may fetch the schema is decided by its view before the schema is generated (tests/test_openapi.py
        # tests the schema itself): a stub spares the seconds a generation takes.
        patches.setattr(SchemaGenerator, "get_schema", lambda self, request=None, public=False: {"openapi": "3.0.3"})
        # Likewise the press kit: its view decides who may have it before WeasyPrint draws it (tests/events tests it).
        patches.setattr(events, "press_kit_pdf", lambda stage: b"%PDF-1.4\n%%EOF\n")
        with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            built = build_scene()
            built.clients = {role: Client() for role in ROLES}
            for role in ROLES:
                if role != ANONYMOUS:
                    built.clients[role].force_login(getattr(built, role))
        yield built
