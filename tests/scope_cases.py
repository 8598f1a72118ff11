"""Generic role-and-scope test cases, in the manner of NetBox's `utilities/testing/views.py`.

A model's tests inherit `WebScopeCases` (its pages) or `ApiScopeCases` (its `/api/<prefix>/` resource) and
declare, for every role of the `world` fixture, what that role may see and do:

    class TestThingPages(WebScopeCases):
        model = Thing
        object_names = ("thing_a", "thing_b")            # world attributes (or override make_objects)
        visible = {"admin": {"thing_a", "thing_b"}, "member_a": {"thing_a"}, ..., "nobody": set()}
        changeable = {...}                               # what each role may edit (a subset of visible)
        deletable = {...}                                # defaults to changeable
        add_targets = {"admin": "tabriz", ...}           # roles that may create, and where they create
        foreign_targets = {"staff_province": "tehran"}   # where a creating role must be refused (400/form error)
        url_names = {"list": ..., "detail": ..., "edit": ..., "create": ..., "delete": ..., "history": ...}

        def create_payload(self, world, target, role): ...
        def edit_payload(self, world, obj, role): ...

Every test is parametrised over the roles, so each role and action is its own test id, and a matrix that forgets
a role fails `test_matrix_is_complete`. Expected outcomes per object are derived from the matrices:
in `changeable` -> allowed; in `visible` only -> 403; not visible -> 404 (its existence is not revealed).

An API resource sets `api_prefix`, `foreign_error_field`, `create_payload()` and `move_payload()`, and narrows
`pages` (list, detail, create, update, delete) when it offers fewer operations; a web resource has the pages named
in `url_names`. Tests of operations a resource lacks are skipped.

A known application bug is declared as `known_bugs = {("test_name", "role"): "reason"}`; that test is then
marked `xfail(strict=True)`, so fixing the bug makes the mark fail and be removed.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

ROLES = (
    "admin",
    "staff_province",
    "staff_salimi",
    "staff_marand_readonly",
    "staff_other_province",
    "member_a",
    "member_b",
    "partner",
    "press",
    "nobody",
)

ALLOWED, FORBIDDEN, HIDDEN = "allowed", "forbidden", "hidden"
PERSIAN_LETTERS = re.compile(r"[\u0600-\u06FF]")


def roles_from(attribute: str):
    """Parametrise a test over the roles named in a class attribute (a dict or set) instead of every role."""

    def mark(function):
        function.roles_from = attribute
        return function

    return mark


def needs_page(page: str):
    """Run the test only for classes that have this page (web) or method (API)."""

    def mark(function):
        function.needs_page = page
        return function

    return mark


def is_persian(text: str) -> bool:
    return bool(PERSIAN_LETTERS.search(text or ""))


def last_change_record_id() -> int:
    from rownaq.core.models import ChangeRecord

    return ChangeRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0


def change_records_since(mark: int):
    from rownaq.core.models import ChangeRecord

    return ChangeRecord.objects.filter(id__gt=mark)


def records_about(records, model, pk, action: str, actor):
    return records.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=str(pk), action=action, actor=actor
    )


def form_errors(response) -> str:
    """The form errors of a re-rendered page, for assertion messages."""
    context = getattr(response, "context", None) or {}
    errors = []
    for key in ("form", "products"):
        form = context.get(key) if hasattr(context, "get") else None
        if form is None:
            continue
        errors.append(f"{key}: {getattr(form, 'errors', '')} {getattr(form, 'non_form_errors', lambda: '')()}")
    return " ".join(errors)


class ScopeCases:
    """What web and API cases share: the matrices, the objects under test and the parametrisation."""

    model = None
    object_names: tuple[str, ...] = ()
    visible: dict[str, set[str]] = {}
    changeable: dict[str, set[str]] = {}
    deletable: dict[str, set[str]] | None = None  # None: the same as changeable
    add_targets: dict[str, str] = {}
    foreign_targets: dict[str, str] = {}
    edit_field = "name"
    identity_field = "name"
    known_bugs: dict[tuple[str, str], str] = {}
    pages: tuple[str, ...] = ()

    # ---------------------------------------------------------------- parametrisation

    def pytest_generate_tests(self, metafunc):
        if "role" in metafunc.fixturenames:
            page = getattr(metafunc.function, "needs_page", None)
            source = getattr(metafunc.function, "roles_from", None)
            roles = [r for r in ROLES if r in getattr(self, source)] if source else list(ROLES)
            if page and page not in self.pages:
                metafunc.parametrize(
                    "role", [pytest.param(None, marks=pytest.mark.skip(reason=f"no {page}"))], ids=[f"no-{page}"]
                )
            elif not roles:
                metafunc.parametrize(
                    "role", [pytest.param(None, marks=pytest.mark.skip(reason=f"{source} empty"))], ids=[f"no-{source}"]
                )
            else:
                metafunc.parametrize("role", roles)
        if "page_name" in metafunc.fixturenames:
            metafunc.parametrize("page_name", list(self.pages))

    @pytest.fixture(autouse=True)
    def _known_bug(self, request):
        callspec = getattr(request.node, "callspec", None)
        role = callspec.params.get("role") if callspec else None
        reason = self.known_bugs.get((request.node.originalname, role))
        if reason:
            request.applymarker(pytest.mark.xfail(strict=True, reason=reason))

    @pytest.fixture
    def scoped_objects(self, world) -> dict:
        return self.make_objects(world)

    def make_objects(self, world) -> dict:
        return {name: getattr(world, name) for name in self.object_names}

    # ---------------------------------------------------------------- expectations

    @property
    def change_roles(self) -> set[str]:
        return {role for role, names in self.changeable.items() if names}

    @property
    def delete_matrix(self) -> dict[str, set[str]]:
        return self.changeable if self.deletable is None else self.deletable

    def outcome(self, role: str, name: str, allowed: dict[str, set[str]]) -> str:
        if name in allowed[role]:
            return ALLOWED
        return FORBIDDEN if name in self.visible[role] else HIDDEN

    def any_target(self) -> str:
        return next(iter(self.add_targets.values()))

    def reload(self, obj):
        return type(obj)._default_manager.filter(pk=obj.pk).first()

    def edited_value(self, obj, role: str) -> str:
        return f"{getattr(obj, self.edit_field)} [{role}]"

    def created_name(self, role: str) -> str:
        return f"ثبت آزمایشی {self.model._meta.model_name} {role}"

    def test_matrix_is_complete(self):
        """Every role is declared, and nobody may change or delete what they may not see."""
        names = set(self.object_names) or set().union(*self.visible.values())
        for matrix_name, matrix in (
            ("visible", self.visible),
            ("changeable", self.changeable),
            ("deletable", self.delete_matrix),
        ):
            assert set(matrix) == set(ROLES), f"{matrix_name} must declare exactly the roles {ROLES}"
            for role, allowed in matrix.items():
                assert allowed <= names, f"{matrix_name}[{role}] names unknown objects {allowed - names}"
                assert allowed <= self.visible[role], f"{matrix_name}[{role}] exceeds visible[{role}]"
        assert set(self.add_targets) <= set(ROLES)
        assert set(self.foreign_targets) <= set(self.add_targets), "only roles that may add can be refused a place"


class WebScopeCases(ScopeCases):
    """A resource's pages: list, detail, history, edit, create and delete."""

    url_names: dict[str, str] = {}
    login_url_name = "login"

    @property
    def pages(self) -> tuple[str, ...]:
        return tuple(self.url_names)

    def url(self, page: str, obj=None) -> str:
        return reverse(self.url_names[page], args=[obj.pk] if obj is not None else [])

    def login(self, client, world, role):
        user = getattr(world, role)
        client.force_login(user)
        return user

    def create_payload(self, world, target: str, role: str) -> dict:
        raise NotImplementedError

    def edit_payload(self, world, obj, role: str) -> dict:
        raise NotImplementedError

    # ---------------------------------------------------------------- tests

    @needs_page("list")
    def test_list_shows_exactly_what_the_role_may_see(self, role, client, world, scoped_objects):
        self.login(client, world, role)
        response = client.get(self.url("list"))
        assert response.status_code == 200
        names_by_pk = {obj.pk: name for name, obj in scoped_objects.items()}
        listed = {names_by_pk.get(obj.pk, f"<unexpected pk {obj.pk}>") for obj in response.context["object_list"]}
        assert listed == self.visible[role]
        html = response.content.decode()
        leaked = [
            name
            for name, obj in scoped_objects.items()
            if name not in self.visible[role] and f'{self.url("detail", obj)}"' in html
        ]
        assert leaked == [], "links to objects outside the role's scope"

    @needs_page("detail")
    def test_detail_and_history(self, role, client, world, scoped_objects):
        """The detail page (and the history page, where there is one): 200 in scope, 404 outside it."""
        self.login(client, world, role)
        pages = [page for page in ("detail", "history") if page in self.url_names]
        statuses = {
            (page, name): client.get(self.url(page, obj)).status_code
            for name, obj in scoped_objects.items()
            for page in pages
        }
        assert statuses == {
            (page, name): 200 if name in self.visible[role] else 404 for name in scoped_objects for page in pages
        }

    @needs_page("edit")
    def test_edit(self, role, client, world, scoped_objects):
        """GET and POST the edit page: 200/302 and a change record naming the user where the role may change the
        object, 403 where it may only see it, 404 outside its scope; a refused POST changes nothing."""
        user = self.login(client, world, role)
        expected, actual = {}, {}
        for name, obj in scoped_objects.items():
            outcome = self.outcome(role, name, self.changeable)
            new_value = self.edited_value(obj, role)
            url = self.url("edit", obj)
            get = client.get(url)
            mark = last_change_record_id()
            post = client.post(url, self.edit_payload(world, obj, role) | {self.edit_field: new_value})
            stored = getattr(self.reload(obj), self.edit_field)
            recorded = records_about(change_records_since(mark), self.model, obj.pk, "update", user).exists()
            written = change_records_since(mark).exists()
            actual[name] = (
                get.status_code,
                post.status_code,
                stored == new_value,
                recorded,
                written,
                form_errors(post) if post.status_code == 200 else "",
            )
            if outcome == ALLOWED:
                expected[name] = (200, 302, True, True, True, "")
            else:
                status = 403 if outcome == FORBIDDEN else 404
                expected[name] = (status, status, False, False, False, "")
        assert actual == expected

    @needs_page("create")
    def test_create(self, role, client, world):
        """The create page and its POST: roles that may add get 200, then 302 to an object they can see and a
        change record naming them; others get 403 and nothing is created."""
        user = self.login(client, world, role)
        may_add = role in self.add_targets
        payload = self.create_payload(world, self.add_targets.get(role) or self.any_target(), role)
        get = client.get(self.url("create"))
        mark = last_change_record_id()
        post = client.post(self.url("create"), payload)
        created = self.model._default_manager.filter(**{self.identity_field: payload[self.identity_field]}).first()
        if not may_add:
            assert (get.status_code, post.status_code, created) == (403, 403, None)
            assert not change_records_since(mark).exists()
            return
        assert get.status_code == 200
        assert post.status_code == 302, form_errors(post)
        assert created is not None
        assert records_about(change_records_since(mark), self.model, created.pk, "create", user).exists()
        assert client.get(post["Location"]).status_code == 200, "the creator cannot see what they created"

    @needs_page("create")
    @roles_from("foreign_targets")
    def test_create_outside_own_places_is_refused(self, role, client, world):
        self.login(client, world, role)
        payload = self.create_payload(world, self.foreign_targets[role], role)
        mark = last_change_record_id()
        response = client.post(self.url("create"), payload)
        created = self.model._default_manager.filter(**{self.identity_field: payload[self.identity_field]})
        assert response.status_code == 200, "expected the form again, with an error"
        assert not created.exists()
        assert not change_records_since(mark).exists()
        assert is_persian(str(response.context["form"].errors))

    @needs_page("delete")
    def test_delete(self, role, client, world, scoped_objects):
        user = self.login(client, world, role)
        expected, actual = {}, {}
        for name, obj in scoped_objects.items():
            outcome = self.outcome(role, name, self.delete_matrix)
            url = self.url("delete", obj)
            get = client.get(url)
            mark = last_change_record_id()
            post = client.post(url)
            gone = self.reload(obj) is None
            recorded = records_about(change_records_since(mark), self.model, obj.pk, "delete", user).exists()
            actual[name] = (get.status_code, post.status_code, gone, recorded)
            if outcome == ALLOWED:
                expected[name] = (200, 302, True, True)
            else:
                status = 403 if outcome == FORBIDDEN else 404
                expected[name] = (status, status, False, False)
        assert actual == expected

    def test_anonymous_is_sent_to_login(self, page_name, client, world, scoped_objects):
        obj = next(iter(scoped_objects.values()))
        url = self.url(page_name, None if page_name in ("list", "create") else obj)
        mark = last_change_record_id()
        response = client.post(url) if page_name == "delete" else client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(self.login_url_name) + "?next=")
        assert not change_records_since(mark).exists()


