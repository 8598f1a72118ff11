"""Shared fixtures: a small world with every role, and a real Chromium for browser journeys."""

import os
from contextlib import contextmanager
from types import SimpleNamespace

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "a-Strong-pass-1403"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is deliberately slow (production keeps it); tests that create many users use a fast hasher."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",  # verifies hashes made outside this override
    ]


@pytest.fixture
def world(db):
    """Two provinces, three estates, organisations of every kind and a user for every role."""
    return make_world()


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def module_scene(django_db_blocker, media_root):
    """For a scene built once per test module: uploads go to `media_root`, the sourcing matcher's per-process index
    is rebuilt from this module's database (and re-read on every query), and everything written happens inside one
    outer transaction that is rolled back when the module ends; each test then runs in a savepoint of it
    (pytest-django's `db`). Yields a MonkeyPatch for the module's own stubs; build the scene inside
    `django_db_blocker.unblock()` (with FAST_HASHERS for its users)."""
    from django.db import transaction
    from django.test.utils import override_settings

    from rownaq.sourcing import matching

    media = override_settings(MEDIA_ROOT=str(media_root))
    media.enable()
    patches = pytest.MonkeyPatch()
    patches.setattr(matching, "CHECK_EVERY", 0.0)
    matching.reset()
    outer = transaction.atomic()
    try:
        with django_db_blocker.unblock():
            outer.__enter__()
        yield patches
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
        matching.reset()
        patches.undo()
        media.disable()


def make_world():
    """The world fixture's objects, also for fixtures of a wider scope (tests/permissions builds it once a module)."""
    from django.contrib.auth import get_user_model

    from rownaq.core.national_id import make_national_id
    from rownaq.places.models import County, Estate, Province, StaffAssignment
    from rownaq.registry.models import HsCode, IsicCode, Membership, Organisation, Product

    User = get_user_model()
    w = SimpleNamespace()
    w.eaz = Province.objects.create(code="EAZ", name="آذربایجان شرقی", name_en="East Azerbaijan", center="تبریز")
    w.thr = Province.objects.create(code="THR", name="تهران", name_en="Tehran", center="تهران")
    w.tabriz = County.objects.create(province=w.eaz, name="تبریز", name_en="Tabriz")
    w.marand = County.objects.create(province=w.eaz, name="مرند", name_en="Marand")
    w.tehran = County.objects.create(province=w.thr, name="تهران", name_en="Tehran")
    w.salimi = Estate.objects.create(county=w.tabriz, name="شهرک صنعتی سلیمی", latitude=38.05, longitude=46.2)
    w.marand_estate = Estate.objects.create(county=w.marand, name="شهرک صنعتی مرند")
    w.tehran_estate = Estate.objects.create(county=w.tehran, name="شهرک صنعتی عباس‌آباد")

    section = IsicCode.objects.create(code="C", level=1, section="C", title_en="Manufacturing")
    division = IsicCode.objects.create(
        code="28", level=2, parent=section, section="C", title_en="Manufacture of machinery", title_fa="ساخت ماشین‌آلات"
    )
    group = IsicCode.objects.create(code="282", level=3, parent=division, section="C", title_en="Special machinery")
    w.isic = IsicCode.objects.create(
        code="2822",
        level=4,
        parent=group,
        section="C",
        title_en="Manufacture of metal-forming machinery and machine tools",
    )
    chapter = HsCode.objects.create(code="84", level=2, section="XVI", title_en="Machinery")
    heading = HsCode.objects.create(code="8480", level=4, parent=chapter, section="XVI", title_en="Moulding boxes")
    w.hs = HsCode.objects.create(
        code="848071",
        level=6,
        parent=heading,
        section="XVI",
        title_en="Moulds for injection or compression of rubber or plastics",
    )

    def org(name, county, estate=None, kind=Organisation.Kind.UNIT, seed=""):
        national_id = make_national_id(seed) if seed else None
        return Organisation.objects.create(
            kind=kind,
            name=name,
            county=county,
            estate=estate,
            national_id=national_id,
            isic=w.isic,
            usual_shifts=3,
            employees=120,
        )

    w.unit_a = org("صنایع قالب‌سازی آذر (نمونه)", w.tabriz, w.salimi, seed="1010101010")
    w.unit_b = org("ریخته‌گری مرند (نمونه)", w.marand, w.marand_estate, seed="1020202020")
    w.unit_c = org("ماشین‌سازی تهران (نمونه)", w.tehran, w.tehran_estate, seed="1030303030")
    w.chamber = org("اتاق بازرگانی تبریز", w.tabriz, kind=Organisation.Kind.AGENCY)
    w.irna = org("ایرنا تبریز", w.tabriz, kind=Organisation.Kind.MEDIA)
    Product.objects.create(
        organisation=w.unit_a, name="قالب تزریق پلاستیک", hs=w.hs, annual_capacity=100, unit=Product.Unit.SET
    )

    def user(username, **extra):
        u = User.objects.create_user(username=username, password=PASSWORD, **extra)
        return u

    w.admin = user("admin", is_superuser=True, is_staff=True)
    w.staff_province = user("staff.province")
    StaffAssignment.objects.create(user=w.staff_province, province=w.eaz)
    w.staff_salimi = user("staff.salimi")
    StaffAssignment.objects.create(user=w.staff_salimi, estate=w.salimi)
    w.staff_marand_readonly = user("staff.marand")
    StaffAssignment.objects.create(user=w.staff_marand_readonly, county=w.marand, can_edit=False)
    w.staff_other_province = user("staff.tehran")
    StaffAssignment.objects.create(user=w.staff_other_province, province=w.thr)
    w.member_a = user("unit.a")
    Membership.objects.create(user=w.member_a, organisation=w.unit_a, role=Membership.Role.MANAGER)
    w.member_b = user("unit.b")
    Membership.objects.create(user=w.member_b, organisation=w.unit_b)
    w.partner = user("partner.chamber")
    Membership.objects.create(user=w.partner, organisation=w.chamber)
    w.press = user("press.irna")
    Membership.objects.create(user=w.press, organisation=w.irna)
    w.nobody = user("no.role")
    return w


# ---------------------------------------------------------------- browser

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and os.path.exists(candidate):
            return candidate
    pytest.fail("Chromium is missing: run `bash scripts/ensure-chromium.sh` (Debian package chromium).")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fa-IR", accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def login(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
