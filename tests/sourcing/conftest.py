"""Fixtures of the sourcing tests: a mould maker in another estate than the buyer (with a member who has an
e-mail address), a distractor maker, files to attach, and helpers that list and publish needs through the
services. Each test starts with this process's matcher index forgotten, so it is built from the test's database."""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

from rownaq.core.actor import acting_as
from rownaq.registry.models import HsCode, Membership, Organisation, Product
from rownaq.sourcing import matching, services
from rownaq.sourcing.models import Capability, Need
from tests.conftest import PASSWORD

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
DOCX_LIKE_TEXT = "یادداشت ساده".encode()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_matcher(monkeypatch):
    """The index is built from this test's database, and reads the tables' signature on every query (tests
    change the database between two queries faster than the production interval)."""
    monkeypatch.setattr(matching, "CHECK_EVERY", 0.0)
    matching.reset()
    yield
    matching.reset()


@pytest.fixture
def makers(world):
    """A mould maker in the Marand estate (not the buyer's Salimi) with a member, and a cake-tin maker."""
    User = get_user_model()
    w = world
    w.hs_die = HsCode.objects.create(
        code="848041",
        level=6,
        parent_id="8480",
        section="XVI",
        title_en="Moulds for metal, injection or compression types",
    )
    w.mould_maker = Organisation.objects.create(
        kind=Organisation.Kind.UNIT,
        name="قالب‌سازان دقیق مرند (نمونه)",
        county=w.marand,
        estate=w.marand_estate,
        national_id="10404040404",
        isic=w.isic,
    )
    Capability.objects.create(
        organisation=w.mould_maker,
        summary="طراحی و ساخت قالب تزریق پلاستیک تا ۳۲ کویته با راهگاه گرم\nPlastic injection moulds, hot runner",
        processes=["mould_making", "machining"],
        materials="فولاد H13، فولاد 1.2311",
        certifications="ISO 9001",
        capacity="۴۰ دست قالب در سال",
    )
    w.mould_maker.capability.hs_codes.set([w.hs])
    w.maker = User.objects.create_user(
        username="maker.marand", password=PASSWORD, email="maker@example.ir", first_name="سازنده", last_name="مرند"
    )
    Membership.objects.create(user=w.maker, organisation=w.mould_maker)
    w.cake = Organisation.objects.create(
        kind=Organisation.Kind.UNIT,
        name="ظروف آشپزخانه تهران",
        county=w.tehran,
        estate=w.tehran_estate,
        national_id="10505050505",
    )
    Product.objects.create(organisation=w.cake, name="قالب کیک استیل", unit=Product.Unit.PIECE)
    for user, email in ((w.member_a, "unit.a@example.ir"), (w.staff_province, "province@example.ir")):
        user.email = email
        user.save()
    return w


def list_need(world, unit=None, user=None, files=(), **values) -> Need:
    unit = unit or world.unit_a
    user = user or world.member_a
    defaults = {
        "title": "قالب تزریق پلاستیک درب بطری ۸ کویته",
        "kind": "mould",
        "hs": world.hs,
        "hs_confirmed": True,
        "description": "قالب هات‌رانر برای درب بطری آب معدنی؛ نقشه پیوست است.",
        "annual_quantity": 2,
        "unit": "set",
        "annual_fx_value": 120000,
        "currency": "EUR",
        "origin_country": "CN",
        "processes": ["mould_making"],
        "materials": "فولاد H13",
    }
    with acting_as(user):
        return services.create_need(unit, user, {**defaults, **values}, files=files)


def published(world, **values) -> Need:
    need = list_need(world, **values)
    with acting_as(world.member_a):
        return services.move(need, world.member_a, Need.Status.PUBLISHED)


def anonymous_need(world, **values) -> Need:
    return published(world, visibility=Need.Visibility.ANONYMOUS, **values)


def identity_of(world, unit=None) -> list[str]:
    """What would identify the buyer unit A: its name, national id, estate, and the link to its registry page."""
    unit = unit or world.unit_a
    return [
        unit.name,
        unit.national_id,
        unit.estate.name,
        f"/registry/organisations/{unit.pk}/",
        f'"buyer_organisation": {unit.pk}',
    ]


@pytest.fixture
def files():
    return SimpleNamespace(pdf=PDF, png=PNG, exe=EXECUTABLE)
