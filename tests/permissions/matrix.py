"""The permission matrix's vocabulary: the eight roles, the outcomes a role may meet, named policies (role ->
outcome) and checks (one request of one URL: method, object, payload, policy). The rules themselves are data in
the `*_rules.py` modules, one per app; `run_rule` plays a URL's checks for every role and reports every mismatch.

Each role's request runs in its own savepoint, rolled back afterwards, so that an allowed write (a delete, an
accepted report) does not change what the next role meets; for every write, the database is fingerprinted
before and after (row counts and latest `updated_at` of every table, and the full rows of the objects the URL
names), so a refused write must leave it unchanged and an allowed write with `effect=True` must change it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse

ANONYMOUS, PRESS, MEMBER_A, MEMBER_B = "anonymous", "press", "member_a", "member_b"
PARTNER, STAFF_OTHER, STAFF, ADMIN = "partner", "staff_other_province", "staff_province", "admin"
ROLES = (ANONYMOUS, PRESS, MEMBER_A, MEMBER_B, PARTNER, STAFF_OTHER, STAFF, ADMIN)
SIGNED_IN = ROLES[1:]

# What a role meets. Refused outcomes (all but OK) must leave the database as it was.
OK = "allowed"  # 2xx, or 3xx not to sign-in; for writes: not refused (and a change, with effect=True)
FORBID = "403"  # may see the object (or the page exists for them) but may not do this
HIDE = "404"  # outside their scope: its existence is not revealed
LOGIN = "sign-in"  # anonymous: pages redirect to sign-in, the API answers 401/403
NOCHANGE = "no change"  # reaches the form or step but is turned away by its validation or flow (200/302/400/409)

REFUSED = {FORBID, HIDE, LOGIN, NOCHANGE}
WRITES = {"post", "put", "patch", "delete"}
LOGIN_PATH = "/accounts/login/"
PDF_FILE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Policy(dict):
    """role -> outcome for all eight roles."""

    def __init__(self, outcomes: dict[str, str], name: str = ""):
        missing = set(ROLES) - set(outcomes)
        unknown = set(outcomes) - set(ROLES)
        assert not missing and not unknown, f"policy {name}: missing {missing}, unknown {unknown}"
        super().__init__(outcomes)
        self.name = name

    def but(self, **overrides: str) -> Policy:
        """The same policy with some roles' outcomes changed (a per-URL override)."""
        return Policy({**self, **overrides}, name=f"{self.name}+" + ",".join(sorted(overrides)))

    def roles(self, outcome: str) -> set[str]:
        return {role for role, value in self.items() if value == outcome}


def policy(name: str, ok=(), forbid=(), hide=(), nochange=(), anonymous: str = LOGIN) -> Policy:
    """A named policy; every signed-in role must be given exactly one outcome."""
    outcomes = {ANONYMOUS: anonymous}
    for outcome, roles in ((OK, ok), (FORBID, forbid), (HIDE, hide), (NOCHANGE, nochange)):
        for role in roles:
            assert role not in outcomes, f"policy {name}: {role} given twice"
            outcomes[role] = outcome
    return Policy(outcomes, name)


# O is the other staff member; one letter a role keeps the rule tables readable
A, B, P, PR, O, S, AD = MEMBER_A, MEMBER_B, PARTNER, PRESS, STAFF_OTHER, STAFF, ADMIN  # noqa: E741
MEMBERS = (A, B, P, PR)

PUBLIC = policy("PUBLIC", ok=SIGNED_IN, anonymous=OK)
SIGNED = policy("SIGNED_IN", ok=SIGNED_IN)
ADMIN_ONLY = policy("ADMIN_ONLY", ok=(AD,), forbid=(A, B, P, PR, O, S))
STAFF_ONLY = policy("STAFF_ONLY", ok=(S, O, AD), forbid=MEMBERS)
# Staff with edit rights somewhere (either province) may open the create page; members may not.
STAFF_ADD = policy("STAFF_ADD", ok=(S, O, AD), forbid=MEMBERS)
# Reference data every signed-in user sees (estates, routing rules): only its province's editing staff change it.
PROVINCE_EDIT = policy("PROVINCE_EDIT", ok=(S, AD), forbid=(A, B, P, PR, O))
# Unit A's records: its members and the staff of its places; nobody else learns they exist.
UNIT_A = policy("UNIT_A", ok=(A, S, AD), hide=(B, P, PR, O))
# Unit A's records that its members see but only staff act on (reviews, deletions).
UNIT_A_STAFF = policy("UNIT_A_STAFF", ok=(S, AD), forbid=(A,), hide=(B, P, PR, O))
# What only the province's staff see (tours, staff-only pages of a place).
PROVINCE_STAFF = policy("PROVINCE_STAFF", ok=(S, AD), hide=(A, B, P, PR, O))
# Pages for those who act for a unit (their own) or staff (their places): opening cases, needs, rosters.
UNITS_AND_STAFF = policy("UNITS_AND_STAFF", ok=(A, B, S, O, AD), forbid=(P, PR))
# Creating a record for unit A: allowed for its members and its staff; a unit or staff elsewhere reaches the form
# but is turned away by it.
FOR_UNIT_A = policy("FOR_UNIT_A", ok=(A, S, AD), nochange=(B, O), forbid=(P, PR))
# Creating in East Azerbaijan through a page only editing staff reach: the other province's staff are turned away.
STAFF_ADD_IN_EAZ = policy("STAFF_ADD_IN_EAZ", ok=(S, AD), nochange=(O,), forbid=MEMBERS)


