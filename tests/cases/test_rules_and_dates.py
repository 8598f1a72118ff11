"""Routing rules pick the most specific active rule; due dates count working days (Friday off, plus holidays)."""

import datetime as dt

import pytest

from rownaq.cases import services
from rownaq.cases.models import Case, FollowUp, RoutingRule
from rownaq.core.models import Holiday
from rownaq.registry.models import Organisation

from .conftest import FRIDAY, MONDAY, SATURDAY, SUNDAY, THURSDAY, WEDNESDAY, next_weekday, open_case, rule


@pytest.fixture
def rules(bodies):
    w = bodies
    w.bank = Organisation.objects.create(kind=Organisation.Kind.AGENCY, name="بانک صادرات", county=w.tabriz)
    return {
        "global": rule("export", w.bank, 20),
        "east_azerbaijan": rule("export", w.customs, 12, province=w.eaz),
        "tabriz": rule("export", w.chamber, 7, county=w.tabriz),
        "salimi": rule("export", w.chamber, 3, estate=w.salimi),
        "inactive_salimi": RoutingRule.objects.create(
            category="export", body=w.bank, working_days=1, estate=w.salimi, active=False
        ),
        "other_category": rule("tax", w.bank, 2, estate=w.salimi),
    }


def test_the_most_specific_active_rule_wins(bodies, rules):
    w = bodies
    tabriz_outside_estates = Organisation.objects.create(
        kind=Organisation.Kind.UNIT, name="واحد بیرون از شهرک", county=w.tabriz, national_id="10404040404"
    )
    assert services.find_rule("export", w.unit_a) == rules["salimi"]  # estate
    assert services.find_rule("export", tabriz_outside_estates) == rules["tabriz"]  # county
    assert services.find_rule("export", w.unit_b) == rules["east_azerbaijan"]  # province (Marand)
    assert services.find_rule("export", w.unit_c) == rules["global"]  # Tehran: only the global rule
    assert services.find_rule("tax", w.unit_b) is None
    assert services.find_rule("export", w.unit_a, body=w.customs) == rules["east_azerbaijan"]


def test_a_rule_takes_its_province_and_county_from_its_estate(bodies, rules):
    salimi = rules["salimi"]
    assert (salimi.county, salimi.province, salimi.specificity) == (bodies.tabriz, bodies.eaz, 3)
    assert (rules["tabriz"].province, rules["tabriz"].specificity) == (bodies.eaz, 2)
    assert rules["east_azerbaijan"].specificity == 1 and rules["global"].specificity == 0


def test_among_equal_rules_the_oldest_wins_and_deactivating_it_hands_over(bodies, rules):
    newer = rule("export", bodies.customs, 4, estate=bodies.salimi)
    assert services.find_rule("export", bodies.unit_a) == rules["salimi"]
    RoutingRule.objects.filter(pk=rules["salimi"].pk).update(active=False)
    assert services.find_rule("export", bodies.unit_a) == newer


def test_a_case_gets_its_suggested_body_and_due_date_from_the_rule(bodies, rules, clock):
    monday = clock.set(next_weekday(MONDAY))
    case = open_case(bodies)
    assert case.suggested_body == bodies.chamber
    assert case.due_date == monday + dt.timedelta(days=3)  # Tue, Wed, Thu
    assert case.tracking_code and case.status == Case.Status.SUBMITTED
    assert "اتاق بازرگانی تبریز" in case.follow_ups.get().text


def test_without_a_rule_the_default_of_ten_working_days_applies(bodies, clock):
    saturday = clock.set(next_weekday(SATURDAY))
    case = open_case(bodies, category="labour")
    assert case.suggested_body is None
    # Ten working days from a Saturday: Sun..Thu (5), skip Friday, Sat..Wed (5)
    assert case.due_date == saturday + dt.timedelta(days=11)


def test_wednesday_plus_three_working_days_skips_friday_and_a_saturday_holiday(bodies, rules, clock):
    wednesday = clock.set(next_weekday(WEDNESDAY))
    saturday = wednesday + dt.timedelta(days=3)
    assert saturday.weekday() == SATURDAY
    Holiday.objects.create(date=saturday, title="تعطیل رسمی (آزمایشی)")
    case = open_case(bodies)  # the Salimi rule: 3 working days
    # Thursday (1), Friday off, Saturday holiday, Sunday (2), Monday (3)
    assert case.due_date == wednesday + dt.timedelta(days=5)
    assert case.due_date.weekday() == MONDAY


def test_referral_due_dates_follow_each_body_rule_and_the_case_takes_the_latest(bodies, rules, clock):
    thursday = clock.set(next_weekday(THURSDAY))
    Holiday.objects.create(date=thursday + dt.timedelta(days=3), title="تعطیل")  # the Sunday after
    case = open_case(bodies)
    case = services.triage(case, bodies.staff_province, expected_version=case.version)
    case = services.refer(case, bodies.staff_province, [bodies.chamber, bodies.customs], expected_version=case.version)
    due = {r.body: r.due_date for r in case.referrals.all()}
    # Chamber (Salimi rule, 3 days) from Thursday: Sat (1), Sun holiday, Mon (2), Tue (3)
    assert due[bodies.chamber] == thursday + dt.timedelta(days=5)
    # Customs (province rule, 12 days): Sat, Mon-Thu (5), Sat-Thu (11), Sat (12) -> 16 days, one holiday
    assert due[bodies.customs] == thursday + dt.timedelta(days=16)
    assert case.due_date == due[bodies.customs]
    assert case.status == Case.Status.REFERRED
    assert case.follow_ups.filter(kind=FollowUp.Kind.REFERRAL).count() == 2


@pytest.mark.parametrize(
    "start_weekday, days, expected_offset",
    [
        (WEDNESDAY, 1, 1),  # Thursday
        (WEDNESDAY, 2, 3),  # Thursday, (Friday), Saturday
        (THURSDAY, 1, 2),  # (Friday), Saturday
        (FRIDAY, 1, 1),  # Saturday
        (SUNDAY, 5, 6),  # Mon-Thu (4), (Friday), Saturday
    ],
)
def test_due_after_counts_working_days_only(db, start_weekday, days, expected_offset):
    start = next_weekday(start_weekday)
    assert services.due_after(days, start) == start + dt.timedelta(days=expected_offset)
