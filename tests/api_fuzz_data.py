"""A little of everything the API serves, on top of the `world` fixture, so that the fuzzer's requests reach real
objects: cases with a referral, a meeting and a resolution; a published need and a maker's capability; monthly
reports; a tour with a stage, a visit and an invitation; an export meeting with a lead; a small roster.

Also the known values the fuzzer mixes into its requests (ids in paths, references in bodies)."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from rownaq.cases import services as case_services
from rownaq.cases.models import Case, Meeting, Referral
from rownaq.events import services as event_services
from rownaq.events.models import ExportMeeting, ForeignPartner, Lead, Participant, Tour, TourStage, Visit
from rownaq.places.models import County, Estate, Province
from rownaq.registry.models import HsCode, IsicCode, Organisation, Product
from rownaq.reporting import services as report_services
from rownaq.shifts.models import Post, PostDemand, Roster, Shift, Worker
from rownaq.sourcing import services as sourcing_services
from rownaq.sourcing.models import Need
from tests.cases.conftest import PDF, referred, resolved, rule
from tests.reporting.conftest import fill
from tests.sourcing.conftest import list_need, published


def seed(w):
    """Objects of every kind the API lists, in the scope of the unit member (unit A) and outside it (units B, C)."""
    # cases
    w.case_a = referred(w, body=w.chamber)
    case_services.attach(w.case_a, w.member_a, "نقشه.pdf", PDF)
    w.case_done = resolved(w, title="کالای مانده در گمرک")
    w.case_c = case_services.open_case(
        w.unit_c, w.admin, category="energy", title="قطعی برق", description="برق شهرک سه روز قطع بود."
    )
    rule("export", w.chamber, 10, province=w.eaz)
    meeting = case_services.save_meeting(
        Meeting(title="کارگروه رفع موانع تولید", date=timezone.localdate(), province=w.eaz),
        w.staff_province,
        agenda=[w.case_a],
        attendees=[w.chamber],
    )
    case_services.add_resolution(
        meeting,
        w.staff_province,
        text="اتاق بازرگانی پیگیری کند.",
        body=w.chamber,
        deadline=timezone.localdate() + dt.timedelta(days=14),
        case=w.case_a,
    )

    # sourcing: unit A buys, unit B makes
    published(w)
    list_need(w, title="بلبرینگ صنعتی", kind="part", visibility=Need.Visibility.ANONYMOUS)
    sourcing_services.save_capability(
        w.unit_b, w.admin, {"summary": "ساخت قالب تزریق پلاستیک", "processes": ["mould_making"]}, [w.hs]
    )

    # reporting: unit A's last month submitted, the month before a draft
    month = report_services.latest_reportable_month()
    report = report_services.start_report(w.unit_a, month, w.member_a)
    fill(report)
    report_services.submit(report, w.member_a)
    report_services.start_report(w.unit_a, month.previous(), w.member_a)

    # events
    tour = Tour.objects.create(title="تور رسانه‌ای رونق تولید", province=w.eaz, created_by=w.staff_province)
    stage = TourStage.objects.create(
        tour=tour,
        number=1,
        date=timezone.localdate() + dt.timedelta(days=10),
        estate=w.salimi,
        meeting_point="درِ شهرک",
        meeting_latitude=Decimal("38.05"),
        meeting_longitude=Decimal("46.2"),
        start_time=dt.time(8),
        end_time=dt.time(14),
    )
    Visit.objects.create(stage=stage, organisation=w.unit_a, duration_minutes=45)
    event_services.invite(stage, role="official", name=w.unit_a.name, organisation=w.unit_a)
    export = ExportMeeting.objects.create(
        title="نشست صادرات به ارمنستان", country="AM", province=w.eaz, date=timezone.localdate() + dt.timedelta(days=20)
    )
    Participant.objects.create(meeting=export, organisation=w.unit_a)
    buyer = ForeignPartner.objects.create(meeting=export, name="Ararat Trade", country="AM")
    Lead.objects.create(meeting=export, seller=w.unit_a, buyer=buyer, product="قالب تزریق")

    # shifts: a unit small enough for the solver to answer at once
    shift = Shift.objects.create(unit=w.unit_a, code="ص", name="صبح", start=dt.time(7), end=dt.time(15))
    post = Post.objects.create(unit=w.unit_a, name="خط پرس")
    for weekday in range(6):
        PostDemand.objects.create(post=post, shift=shift, weekday=weekday, required=1)
    for n in range(2):
        Worker.objects.create(unit=w.unit_a, name=f"کارگر {n + 1}", hourly_wage=Decimal(100_000))
    Roster.objects.create(unit=w.unit_a, first_date=dt.date(2025, 3, 22), weeks=4, title="برنامهٔ فروردین")
    return w


# The models a body field by this name refers to (values are mixed into generated bodies); per path where a name
# means different things.
REFERENCES = {
    "organisation": Organisation,
    "maker": Organisation,
    "seller": Organisation,
    "body": Organisation,
    "bodies": Organisation,
    "attendees": Organisation,
    "organizers": Organisation,
    "county": County,
    "province": Province,
    "estate": Estate,
    "product": Product,
    "hs": HsCode,
    "hs_codes": HsCode,
    "isic": IsicCode,
    "offered_hs": HsCode,
    "tour": Tour,
    "stage": TourStage,
    "case": Case,
    "agenda": Case,
    "buyer": ForeignPartner,
    "worker": Worker,
    "shift": Shift,
    "post": Post,
    "referral": Referral,
    "user": get_user_model(),
}
REFERENCES_BY_PATH = {
    "/api/rosters/": {"unit": Organisation},
    "/api/leads/": {"meeting": ExportMeeting},
    "/api/resolutions/": {"meeting": Meeting},
}


def references_for(path: str) -> dict:
    extra = next((names for prefix, names in REFERENCES_BY_PATH.items() if path.startswith(prefix)), {})
    return {**REFERENCES, **extra}


def known_values(model, limit: int = 12) -> list:
    """Primary keys of existing rows (HS and ISIC codes are their own keys)."""
    return list(model.objects.order_by("pk").values_list("pk", flat=True)[:limit])