@dataclass(frozen=True)
class Check:
    """One request of a URL, and what each role must meet."""

    method: str
    policy: Policy
    args: dict = field(default_factory=dict)  # URL kwarg -> scene attribute (its pk) or callable(scene)
    data: Any = None  # dict or callable(scene) -> dict
    query: str = ""
    effect: bool = False  # allowed roles must change the database
    prepare: Callable | None = None  # callable(scene), run in each role's savepoint before the request
    shows: tuple | None = None  # (callable(scene) -> text, roles whose answer contains it)
    watch: tuple = ()  # more scene attributes whose rows must not change when refused
    files: Callable | None = None  # callable(scene) -> {field: (name, bytes)} (multipart)
    redirect: str = ""  # allowed roles must be redirected to this path (prefix)
    note: str = ""


def _check(method, policy, obj=None, args=None, **options) -> Check:
    args = dict(args or {})
    if obj is not None:
        args["pk"] = obj
    return Check(method, policy, args, **options)


def get(policy, obj=None, args=None, **options) -> Check:
    return _check("get", policy, obj, args, **options)


def post(policy, obj=None, args=None, **options) -> Check:
    return _check("post", policy, obj, args, **options)


def patch(policy, obj=None, args=None, **options) -> Check:
    return _check("patch", policy, obj, args, **options)


def put(policy, obj=None, args=None, **options) -> Check:
    return _check("put", policy, obj, args, **options)


def delete(policy, obj=None, args=None, **options) -> Check:
    return _check("delete", policy, obj, args, **options)


def update(policy, obj=None, args=None, data=None, effect=False, **options) -> tuple[Check, ...]:
    """An API object's PATCH (judged for its effect) and PUT with the same fields: a partial PUT must be refused
    before validation to those refused, and may at worst be a validation error (400) to those allowed."""
    return (patch(policy, obj, args, data=data, effect=effect, **options), put(policy, obj, args, data=data, **options))


def form(policy, obj=None, args=None, post_policy=None, data=None, effect=False, **options) -> tuple[Check, ...]:
    """A page with a form: GET it and POST it (POST may be judged by another policy, e.g. FOR_UNIT_A)."""
    return (
        get(policy, obj, args, **options),
        post(post_policy or policy, obj, args, data=data, effect=effect, **options),
    )


def literal(value):
    return lambda scene: value


# ---------------------------------------------------------------- running


def resolve(value, scene):
    if callable(value):
        return value(scene)
    return getattr(scene, value).pk


def url_of(name: str, check: Check, scene) -> str:
    kwargs = {key: resolve(value, scene) for key, value in check.args.items()}
    return reverse(name, kwargs=kwargs) + check.query


_TABLES_SQL = None


def _tables_sql() -> str:
    """One query: the row count of every table, and the latest updated_at where there is one."""
    global _TABLES_SQL
    if _TABLES_SQL is None:
        quote = connection.ops.quote_name
        parts = []
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table in ("django_session",):
                continue
            parts.append(f"(SELECT COUNT(*) FROM {quote(table)})")
            if any(f.column == "updated_at" for f in model._meta.concrete_fields):
                parts.append(f"(SELECT MAX({quote('updated_at')}) FROM {quote(table)})")
        _TABLES_SQL = "SELECT " + ", ".join(parts)
    return _TABLES_SQL


