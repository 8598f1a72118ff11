"""The demo loader: real public bodies, sample factories marked «(نمونه)», demo users; same seed, same data."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from rownaq.core.models import ChangeRecord
from rownaq.core.national_id import is_valid_national_id
from rownaq.core.scoping import access_of
from rownaq.places.models import County, Estate, Province, StaffAssignment
from rownaq.places.services import SALIMI_ESTATE_NAME
from rownaq.registry.demo import (
    CHAMBER_ORGANISATION,
    DEMO_PASSWORD,
    IRNA_ORGANISATION,
    SUNGUN_ORGANISATION,
    UNIT_MEMBER_ORGANISATION,
    UNIT_OTHER_ORGANISATION,
    load_demo,
)
from rownaq.registry.models import HsCode, HsIsicLink, IsicCode, Membership, Organisation, Product

pytestmark = pytest.mark.django_db
Kind = Organisation.Kind
SAMPLE = "(نمونه)"


# Argon2 is deliberately slow; the module fixture runs outside the per-test settings fixture, so it says so itself.
def fast_hashing():
    return override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


def _counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "products": Product.objects.count(),
        "memberships": Membership.objects.count(),
        "staff": StaffAssignment.objects.count(),
        "users": get_user_model().objects.count(),
        "estates": Estate.objects.count(),
        "changes": ChangeRecord.objects.count(),
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded twice with the default seed (reference codes and places first, as on a fresh install);
    everything removed afterwards so other modules start from empty tables."""
    with django_db_blocker.unblock(), fast_hashing():
        started = time.monotonic()
        logins = load_demo()
        first_seconds = time.monotonic() - started
        after_first = _counts()
        started = time.monotonic()
        logins_again = load_demo()
        second_seconds = time.monotonic() - started
        yield {
            "logins": logins,
            "logins_again": logins_again,
            "after_first": after_first,
            "after_second": _counts(),
            "first_seconds": first_seconds,
            "second_seconds": second_seconds,
        }
        Membership.objects.all().delete()
        StaffAssignment.objects.all().delete()
        get_user_model().objects.all().delete()
        Product.objects.all().delete()
        Organisation.objects.all().delete()
        Estate.objects.all().delete()
        County.objects.all().delete()
        Province.objects.all().delete()
        HsIsicLink.objects.all().delete()
        HsCode.objects.all().delete()
        IsicCode.objects.all().delete()
        ChangeRecord.objects.all().delete()


def test_second_run_adds_and_changes_nothing(demo):
    assert demo["after_second"] == demo["after_first"]
    assert demo["logins_again"] == demo["logins"]


def test_load_is_fast(demo):
    # The first run includes loading the reference codes and places into empty tables.
    assert demo["first_seconds"] < 30
    assert demo["second_seconds"] < 15


def test_enough_sample_units_spread_over_estates(demo):
    units = Organisation.objects.filter(kind=Kind.UNIT)
    assert units.count() >= 60
    assert units.filter(estate__name=SALIMI_ESTATE_NAME).count() >= 20
    assert units.exclude(estate__name=SALIMI_ESTATE_NAME).exclude(estate=None).values("estate").distinct().count() >= 10
    assert Organisation.objects.filter(kind=Kind.KNOWLEDGE_BASED, knowledge_based_certified=True).count() >= 8
    assert Organisation.objects.filter(kind=Kind.KNOWLEDGE_BASED).exclude(knowledge_based_expiry=None).exists()
    assert Organisation.objects.filter(kind=Kind.ENGINEERING_GROUP, name__endswith=SAMPLE).count() >= 3


def test_every_fictitious_unit_is_marked_as_a_sample(demo):
    real_units = Organisation.objects.filter(kind__in=[Kind.UNIT, Kind.KNOWLEDGE_BASED]).exclude(name__endswith=SAMPLE)
    assert list(real_units.values_list("name", flat=True)) == [SUNGUN_ORGANISATION]


def test_every_national_id_is_valid_and_units_have_one(demo):
    ids = list(Organisation.objects.exclude(national_id=None).values_list("national_id", flat=True))
    assert ids and all(is_valid_national_id(value) for value in ids)
    assert not Organisation.objects.filter(kind=Kind.UNIT, national_id=None).exists()


def test_status_shift_and_export_mix(demo):
    units = Organisation.objects.filter(kind=Kind.UNIT)
    total = units.count()
    active = units.filter(status=Organisation.Status.ACTIVE).count()
    assert active > total * 0.6
    assert 1 <= units.filter(status=Organisation.Status.CLOSED).count() <= 2
    assert units.filter(status=Organisation.Status.SEMI_ACTIVE).exists()
    assert units.filter(status=Organisation.Status.IDLE).exists()
    assert units.filter(usual_shifts=3).count() >= total * 0.15
    assert units.filter(usual_shifts=1).exists() and units.filter(usual_shifts=2).exists()
    assert 0 < units.filter(is_exporter=True).count() < total


