"""The pipeline's rules: draft -> published -> interest -> shortlisted -> sample -> tested -> contract ->
localized, or withdrawn with a reason; refused steps change nothing; every step is recorded in NeedEvent and in
ChangeRecord; localization needs the maker, the date, the price and the FX saved; pages and API alike."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rownaq.core.actor import acting_as
from rownaq.core.models import ChangeRecord
from rownaq.sourcing import services
from rownaq.sourcing.models import Interest, Need, NeedEvent

from .conftest import list_need, published

S = Need.Status
pytestmark = pytest.mark.django_db


def localization(world, **overrides):
    values = {
        "maker": world.mould_maker,
        "localized_on": timezone.localdate() - dt.timedelta(days=3),
        "domestic_price_rial": Decimal("48000000000"),
        "fx_saved_per_year": Decimal("95000"),
    }
    return {**values, **overrides}


def step(need, user, to, **kwargs):
    with acting_as(user):
        return services.move(need, user, to, **kwargs)


def snapshot(need):
    need = Need.objects.get(pk=need.pk)
    return need.status, need.version, need.events.count(), need.maker_id, need.withdraw_reason


def change_records(need):
    return ChangeRecord.objects.filter(content_type=ContentType.objects.get_for_model(Need), object_id=str(need.pk))


def test_the_whole_way_to_localized_is_recorded_step_by_step(makers):
    w = makers
    need = list_need(w)
    assert need.status == S.DRAFT and need.version == 1
    need = step(need, w.member_a, S.PUBLISHED)
    assert need.published_at is not None
    with acting_as(w.maker):
        interest = services.express_interest(need, w.maker, w.mould_maker, "نمونه‌کار داریم.")
    need = Need.objects.get(pk=need.pk)
    assert need.status == S.INTEREST
    with acting_as(w.staff_salimi):
        need = services.shortlist(need, w.staff_salimi, [interest.pk])
    interest.refresh_from_db()
    assert (need.status, interest.status) == (S.SHORTLISTED, Interest.Status.SHORTLISTED)
    for to in (S.SAMPLE, S.TESTED, S.CONTRACT):
        need = step(need, w.staff_salimi, to, expected_version=need.version)
    need = step(need, w.staff_salimi, S.LOCALIZED, expected_version=need.version, **localization(w))
    need.refresh_from_db()
    assert need.status == S.LOCALIZED
    assert (need.maker, need.fx_saved_per_year, need.domestic_price_rial) == (
        w.mould_maker,
        Decimal("95000.00"),
        Decimal("48000000000"),
    )
    events = list(need.events.values_list("from_status", "to_status"))
    assert events == [
        ("", S.DRAFT),
        (S.DRAFT, S.PUBLISHED),
        (S.PUBLISHED, S.INTEREST),
        (S.INTEREST, S.SHORTLISTED),
        (S.SHORTLISTED, S.SAMPLE),
        (S.SAMPLE, S.TESTED),
        (S.TESTED, S.CONTRACT),
        (S.CONTRACT, S.LOCALIZED),
    ]
    actors = list(need.events.values_list("actor__username", flat=True))
    assert actors == [
        "unit.a",
        "unit.a",
        "maker.marand",
        "staff.salimi",
        "staff.salimi",
        "staff.salimi",
        "staff.salimi",
        "staff.salimi",
    ]
    statuses = [r.after["status"] for r in change_records(need).order_by("id")]
    assert statuses == [S.DRAFT, S.PUBLISHED, S.INTEREST, S.SHORTLISTED, S.SAMPLE, S.TESTED, S.CONTRACT, S.LOCALIZED]
    last = change_records(need).order_by("-id").first()
    assert last.actor == w.staff_salimi and Decimal(last.after["fx_saved_per_year"]) == 95000


@pytest.mark.parametrize(
    "start, to",
    [
        (S.DRAFT, S.SAMPLE),
        (S.DRAFT, S.LOCALIZED),
        (S.DRAFT, S.SHORTLISTED),
        (S.PUBLISHED, S.CONTRACT),
        (S.PUBLISHED, S.TESTED),
        (S.PUBLISHED, S.DRAFT),
        (S.SHORTLISTED, S.TESTED),
        (S.SAMPLE, S.CONTRACT),
        (S.SAMPLE, S.PUBLISHED),
    ],
)
def test_steps_out_of_order_are_refused_and_change_nothing(makers, start, to):
    w = makers
    need = list_need(w)
    for status in {
        S.PUBLISHED: [S.PUBLISHED],
        S.SHORTLISTED: [S.PUBLISHED, S.SHORTLISTED],
        S.SAMPLE: [S.PUBLISHED, S.SHORTLISTED, S.SAMPLE],
    }.get(start, []):
        need = step(need, w.staff_salimi, status)
    before, records = snapshot(need), change_records(need).count()
    with pytest.raises(services.SourcingError) as refused:
        step(need, w.staff_salimi, to, **localization(w))
    assert "نمی‌توان" in str(refused.value)
    assert snapshot(need) == before and change_records(need).count() == records


def test_interest_comes_only_from_a_maker(makers):
    w = makers
    need = published(w)
    with pytest.raises(services.SourcingError, match="ابراز تمایل"):
        step(need, w.staff_salimi, S.INTEREST)


@pytest.mark.parametrize("missing", ["maker", "localized_on", "domestic_price_rial", "fx_saved_per_year"])
def test_localized_needs_maker_date_price_and_fx_saved(makers, missing):
    w = makers
    need = published(w)
    for to in (S.SHORTLISTED, S.CONTRACT):
        need = step(need, w.staff_salimi, to)
    before = snapshot(need)
    values = localization(w)
    values.pop(missing)
    with pytest.raises(services.SourcingError, match="لازم است"):
        step(need, w.staff_salimi, S.LOCALIZED, **values)
    assert snapshot(need) == before


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"maker": "buyer"}, "جز خود خریدار"),
        ({"localized_on": timezone.localdate() + dt.timedelta(days=2)}, "آینده"),
        ({"fx_saved_per_year": Decimal("-1")}, "منفی"),
    ],
)
def test_localized_refuses_the_buyer_as_maker_a_future_date_and_negative_figures(makers, bad, message):
    w = makers
    need = published(w)
    for to in (S.SHORTLISTED, S.CONTRACT):
        need = step(need, w.staff_salimi, to)
    if bad.get("maker") == "buyer":
        bad = {"maker": w.unit_a}
    before = snapshot(need)
    with pytest.raises(services.SourcingError, match=message):
        step(need, w.staff_salimi, S.LOCALIZED, **localization(w, **bad))
    assert snapshot(need) == before


def test_withdrawal_needs_a_reason_and_closes_the_need(makers):
    w = makers
    need = published(w)
    before = snapshot(need)
    with pytest.raises(services.SourcingError, match="دلیل انصراف"):
        step(need, w.member_a, S.WITHDRAWN)
    with pytest.raises(services.SourcingError, match="دلیل انصراف"):
        step(need, w.member_a, S.WITHDRAWN, withdraw_reason="because")
    assert snapshot(need) == before
    need = step(
        need,
        w.member_a,
        S.WITHDRAWN,
        withdraw_reason=Need.WithdrawReason.SMALL_QUANTITY,
        withdraw_note="مصرف کم شد",
        note="مصرف کم شد",
    )
    assert (need.status, need.withdraw_reason) == (S.WITHDRAWN, "small_quantity")
    assert need.events.last().to_status == S.WITHDRAWN
    for to in (S.PUBLISHED, S.WITHDRAWN):
        with pytest.raises(services.SourcingError):
            step(need, w.member_a, to, withdraw_reason="not_needed")


def test_withdrawal_is_possible_from_a_draft_but_not_after_localization(makers):
    w = makers
    draft = list_need(w)
    assert step(draft, w.member_a, S.WITHDRAWN, withdraw_reason="not_needed").status == S.WITHDRAWN
    need = published(w, title="قالب دوم")
    for to in (S.SHORTLISTED, S.CONTRACT):
        need = step(need, w.staff_salimi, to)
    need = step(need, w.staff_salimi, S.LOCALIZED, **localization(w))
    with pytest.raises(services.SourcingError, match="باز نیست"):
        step(need, w.staff_salimi, S.WITHDRAWN, withdraw_reason="not_needed")


def test_a_stale_version_is_a_conflict(makers):
    w = makers
    need = published(w)
    stale = need.version - 1
    with pytest.raises(services.NeedConflict):
        step(need, w.staff_salimi, S.SHORTLISTED, expected_version=stale)
    assert Need.objects.get(pk=need.pk).status == S.PUBLISHED


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("member_a", True),
        ("staff_salimi", True),
        ("staff_province", True),
        ("admin", True),
        ("member_b", False),
        ("staff_marand_readonly", False),
        ("staff_other_province", False),
        ("maker", False),
        ("partner", False),
        ("nobody", False),
    ],
)
def test_who_may_move_a_need(makers, role, allowed):
    w = makers
    need = list_need(w)
    user = getattr(w, role)
    if allowed:
        assert step(need, user, S.PUBLISHED).status == S.PUBLISHED
        assert NeedEvent.objects.filter(need=need, to_status=S.PUBLISHED, actor=user).exists()
    else:
        with pytest.raises(services.SourcingError, match="حوزهٔ شما"):
            step(need, user, S.PUBLISHED)
        assert snapshot(need)[0] == S.DRAFT


def test_allowed_steps_are_the_buttons(makers):
    w = makers
    need = list_need(w)
    assert services.allowed_steps(w.member_a, need) == [S.PUBLISHED, S.WITHDRAWN]
    assert services.allowed_steps(w.member_b, need) == []
    assert services.allowed_steps(w.staff_marand_readonly, need) == []
    need = step(need, w.member_a, S.PUBLISHED)
    assert services.allowed_steps(w.staff_salimi, need) == [S.SHORTLISTED, S.WITHDRAWN]
    need = step(need, w.member_a, S.SHORTLISTED)
    assert services.allowed_steps(w.staff_salimi, need) == [S.SAMPLE, S.CONTRACT, S.WITHDRAWN]


# ---------------------------------------------------------------- the same rules through the page and the API


def test_pages_take_each_step_and_refuse_in_persian(client, makers):
    w = makers
    need = list_need(w)
    client.force_login(w.staff_salimi)
    move = reverse("sourcing:need-move", args=[need.pk])
    response = client.post(move, {"to": "published", "move-version": need.version})
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == S.PUBLISHED
    response = client.post(move, {"to": "contract", "move-version": need.version})
    assert response.status_code == 400 and "نمی‌توان" in response.content.decode()
    response = client.post(move, {"to": "shortlisted", "move-version": need.version - 1})
    assert response.status_code == 409
    response = client.post(move, {"to": "localized", "move-version": need.version})
    assert response.status_code == 400
    for to in ("shortlisted", "contract"):
        need.refresh_from_db()
        assert client.post(move, {"to": to, "move-version": need.version}).status_code == 302
    need.refresh_from_db()
    localize = reverse("sourcing:need-localize", args=[need.pk])
    response = client.post(localize, {"localize-version": need.version, "localize-maker": w.mould_maker.pk})
    assert response.status_code == 400
    assert Need.objects.get(pk=need.pk).status == S.CONTRACT
    response = client.post(
        localize,
        {
            "localize-version": need.version,
            "localize-maker": w.mould_maker.pk,
            "localize-localized_on": "1403/05/01",
            "localize-domestic_price_rial": "۴۸٬۰۰۰٬۰۰۰٬۰۰۰",
            "localize-fx_saved_per_year": "95,000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    need.refresh_from_db()
    assert (need.status, need.fx_saved_per_year, need.maker) == (S.LOCALIZED, Decimal("95000"), w.mould_maker)
    page = client.get(need.get_absolute_url()).content.decode()
    assert "۹۵٬۰۰۰" in page and w.mould_maker.name in page


def test_withdraw_page_needs_a_reason(client, makers):
    w = makers
    need = published(w)
    client.force_login(w.member_a)
    url = reverse("sourcing:need-withdraw", args=[need.pk])
    response = client.post(url, {"withdraw-version": need.version})
    assert response.status_code == 400 and Need.objects.get(pk=need.pk).status == S.PUBLISHED
    response = client.post(url, {"withdraw-version": need.version, "withdraw-withdraw_reason": "one_time"})
    assert response.status_code == 302
    assert Need.objects.get(pk=need.pk).status == S.WITHDRAWN


def test_others_cannot_post_steps(client, makers):
    w = makers
    need = list_need(w)
    url = reverse("sourcing:need-move", args=[need.pk])
    for role, expected in (
        ("member_b", 404),
        ("maker", 404),
        ("staff_marand_readonly", 404),
        ("staff_other_province", 404),
    ):
        client.force_login(getattr(w, role))
        assert client.post(url, {"to": "published", "move-version": 1}).status_code == expected, role
    assert Need.objects.get(pk=need.pk).status == S.DRAFT


def test_api_move(makers):
    w = makers
    need = list_need(w)
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=w.staff_salimi)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    url = f"/api/needs/{need.pk}/move/"
    response = client.post(url, {"to": "published", "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "published"
    assert client.post(url, {"to": "localized", "version": 2}, format="json").json()["code"] == "state"
    assert client.post(url, {"to": "shortlisted", "version": 1}, format="json").json()["code"] == "version_conflict"
    for to in ("shortlisted", "contract"):
        assert client.post(url, {"to": to}, format="json").status_code == 200
    response = client.post(
        url,
        {
            "to": "localized",
            "maker": w.mould_maker.pk,
            "localized_on": "2024-06-01",
            "domestic_price_rial": "1000",
            "fx_saved_per_year": "5000.5",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "localized" and body["fx_saved_per_year"] == "5000.50"
    assert [e["to_status"] for e in body["events"]][-1] == "localized"
    assert (
        ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(Need),
            object_id=str(need.pk),
            actor=w.staff_salimi,
            action="update",
        ).count()
        == 4
    )
    other = APIClient()
    token, _ = Token.objects.get_or_create(user=w.member_b)
    other.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert other.post(url, {"to": "withdrawn", "withdraw_reason": "one_time"}, format="json").status_code == 404
