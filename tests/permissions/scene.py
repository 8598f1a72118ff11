"""The objects the permission matrix requests: the `world` of tests/conftest.py and, for every app, records that
belong to unit A (Salimi estate, East Azerbaijan), made through the apps' own services and test helpers, so that
"a member of A may, a member of B may not" is exercised on real objects. Built once per test module."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from tests.conftest import make_world
from tests.permissions.matrix import PDF_FILE as PDF


def build_scene():
    s = make_world()
    _registry(s)
    _reporting(s)
    _cases(s)
    _events(s)
    _shifts(s)
    _sourcing(s)
    _notify(s)
    for value in list(vars(s).values()):
        if hasattr(value, "refresh_from_db") and getattr(value, "pk", None) is not None:
            value.refresh_from_db()
    return s


def _registry(s):
    from rownaq.registry.models import MembershipInvitation, Organisation, Product

    s.product_a = Product.objects.get(organisation=s.unit_a)
    # A knowledge-based company in Tabriz: the other side of unit A's matchmaking on a tour stage.
    s.kb = Organisation.objects.create(
        kind=Organisation.Kind.KNOWLEDGE_BASED,
        name="دانش‌بنیان قالب‌گستر (نمونه)",
        county=s.tabriz,
        isic=s.isic,
        knowledge_based_certified=True,
    )
    Product.objects.create(organisation=s.kb, name="قالب تزریق", hs=s.hs, annual_capacity=50, unit=Product.Unit.SET)
    # Another unit in the Salimi estate, without members: one more place a stage may visit or a meeting include.
    s.salimi_unit = Organisation.objects.create(
        kind=Organisation.Kind.UNIT,
        name="فولاد سلیمی (نمونه)",
        county=s.tabriz,
        estate=s.salimi,
        national_id="10606060606",
        isic=s.isic,
        latitude=Decimal("38.054"),
        longitude=Decimal("46.202"),
    )
    # A pending invitation to join unit A (made directly: the matrix plays resending and revoking it).
    s.invitation_a = MembershipInvitation.objects.create(
        organisation=s.unit_a,
        name="مدعو آزمایشی",
        mobile="09141234567",
        email="invitee@example.ir",
        token_hash="0" * 64,
        expires_at=timezone.now() + dt.timedelta(days=7),
        sent_at=timezone.now(),
        invited_by=s.staff_province,
    )


def _reporting(s):
    from rownaq.reporting import services
    from tests.reporting.conftest import fill

    month = services.latest_reportable_month()
    s.month = month
    s.report_accepted = fill(services.start_report(s.unit_a, month - 2, None))
    services.submit(s.report_accepted, None)
    services.accept(s.report_accepted, s.staff_province)
    s.report_draft = fill(services.start_report(s.unit_a, month - 1, None))
    s.report_submitted = fill(
        services.start_report(s.unit_a, month, None),
        imports=[
            {
                "item": "گرانول پلی‌پروپیلن",
                "hs": s.hs,
                "origin_country": "CN",
                "quantity": Decimal("2"),
                "unit": "t",
                "value": Decimal("3000"),
                "currency": "EUR",
            }
        ],
    )
    services.submit(s.report_submitted, None)
    s.import_line_a = s.report_submitted.import_lines.get()
    s.free_period = (month - 3).code  # a month without a report: starting one creates it


def _cases(s):
    from rownaq.cases import services
    from rownaq.cases.models import Meeting, RoutingRule
    from tests.cases.conftest import open_case, referred

    s.rule_eaz = RoutingRule.objects.create(category="export", body=s.chamber, working_days=5, province=s.eaz)
    s.case_a = referred(s, body=s.chamber, title="برگشت محمولهٔ قالب از مرز")
    s.referral_a = s.case_a.referrals.get()
    s.case_attachment_a = services.attach(s.case_a, s.member_a, "گواهی.pdf", PDF)
    s.case_new = open_case(s, title="کمبود ورق فولادی")
    resolved = referred(s, body=s.chamber, title="تأخیر در ترخیص")
    s.case_resolved = services.close_referral(resolved.referrals.get(), s.partner, outcome="انجام شد.", resolved=True)
    s.meeting_a = services.save_meeting(
        Meeting(
            title="شورای رفع موانع تولید استان",
            date=timezone.localdate(),
            province=s.eaz,
            minutes="گزارش محرمانهٔ شورا دربارهٔ گواهی مبدأ",
        ),
        s.staff_province,
        agenda=[s.case_a],
        attendees=[s.chamber],
    )
    s.resolution_a = services.add_resolution(
        s.meeting_a,
        s.staff_province,
        text="اتاق گواهی مبدأ را صادر کند",
        body=s.chamber,
        deadline=timezone.localdate() + dt.timedelta(days=14),
        case=s.case_a,
    )


def _events(s):
    from rownaq.events import services
    from rownaq.events.models import (
        ExportMeeting,
        ForeignPartner,
        Invitation,
        Lead,
        Participant,
        Tour,
        TourStage,
        Visit,
    )

    s.tour = Tour.objects.create(title="تور رسانه‌ای رونق تولید", province=s.eaz, created_by=s.staff_province)
    s.stage = TourStage.objects.create(
        tour=s.tour,
        number=1,
        date=timezone.localdate() + dt.timedelta(days=7),
        estate=s.salimi,
        meeting_point="درِ اصلی شهرک صنعتی سلیمی",
        meeting_latitude=Decimal("38.05"),
        meeting_longitude=Decimal("46.2"),
        start_time=dt.time(8),
        end_time=dt.time(16),
        speed_kmh=30,
    )
    s.visit_a = Visit.objects.create(
        stage=s.stage, organisation=s.unit_a, duration_minutes=45, opens=dt.time(8), closes=dt.time(16)
    )
    s.invitation_kb = Invitation.objects.create(
        stage=s.stage, role=Invitation.Role.KNOWLEDGE_BASED, name=s.kb.name, organisation=s.kb
    )
    s.invitation_press = Invitation.objects.create(
        stage=s.stage,
        role=Invitation.Role.JOURNALIST,
        name="خبرنگار ایرنا",
        organisation=s.irna,
        email="reporter@irna.example",
    )
    services.make_slots(s.stage, dt.time(12), dt.time(13), 20)
    s.slot_booked, s.slot_free = list(s.stage.slots.order_by("starts"))[:2]
    s.match_meeting = services.book_meeting(s.slot_booked, s.unit_a, s.kb, s.staff_province, "قالب")

    s.export_meeting = ExportMeeting.objects.create(
        title="نشست توسعهٔ صادرات به سوریه",
        country="SY",
        date=timezone.localdate(),
        province=s.eaz,
        location="اتاق بازرگانی تبریز",
    )
    s.export_meeting.organizers.add(s.chamber)
    participant = Participant.objects.create(meeting=s.export_meeting, organisation=s.unit_a)
    participant.offered_hs.add(s.hs)
    s.buyer = ForeignPartner.objects.create(
        meeting=s.export_meeting, name="سامر الحلبی", company="شرکت بازرگانی دمشق", country="SY"
    )
    s.lead = Lead.objects.create(
        meeting=s.export_meeting,
        seller=s.unit_a,
        buyer=s.buyer,
        hs=s.hs,
        product="قالب تزریق پلاستیک",
        quantity=Decimal(20),
        value=Decimal(150000),
    )


def _shifts(s):
    from rownaq.shifts.models import Assignment, Post, Roster, Shift, Worker, WorkerRequest

    s.shift_a = Shift.objects.create(unit=s.unit_a, code="ص", name="صبح", start=dt.time(6), end=dt.time(14))
    s.post_a = Post.objects.create(unit=s.unit_a, name="خط قالب‌سازی")
    s.worker_a = Worker.objects.create(unit=s.unit_a, name="رضا کارگر نمونه")
    first = dt.date(2025, 3, 22)
    s.worker_request_a = WorkerRequest.objects.create(worker=s.worker_a, date=first + dt.timedelta(days=3))
    # Approved: planning steps answer at once (no solver run) and reopening it is a real change.
    s.roster_a = Roster.objects.create(
        unit=s.unit_a, first_date=first, weeks=4, title="برنامهٔ فروردین واحد آذر", status=Roster.Status.APPROVED
    )
    s.cell_a = Assignment.objects.create(
        roster=s.roster_a,
        worker=s.worker_a,
        date=first,
        shift=s.shift_a,
        post=s.post_a,
        start=s.shift_a.start,
        minutes=480,
    )
    # A solve of roster A that member A asked for, still waiting: its page and its cancel follow the roster's scope.
    from rownaq.core import jobs
    from rownaq.core.models import Job

    s.job_a = Job.objects.create(
        kind="rownaq.shifts.tasks.solve_roster",
        title="ساخت برنامهٔ فروردین",
        subject=jobs.subject_of(s.roster_a),
        created_by=s.member_a,
        url=s.roster_a.get_absolute_url(),
    )


def _sourcing(s):
    from rownaq.core.actor import acting_as
    from rownaq.sourcing import services
    from rownaq.sourcing.models import Capability
    from tests.sourcing.conftest import anonymous_need, published

    s.need_a = published(s, title="قالب تزریق درب بطری ۸ کویته", files=[("نقشه.pdf", PDF)])
    s.need_anonymous = anonymous_need(s, title="قالب بادی بطری ۲ لیتری")
    s.need_attachment_a = s.need_a.attachments.get()
    with acting_as(s.member_a):
        s.capability_a = Capability.objects.create(
            organisation=s.unit_a, summary="ساخت قالب تزریق پلاستیک", processes=["mould_making"]
        )
    with acting_as(s.member_b):
        s.interest_b = services.express_interest(s.need_a, s.member_b, s.unit_b, "قالب‌های مشابه ساخته‌ایم")


def _notify(s):
    from rownaq.notify.models import Kind
    from rownaq.notify.services import notify

    [s.notice_a] = notify([s.member_a], Kind.REPORT_ACCEPTED, "گزارش واحد A پذیرفته شد", url="/reports/")
