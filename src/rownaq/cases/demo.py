"""Sample cases for the demo: the routing rules (defined processes) with the province's real partner bodies, and
a handful of sample cases at every step, one production-facilitation council meeting with resolutions.
Deterministic and re-runnable: nothing is created twice."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from rownaq.core.actor import acting_as
from rownaq.places.models import Province
from rownaq.registry import demo as registry_demo
from rownaq.registry.models import Organisation

from . import services
from .models import Case, Category, Meeting, RoutingRule

TAX = "ادارهٔ کل امور مالیاتی استان آذربایجان شرقی"
BANK = "بانک صنعت و معدن — شعبهٔ تبریز" + registry_demo.SAMPLE
RULES = [  # category, body, working days
    (Category.EXPORT, registry_demo.CHAMBER_ORGANISATION, 10),
    (Category.MARKET, registry_demo.CHAMBER_ORGANISATION, 15),
    (Category.CUSTOMS, registry_demo.CUSTOMS_ORGANISATION, 7),
    (Category.TAX, TAX, 15),
    (Category.FINANCE, BANK, 20),
    (Category.FX, BANK, 10),
    (Category.RAW_MATERIAL, registry_demo.SMT_ORGANISATION, 10),
    (Category.LICENSING, registry_demo.SMT_ORGANISATION, 10),
    (Category.ENERGY, registry_demo.SMT_ORGANISATION, 10),
    (Category.OTHER, registry_demo.SMT_ORGANISATION, 15),
]
CASES = [  # unit (by name), category, title, how far it goes
    (registry_demo.UNIT_MEMBER_ORGANISATION, Category.EXPORT, "گشایش مسیر صادرات قالب به سوریه (نمونه)", "referred"),
    (registry_demo.UNIT_MEMBER_ORGANISATION, Category.CUSTOMS, "ترخیص فولاد قالب وارداتی (نمونه)", "closed"),
    (
        registry_demo.UNIT_OTHER_ORGANISATION,
        Category.FINANCE,
        "تأمین سرمایهٔ در گردش برای نوبت سوم (نمونه)",
        "submitted",
    ),
    (registry_demo.UNIT_OTHER_ORGANISATION, Category.TAX, "بخشودگی جریمهٔ دیرکرد مالیات (نمونه)", "resolved"),
]


def load_demo_cases() -> int:
    users = get_user_model().objects
    staff = users.filter(username="staff.province").first()
    chamber_user = users.filter(username="partner.chamber").first()
    unit_user = users.filter(username="unit.member").first()
    other_user = users.filter(username="unit.other").first()
    if not (staff and chamber_user and unit_user and other_user):
        return 0
    bodies = {o.name: o for o in Organisation.objects.filter(kind=Organisation.Kind.AGENCY)}
    created = 0
    with transaction.atomic():
        with acting_as(None):
            for category, body_name, days in RULES:
                if body_name in bodies:
                    RoutingRule.objects.get_or_create(
                        category=category,
                        county=None,
                        estate=None,
                        province=Province.objects.get(code="EAZ"),
                        body=bodies[body_name],
                        defaults={"working_days": days},
                    )
        for unit_name, category, title, stage in CASES:
            if Case.objects.filter(title=title).exists():
                continue
            unit = Organisation.objects.get(name=unit_name)
            member = unit_user if unit.name == registry_demo.UNIT_MEMBER_ORGANISATION else other_user
            with acting_as(member):
                case = services.open_case(
                    unit,
                    member,
                    category=category,
                    title=title,
                    description="پرونده‌ای نمونه برای نمایش روند رفع موانع تولید.",
                )
            created += 1
            if stage == "submitted":
                continue
            with acting_as(staff):
                case = services.triage(case, staff, expected_version=case.version)
                case = services.refer(case, staff, [case.suggested_body], expected_version=case.version)
            if stage == "referred":
                continue
            referral = case.referrals.get()
            actor = chamber_user if referral.body.name == registry_demo.CHAMBER_ORGANISATION else staff
            with acting_as(actor):
                case = services.close_referral(referral, actor, outcome="با پیگیری نهاد مسئول حل شد.", resolved=True)
            if stage == "closed":
                with acting_as(member):
                    services.confirm(case, member, satisfaction=4, comment="سپاس از پیگیری.")
        if not Meeting.objects.filter(title__startswith="ستاد تسهیل و رفع موانع تولید").exists():
            agenda = list(Case.objects.filter(status__in=Case.OPEN_STATUSES)[:2])
            with acting_as(staff):
                meeting = services.save_meeting(
                    Meeting(
                        title="ستاد تسهیل و رفع موانع تولید استان — جلسهٔ نمونه",
                        date=timezone.localdate() - dt.timedelta(days=7),
                        province=Province.objects.get(code="EAZ"),
                        attendee_names="کارشناسان سازمان صمت، اتاق بازرگانی تبریز، بانک (نمونه)",
                    ),
                    staff,
                    agenda=agenda,
                    attendees=[b for n, b in bodies.items() if n in (registry_demo.CHAMBER_ORGANISATION, BANK)],
                )
                for case in agenda:
                    body = case.suggested_body or bodies[registry_demo.SMT_ORGANISATION]
                    services.add_resolution(
                        meeting,
                        staff,
                        text=f"پیگیری «{case.title}» تا نتیجهٔ نهایی",
                        body=body,
                        case=case,
                        deadline=timezone.localdate() + dt.timedelta(days=14),
                    )
    return created