def fingerprint(objects) -> tuple:
    """Every table's row count and latest update, and the whole rows of `objects` (by plain SQL: it runs twice
    for every write of every role)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(_tables_sql())
        tables = tuple(cursor.fetchone())
        rows = []
        for obj in objects:
            meta = obj._meta
            cursor.execute(
                f"SELECT * FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s",
                [meta.pk.get_db_prep_value(obj.pk, connection)],
            )
            rows.append(cursor.fetchone())
    return tables, rows


def watched(check: Check, scene) -> list:
    names = [value for value in check.args.values() if isinstance(value, str)] + list(check.watch)
    return [getattr(scene, name) for name in names]


@dataclass
class Seen:
    status: int | None = None
    location: str = ""
    changed: bool | None = None
    shown: bool | None = None
    error: str = ""
    api: bool = False
    body: str = ""  # the start of a 400/409 answer, to say why in a failure

    def __str__(self) -> str:
        if self.error:
            return f"error {self.error}"
        text = str(self.status)
        if self.location:
            text += f" -> {self.location}"
        if self.changed is not None:
            text += ", changed" if self.changed else ", unchanged"
        if self.shown is not None:
            text += ", shown" if self.shown else ", not shown"
        if self.body:
            text += f" ({self.body})"
        return text


def perform(client, name: str, check: Check, scene) -> Seen:
    """Send the check's request as the client's user, in a savepoint that is rolled back afterwards."""
    seen = Seen()
    cookies = client.cookies
    client.cookies = SimpleCookie(cookies)  # signing out must not sign the client out of the next tests
    with transaction.atomic():
        try:
            cache.clear()
            if check.prepare:
                check.prepare(scene)
            path = url_of(name, check, scene)
            seen.api = is_api = path.startswith("/api/")
            objects = watched(check, scene)
            write = check.method in WRITES
            before = fingerprint(objects) if write else None
            data = check.data(scene) if callable(check.data) else (check.data or {})
            send = getattr(client, check.method)
            if check.files:
                uploads = {
                    key: SimpleUploadedFile(file_name, content)
                    for key, (file_name, content) in check.files(scene).items()
                }
                response = send(path, {**data, **uploads})
            elif is_api and check.method != "get":
                response = send(path, json.dumps(data, default=str), content_type="application/json")
            elif check.method in ("get", "post"):
                response = send(path, data)
            else:
                response = send(path, data, content_type="application/x-www-form-urlencoded")
            seen.status = response.status_code
            if response.status_code in (301, 302, 303, 307, 308):
                seen.location = response["Location"]
            if write:
                seen.changed = fingerprint(objects) != before
            if response.status_code in (400, 409) and seen.api:
                seen.body = response.content.decode("utf-8", "replace")[:200]
            if check.shows and 200 <= response.status_code < 300 and not getattr(response, "streaming", False):
                seen.shown = check.shows[0](scene) in response.content.decode("utf-8", "replace")
        except Exception as exc:  # every role's outcome is reported, not only the first error
            seen.error = f"{type(exc).__name__}: {exc}"[:300]
        finally:
            transaction.set_rollback(True)
            client.cookies = cookies
    return seen


def verdict(outcome: str, seen: Seen, check: Check, role: str) -> str | None:
    """Why what the role met is not the expected outcome (None when it is)."""
    if seen.error:
        return "the request raised"
    status, write = seen.status, check.method in WRITES
    to_login = status in (301, 302) and seen.location.startswith(LOGIN_PATH)
    if outcome in REFUSED and write and seen.changed:
        return "a refused write changed the database"
    if outcome == OK:
        if check.redirect:
            if status in (301, 302, 303) and seen.location.startswith(check.redirect):
                return None
            return f"expected a redirect to {check.redirect}"
        if to_login or status in (401, 403, 404, 405) or status >= 500:
            return "refused"
        if not write and not 200 <= status < 400:
            return "not a page"
        if write and check.effect and not seen.changed:
            return "an allowed write changed nothing"
        if check.shows and seen.shown is not None and seen.shown != (role in check.shows[1]):
            return "shows what the role may not see" if seen.shown else "hides what the role may see"
        return None
    if outcome == FORBID:
        return None if status == 403 else "expected 403"
    if outcome == HIDE:
        return None if status == 404 else "expected 404"
    if outcome == LOGIN:
        if seen.api:
            return None if status in (401, 403) else "expected 401/403"
        return None if to_login else "expected a redirect to sign-in"
    if outcome == NOCHANGE:
        if to_login or status not in (200, 302, 400, 409):
            return "expected a form error or a refused step (200/302/400/409)"
        return None
    raise AssertionError(outcome)


def run_rule(name: str, checks, scene, clients) -> list[str]:
    """Every check of a URL for every role; a line for each mismatch."""
    failures = []
    for number, check in enumerate(checks, 1):
        for role in ROLES:
            outcome = check.policy[role]
            seen = perform(clients[role], name, check, scene)
            problem = verdict(outcome, seen, check, role)
            if problem:
                label = f"{check.method.upper()} #{number}" + (f" ({check.note})" if check.note else "")
                failures.append(
                    f"{name} {label} as {role}: expected {outcome} [{check.policy.name}], got {seen} — {problem}"
                )
    return failures
