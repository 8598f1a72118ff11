"""API fuzzing (issue #8): schemathesis draws requests from the OpenAPI schema and sends them, in process, to the
WSGI application, once as a unit member and once as the admin (who may write everywhere). No answer may be a 5xx,
and every answer must have a status code, a content type and a body the schema documents.

One test per operation, each in a savepoint over the same scene (the `world` of tests/conftest.py and
tests/api_fuzz_data.seed, built once for the module). Two in three ids in paths and references in bodies name
objects that exist, so that detail routes and writes get past the 404 and the "no such object" 400. Hypothesis is
seeded per operation: the same requests on every run, on every machine."""

import os
import sys
import traceback
import zlib
from contextlib import contextmanager

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from django.test.utils import override_settings
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

import rownaq.urls  # noqa: F401  (registers every app's viewsets on the shared router)
from rownaq.core.api import router
from rownaq.shifts import services as shift_services
from rownaq.wsgi import application
from tests.api_fuzz_data import known_values, references_for, seed
from tests.conftest import FAST_HASHERS, make_world, module_scene

# Per operation, each sent as both users; a deeper or another run: API_FUZZ_EXAMPLES=50 API_FUZZ_SEED=2 pytest ...
EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "5"))
SEED = int(os.environ.get("API_FUZZ_SEED", "8"))

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = application
OPERATIONS = [result.ok() for result in schema.get_all_operations()]

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

VIEWSETS = {f"/api/{prefix}/": viewset for prefix, viewset, _ in router.registry}


def viewset_of(path: str):
    return next((viewset for prefix, viewset in VIEWSETS.items() if path.startswith(prefix)), None)


# Existing keys by model, read once per test: the strategies must not change while Hypothesis runs (a DELETE
# would change them, and a replayed example must draw from what the first run drew from).
KNOWN: dict = {}


def known(model) -> list:
    if model not in KNOWN:
        KNOWN[model] = known_values(model)
    return KNOWN[model]


def existing_or(value, values: list, many: bool = False):
    """Two times in three one that exists (a list of them for a to-many field), else the generated value: most of
    what can go wrong happens to objects that exist. Drawn by Hypothesis, so the same on every run."""
    if not values:
        return st.just(value)
    existing = st.lists(st.sampled_from(values), max_size=2) if many else st.sampled_from(values)
    return st.integers(0, 2).flatmap(lambda choice: existing if choice else st.just(value))


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    viewset = viewset_of(context.operation.path)
    if viewset is None or not path_parameters or len(path_parameters) != 1:
        return st.just(path_parameters)
    ((name, value),) = path_parameters.items()
    return existing_or(value, known(viewset.queryset.model)).map(lambda chosen: {name: chosen})


@schema.hook
def flatmap_body(context, body):
    if not isinstance(body, dict):
        return st.just(body)
    references = references_for(context.operation.path)
    mixed = {
        name: existing_or(value, known(references[name]), many=isinstance(value, list))
        for name, value in body.items()
        if name in references
    }
    if not mixed:
        return st.just(body)
    return st.fixed_dictionaries(mixed).map(lambda chosen: {**body, **chosen})


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world and the seed, built once for the module (tests.conftest.module_scene); each operation's test runs
    in a savepoint of it, so no operation sees another's writes."""
    with module_scene(django_db_blocker, tmp_path_factory.mktemp("media")) as patches:
        # The solver's time limit is a speed knob, not part of the contract: a second is plenty for the seeded roster.
        patches.setattr(shift_services, "solver_time_limit", lambda requested=None: 1.0)
        with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            world = seed(make_world())
            # A unit member first (reads and writes only inside unit A), then the admin (writes everywhere).
            world.callers = [
                (user, {"Authorization": f"Token {Token.objects.create(user=user).key}"})
                for user in (world.member_a, world.admin)
            ]
        yield world


@pytest.fixture
def server_errors(db, scene):
    """The tracebacks of the requests that failed on the server, while the WSGI handler serves this test."""
    # The handler's signals would close the test's transaction (Django's own test client disconnects them too).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    errors = []

    def remember(sender, **kwargs):
        errors.append("".join(traceback.format_exception(*sys.exc_info())))

    signals.got_request_exception.connect(remember)
    KNOWN.clear()
    try:
        yield errors
    finally:
        signals.got_request_exception.disconnect(remember)
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@contextmanager
def own_transaction(errors: list):
    """Each request in a savepoint of its own, as in production where nothing outlives a request: a query that
    failed in one request must not poison the next (PostgreSQL refuses every query after an error until the
    rollback)."""
    before = len(errors)
    with transaction.atomic():
        yield
        if len(errors) > before:
            transaction.set_rollback(True)


def requests_for(operation):
    """Valid requests and invalid ones (wrong types, missing fields, values out of bounds) alike."""
    return st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))


# Plain pytest parameters rather than schemathesis's own parametrize: under pytest 9 its items all get the same
# node id, and pytest-xdist then runs only one of them.
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_api(operation, scene, server_errors):
    @hypothesis.seed(zlib.crc32(f"{SEED} {operation.label}".encode()))
    # No shrinking (a failure is reported as found, with its curl command) and no example database: every run
    # sends the same requests. The health checks judge the generator's speed, not the API.
    @settings(
        max_examples=EXAMPLES,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        print_blob=False,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )
    @given(case=requests_for(operation))
    def answers_as_documented(case):
        for user, headers in scene.callers:
            with own_transaction(server_errors):
                response = case.call(headers=headers)
            if response.status_code >= 500 and server_errors:
                pytest.fail(
                    f"{case.method} {case.formatted_path} as {user} answered {response.status_code}:\n"
                    f"{server_errors[-1]}"
                )
            case.validate_response(response, checks=CHECKS, headers=headers)

    answers_as_documented()
