"""A media tour in East Azerbaijan: stage 2 in the Salimi estate with six units of different opening hours."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from rownaq.core.national_id import make_national_id
from rownaq.events.models import Tour, TourStage, Visit
from rownaq.registry.models import Organisation

# name, offset from the estate (degrees), opens, closes; the last unit opens late.
SALIMI_UNITS = [
    ("فولاد سلیمی (نمونه)", (0.004, 0.002), "08:00", "15:00"),
    ("پلاستیک تبریز (نمونه)", (0.008, -0.003), "08:30", "16:00"),
    ("قطعه‌سازی ارس (نمونه)", (-0.005, 0.006), "09:00", "14:00"),
    ("رنگ‌سازی سهند (نمونه)", (0.012, 0.009), "08:00", "13:00"),
    ("الکترونیک آذر (نمونه)", (-0.010, -0.007), "10:00", "16:00"),
    ("ماشین‌سازی سلیمی (نمونه)", (0.002, 0.014), "11:30", "16:00"),
]


def clock(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


@pytest.fixture
def tour(world):
    return Tour.objects.create(
        title="تور رسانه‌ای رونق تولید",
        province=world.eaz,
        created_by=world.staff_province,
        description="بازدید خبرنگاران از واحدهای تولیدی استان",
    )


@pytest.fixture
def salimi_units(world):
    units = []
    for n, (name, (dlat, dlon), _, _) in enumerate(SALIMI_UNITS):
        units.append(
            Organisation.objects.create(
                kind=Organisation.Kind.UNIT,
                name=name,
                county=world.tabriz,
                estate=world.salimi,
                national_id=make_national_id(f"40{n}7654321"),
                isic=world.isic,
                usual_shifts=2,
                employees=60 + n,
                latitude=Decimal("38.05") + Decimal(str(dlat)),
                longitude=Decimal("46.2") + Decimal(str(dlon)),
            )
        )
    return units


@pytest.fixture
def stage(world, tour):
    return TourStage.objects.create(
        tour=tour,
        number=2,
        date=timezone.localdate() + dt.timedelta(days=7),
        estate=world.salimi,
        meeting_point="درِ اصلی شهرک صنعتی سلیمی",
        meeting_latitude=Decimal("38.05"),
        meeting_longitude=Decimal("46.2"),
        start_time=clock("08:00"),
        end_time=clock("16:00"),
        speed_kmh=30,
    )


@pytest.fixture
def visits(stage, salimi_units):
    return [
        Visit.objects.create(
            stage=stage, organisation=unit, duration_minutes=45, opens=clock(opens), closes=clock(closes)
        )
        for unit, (_, _, opens, closes) in zip(salimi_units, SALIMI_UNITS)
    ]


@pytest.fixture
def companies(world):
    """A knowledge-based company that makes moulds (HS 848071) and a Basij engineering group, each with a member."""
    from django.contrib.auth import get_user_model

    from rownaq.registry.models import Membership, Product
    from tests.conftest import PASSWORD

    kb = Organisation.objects.create(
        kind=Organisation.Kind.KNOWLEDGE_BASED,
        name="دانش‌بنیان قالب‌گستر (نمونه)",
        county=world.tabriz,
        isic=world.isic,
        knowledge_based_certified=True,
    )
    Product.objects.create(organisation=kb, name="قالب تزریق", hs=world.hs, annual_capacity=50, unit=Product.Unit.SET)
    engineering = Organisation.objects.create(
        kind=Organisation.Kind.ENGINEERING_GROUP, name="گروه مهندسی بسیج سازندگی (نمونه)", county=world.tabriz
    )
    users = {}
    for username, org in (("kb.member", kb), ("eng.member", engineering)):
        users[username] = get_user_model().objects.create_user(
            username=username, password=PASSWORD, email=f"{username}@example.com"
        )
        Membership.objects.create(user=users[username], organisation=org)
    return {"kb": kb, "engineering": engineering, **users}


@pytest.fixture
def invited(stage, companies, world):
    from rownaq.events.models import Invitation

    return {
        "kb": Invitation.objects.create(
            stage=stage,
            role=Invitation.Role.KNOWLEDGE_BASED,
            name=companies["kb"].name,
            organisation=companies["kb"],
            email="kb@example.com",
        ),
        "engineering": Invitation.objects.create(
            stage=stage,
            role=Invitation.Role.ENGINEERING,
            name=companies["engineering"].name,
            organisation=companies["engineering"],
        ),
        "press": Invitation.objects.create(
            stage=stage,
            role=Invitation.Role.JOURNALIST,
            name="خبرنگار ایرنا",
            organisation=world.irna,
            email="reporter@irna.example",
        ),
    }


@pytest.fixture
def slots(stage):
    from rownaq.events import services

    services.make_slots(stage, clock("12:00"), clock("13:00"), 20)
    return list(stage.slots.all())


@pytest.fixture
def export_meeting(world):
    """A meeting on exports to Syria, organised with the Tabriz Chamber of Commerce; unit A offers moulds."""
    from rownaq.events.models import ExportMeeting, ForeignPartner, Lead, Participant

    meeting = ExportMeeting.objects.create(
        title="نشست توسعهٔ صادرات به سوریه",
        country="SY",
        date=timezone.localdate(),
        province=world.eaz,
        location="اتاق بازرگانی تبریز",
    )
    meeting.organizers.add(world.chamber)
    participant = Participant.objects.create(meeting=meeting, organisation=world.unit_a)
    participant.offered_hs.add(world.hs)
    buyer = ForeignPartner.objects.create(
        meeting=meeting, name="سامر الحلبی", company="شرکت بازرگانی دمشق", country="SY"
    )
    lead = Lead.objects.create(
        meeting=meeting,
        seller=world.unit_a,
        buyer=buyer,
        hs=world.hs,
        product="قالب تزریق پلاستیک",
        quantity=Decimal(20),
        value=Decimal(150000),
    )
    return SimpleNamespace(meeting=meeting, buyer=buyer, lead=lead, participant=participant)