def test_units_have_licence_isic_class_and_products_with_existing_hs_codes(demo):
    for unit in Organisation.objects.filter(kind=Kind.UNIT).select_related("isic"):
        assert unit.isic.level == IsicCode.Level.CLASS, unit.name
        assert 1 <= unit.products.count() <= 4, unit.name
        if unit.name != SUNGUN_ORGANISATION:
            assert unit.licence_number and unit.licence_date, unit.name
    products = Product.objects.all()
    assert products.count() >= 100
    assert not products.filter(hs=None).exists()
    assert all(len(code) == 6 for code in products.values_list("hs_id", flat=True))
    assert (
        HsCode.objects.filter(pk__in=products.values("hs_id"), level=6).count()
        == products.values("hs_id").distinct().count()
    )
    assert not products.filter(annual_capacity=None).exists()


def test_products_are_made_by_their_units_isic_class(demo):
    # The concordance links each sample product's HS code to its maker's ISIC class.
    links = set(HsIsicLink.objects.values_list("hs_id", "isic_id"))
    mismatched = [
        (p.organisation.name, p.name)
        for p in Product.objects.select_related("organisation")
        if p.organisation.isic_id and (p.hs_id, p.organisation.isic_id) not in links
    ]
    assert mismatched == []


def test_some_names_are_written_with_arabic_letters_for_search_tests(demo):
    assert Organisation.objects.filter(name__contains="ي").exists()
    assert Organisation.objects.filter(name__contains="ك").exists()


def test_real_public_bodies(demo):
    sungun = Organisation.objects.get(name=SUNGUN_ORGANISATION)
    assert sungun.kind == Kind.UNIT and sungun.estate.name == "مجتمع مس سونگون"
    assert sungun.county.name == "ورزقان"
    assert sungun.products.get().hs_id == "260300"
    assert Organisation.objects.get(name=CHAMBER_ORGANISATION).kind == Kind.AGENCY
    assert Organisation.objects.filter(kind=Kind.AGENCY).count() >= 4
    assert Organisation.objects.filter(kind=Kind.MEDIA).count() >= 3
    assert Organisation.objects.filter(kind=Kind.ENGINEERING_GROUP, name__startswith="بسیج مهندسی").exists()


def test_demo_users_have_their_roles(demo):
    User = get_user_model()
    usernames = [row[0] for row in demo["logins"]]
    assert usernames == [
        "admin",
        "staff.province",
        "staff.salimi",
        "staff.marand",
        "unit.member",
        "unit.other",
        "partner.chamber",
        "press.irna",
    ]
    for username in usernames:
        user = User.objects.get(username=username)
        with fast_hashing():
            assert user.check_password(DEMO_PASSWORD)
        assert user.is_staff == (username == "admin")

    assert access_of(User.objects.get(username="admin")).is_admin

    province = access_of(User.objects.get(username="staff.province"))
    assert province.view_places["province"] == province.edit_places["province"] == {Province.objects.get(code="EAZ").pk}

    salimi = access_of(User.objects.get(username="staff.salimi"))
    assert salimi.view_places["estate"] == {Estate.objects.get(name=SALIMI_ESTATE_NAME).pk}

    marand = access_of(User.objects.get(username="staff.marand"))
    assert marand.view_places["county"] == {County.objects.get(name="مرند", province__code="EAZ").pk}
    assert not any(marand.edit_places.values())

    member = User.objects.get(username="unit.member")
    membership = member.memberships.get()
    assert membership.role == Membership.Role.MANAGER
    assert membership.organisation.name == UNIT_MEMBER_ORGANISATION
    assert membership.organisation.estate.name == SALIMI_ESTATE_NAME
    assert access_of(member).is_unit_member and not access_of(member).is_staff

    other = User.objects.get(username="unit.other").memberships.get().organisation
    assert other.name == UNIT_OTHER_ORGANISATION and other.county.name == "مرند"
    assert other.estate.name != SALIMI_ESTATE_NAME

    partner = User.objects.get(username="partner.chamber")
    assert access_of(partner).is_partner and partner.memberships.get().organisation.name == CHAMBER_ORGANISATION
    press = User.objects.get(username="press.irna")
    assert access_of(press).is_press and press.memberships.get().organisation.name == IRNA_ORGANISATION


def test_another_seed_gives_other_samples_but_same_public_bodies(demo):
    before = set(Organisation.objects.filter(name__endswith=SAMPLE).values_list("national_id", flat=True))
    public = Organisation.objects.exclude(name__endswith=SAMPLE).count()
    with fast_hashing():
        load_demo(seed=7)
    try:
        after = set(Organisation.objects.filter(name__endswith=SAMPLE).values_list("national_id", flat=True))
        assert after > before
        assert Organisation.objects.exclude(name__endswith=SAMPLE).count() == public
    finally:
        # Back to the default seed's data only, so the other tests see what they expect whatever the order.
        Organisation.objects.filter(national_id__in=after - before).delete()