class ApiScopeCases(ScopeCases):
    """A resource of the API at /api/<api_prefix>/: list, retrieve, create, partial update and delete."""

    api_prefix = ""
    foreign_error_field = ""
    pages = ("list", "detail", "create", "update", "delete")  # a read-only or step-driven resource offers fewer

    def api_url(self, obj=None) -> str:
        return f"/api/{self.api_prefix}/" + (f"{obj.pk}/" if obj is not None else "")

    def api_client(self, world, role, auth="token"):
        from rest_framework.authtoken.models import Token
        from rest_framework.test import APIClient

        user = getattr(world, role)
        client = APIClient()
        if auth == "token":
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        else:
            client.force_login(user)
        return client, user

    def create_payload(self, world, target: str, role: str) -> dict:
        raise NotImplementedError

    def move_payload(self, world, target: str) -> dict:
        """A PATCH that would move an object to `target` (a place or owner outside the role's)."""
        raise NotImplementedError

    # ---------------------------------------------------------------- tests

    @needs_page("list")
    def test_list_returns_exactly_the_visible_ids(self, role, world, scoped_objects):
        client, _ = self.api_client(world, role)
        response = client.get(self.api_url())
        assert response.status_code == 200
        body = response.json()
        names_by_pk = {obj.pk: name for name, obj in scoped_objects.items()}
        listed = {names_by_pk.get(row["id"], f"<unexpected id {row['id']}>") for row in body["results"]}
        assert listed == self.visible[role]
        assert body["count"] == len(self.visible[role])

    @needs_page("detail")
    def test_detail(self, role, world, scoped_objects):
        client, _ = self.api_client(world, role)
        statuses = {name: client.get(self.api_url(obj)).status_code for name, obj in scoped_objects.items()}
        assert statuses == {name: 200 if name in self.visible[role] else 404 for name in scoped_objects}

    @needs_page("update")
    def test_patch(self, role, world, scoped_objects):
        """200 and a change record naming the token's user where the role may change the object (the request
        middleware cannot know a token's user: the viewset must), 403 where it may only see it, 404 outside."""
        client, user = self.api_client(world, role)
        expected, actual = {}, {}
        for name, obj in scoped_objects.items():
            outcome = self.outcome(role, name, self.changeable)
            new_value = self.edited_value(obj, role)
            mark = last_change_record_id()
            response = client.patch(self.api_url(obj), {self.edit_field: new_value}, format="json")
            stored = getattr(self.reload(obj), self.edit_field)
            recorded = records_about(change_records_since(mark), self.model, obj.pk, "update", user).exists()
            actual[name] = (response.status_code, stored == new_value, recorded, change_records_since(mark).exists())
            if outcome == ALLOWED:
                expected[name] = (200, True, True, True)
            else:
                expected[name] = (403 if outcome == FORBIDDEN else 404, False, False, False)
        assert actual == expected

    @needs_page("update")
    @roles_from("change_roles")
    def test_patch_in_a_browser_session(self, role, world, scoped_objects):
        client, user = self.api_client(world, role, auth="session")
        name = sorted(self.changeable[role])[0]
        obj = scoped_objects[name]
        mark = last_change_record_id()
        response = client.patch(self.api_url(obj), {self.edit_field: self.edited_value(obj, role)}, format="json")
        assert response.status_code == 200, response.content.decode()
        assert records_about(change_records_since(mark), self.model, obj.pk, "update", user).exists()

    @needs_page("create")
    def test_post(self, role, world):
        client, user = self.api_client(world, role)
        payload = self.create_payload(world, self.add_targets.get(role) or self.any_target(), role)
        mark = last_change_record_id()
        response = client.post(self.api_url(), payload, format="json")
        if role not in self.add_targets:
            assert response.status_code == 403
            assert not self.model._default_manager.filter(**{self.identity_field: payload[self.identity_field]})
            assert not change_records_since(mark).exists()
            return
        assert response.status_code == 201, response.content.decode()
        created = self.model._default_manager.get(pk=response.json()["id"])
        assert records_about(change_records_since(mark), self.model, created.pk, "create", user).exists()
        assert client.get(self.api_url(created)).status_code == 200, "the creator cannot see what they created"

    @needs_page("create")
    @roles_from("foreign_targets")
    def test_post_outside_own_places_is_refused_in_persian(self, role, world):
        client, _ = self.api_client(world, role)
        payload = self.create_payload(world, self.foreign_targets[role], role)
        mark = last_change_record_id()
        response = client.post(self.api_url(), payload, format="json")
        assert response.status_code == 400, response.content.decode()
        errors = response.json()
        assert self.foreign_error_field in errors, errors
        assert is_persian(" ".join(errors[self.foreign_error_field]))
        assert not self.model._default_manager.filter(**{self.identity_field: payload[self.identity_field]})
        assert not change_records_since(mark).exists()

    @needs_page("update")
    @roles_from("foreign_targets")
    def test_patch_cannot_move_outside_own_places(self, role, world, scoped_objects):
        client, _ = self.api_client(world, role)
        name = sorted(self.changeable[role])[0]
        obj = scoped_objects[name]
        payload = self.move_payload(world, self.foreign_targets[role])
        before = {field: getattr(obj, field) for field in payload}
        mark = last_change_record_id()
        response = client.patch(self.api_url(obj), payload, format="json")
        assert response.status_code == 400, response.content.decode()
        assert is_persian(" ".join(response.json().get(self.foreign_error_field, [])))
        after = self.reload(obj)
        assert {field: getattr(after, field) for field in payload} == before
        assert not change_records_since(mark).exists()

    @needs_page("delete")
    def test_delete(self, role, world, scoped_objects):
        client, user = self.api_client(world, role)
        expected, actual = {}, {}
        for name, obj in scoped_objects.items():
            outcome = self.outcome(role, name, self.delete_matrix)
            mark = last_change_record_id()
            response = client.delete(self.api_url(obj))
            gone = self.reload(obj) is None
            recorded = records_about(change_records_since(mark), self.model, obj.pk, "delete", user).exists()
            actual[name] = (response.status_code, gone, recorded)
            if outcome == ALLOWED:
                expected[name] = (204, True, True)
            else:
                expected[name] = (403 if outcome == FORBIDDEN else 404, False, False)
        assert actual == expected

    def test_anonymous_is_refused(self, page_name, world, scoped_objects):
        from rest_framework.test import APIClient

        client = APIClient()
        obj = next(iter(scoped_objects.values()))
        payload = self.create_payload(world, self.any_target(), "anonymous")
        calls = {
            "list": lambda: client.get(self.api_url()),
            "detail": lambda: client.get(self.api_url(obj)),
            "create": lambda: client.post(self.api_url(), payload, format="json"),
            "update": lambda: client.patch(self.api_url(obj), {self.edit_field: "x"}, format="json"),
            "delete": lambda: client.delete(self.api_url(obj)),
        }
        mark = last_change_record_id()
        response = calls[page_name]()
        assert response.status_code in (401, 403)
        assert "results" not in response.json()
        assert not change_records_since(mark).exists()
        assert self.reload(obj) is not None
