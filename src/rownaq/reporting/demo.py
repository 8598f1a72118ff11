"""Sample monthly reports for the demo's sample units (deterministic; re-runnable without duplicates).

Fourteen months of history, mostly accepted; the latest month is left mixed (some submitted awaiting review, a
few drafts, a few missing) so the review queue and the completeness page have something to show.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from rownaq.core.actor import acting_as
from rownaq.core.jalali import JalaliMonth
from rownaq.registry.models import HsCode, Organisation

from . import checks, services, stats
from .models import ExportLine, ImportLine, MonthlyReport, ProductionLine, ReportEvent

MONTHS = 14
DESTINATIONS = ["IQ", "AF", "AM", "AZ", "TR", "SY", "RU", "AE", "GE", "TM", "KZ", "OM"]
CURRENCIES = {
    "IQ": "USD",
    "AF": "USD",
    "AM": "USD",
    "AZ": "USD",
    "TR": "EUR",
    "SY": "USD",
    "RU": "CNY",
    "AE": "AED",
    "GE": "EUR",
    "TM": "USD",
    "KZ": "USD",
    "OM": "USD",
}
IMPORTED = [
    ("فولاد قالب 1.2311", "722490", "DE", "EUR"),
    ("گرانول پلی‌کربنات", "390740", "KR", "USD"),
    ("بلبرینگ SKF 6205", "848210", "SE", "EUR"),
    ("رزین اپوکسی", "390730", "CN", "CNY"),
    ("قطعات الکترونیکی PLC", "853710", "DE", "EUR"),
    ("آلیاژ آلومینیوم A380", "760120", "AE", "AED"),
]


def _moment(period: JalaliMonth, day: int, rng: random.Random):
    date = period.next().first_day() + timedelta(days=day - 1)
    return timezone.make_aware(datetime.combine(date, time(9 + rng.randrange(8), rng.randrange(60))))


def load_demo_reports(seed: int = 1403, reviewer=None) -> int:
    last = services.latest_reportable_month()
    first = last - (MONTHS - 1)
    units = list(
        Organisation.objects.filter(kind=Organisation.Kind.UNIT, name__endswith="(نمونه)")
        .exclude(status=Organisation.Status.CLOSED)
        .prefetch_related("products")
        .order_by("national_id")
    )
    hs_codes = set(HsCode.objects.filter(code__in=[i[1] for i in IMPORTED]).values_list("code", flat=True))
    created = 0
    with transaction.atomic(), acting_as(None):
        for unit in units:
            profile = random.Random(f"{seed}:{unit.national_id}")
            level = (
                profile.uniform(0.45, 1.05)
                if unit.status == Organisation.Status.ACTIVE
                else profile.uniform(0.15, 0.45)
            )
            shifts = unit.usual_shifts or 1
            employees = unit.employees or 30
            imports_item = IMPORTED[profile.randrange(len(IMPORTED))] if profile.random() < 0.5 else None
            for period in JalaliMonth.range(first, last):
                if MonthlyReport.objects.filter(organisation=unit, period_index=period.index).exists():
                    continue
                rng = random.Random(f"{seed}:{unit.national_id}:{period.code}")
                latest = period == last
                if latest and rng.random() < 0.2:
                    continue  # not reported yet: shows on the completeness page
                worked = min(3, max(1, shifts + (1 if rng.random() < 0.05 else 0) - (1 if rng.random() < 0.05 else 0)))
                staff = max(1, int(employees * rng.uniform(0.93, 1.05)))
                per_shift = [
                    staff // worked + (1 if i < staff % worked else 0) if i < worked else None for i in range(3)
                ]
                report = MonthlyReport.objects.create(
                    organisation=unit,
                    year=period.year,
                    month=period.month,
                    shifts_worked=worked,
                    working_days=min(period.days, 22 + 2 * worked + rng.randrange(3)),
                    employees_total=staff,
                    employees_shift1=per_shift[0],
                    employees_shift2=per_shift[1],
                    employees_shift3=per_shift[2],
                    domestic_sales_rial=Decimal(staff * rng.randrange(300, 900)) * 1_000_000,
                )
                for product in unit.products.all():
                    capacity = product.monthly_capacity
                    if not capacity:
                        continue
                    quantity = (capacity * Decimal(str(round(level * rng.uniform(0.85, 1.12), 3)))).quantize(
                        Decimal("0.01")
                    )
                    ProductionLine.objects.create(
                        report=report,
                        product=product,
                        quantity=quantity,
                        monthly_capacity=capacity,
                        utilisation=checks.utilisation_percent(quantity, capacity),
                    )
                if unit.is_exporter:
                    for country in profile.sample(DESTINATIONS, 2):
                        if rng.random() < 0.8:
                            product = next(iter(unit.products.all()), None)
                            ExportLine.objects.create(
                                report=report,
                                country=country,
                                product=product,
                                hs_id=product.hs_id if product else None,
                                value=Decimal(rng.randrange(20, 400)) * 1000,
                                currency=CURRENCIES[country],
                            )
                if imports_item:
                    item, hs, origin, currency = imports_item
                    ImportLine.objects.create(
                        report=report,
                        item=item,
                        hs_id=hs if hs in hs_codes else None,
                        origin_country=origin,
                        quantity=Decimal(rng.randrange(1, 30)),
                        value=Decimal(rng.randrange(5, 120)) * 1000,
                        currency=currency,
                    )
                draft = latest and rng.random() < 0.1
                if draft:
                    created += 1
                    continue
                day = rng.choice([2, 4, 6, 8, 9, 10, 10, 12, 15])
                submitted_at = _moment(period, day, rng)
                status = MonthlyReport.Status.SUBMITTED if latest else MonthlyReport.Status.ACCEPTED
                MonthlyReport.objects.filter(pk=report.pk).update(
                    status=status,
                    submitted_at=submitted_at,
                    reviewed_at=None if latest else submitted_at + timedelta(days=2),
                    reviewed_by=None if latest else reviewer,
                )
                ReportEvent.objects.create(report=report, action=ReportEvent.Action.SUBMIT, comment="")
                if not latest:
                    ReportEvent.objects.create(report=report, action=ReportEvent.Action.ACCEPT, actor=reviewer)
                created += 1
        stats.rebuild()
    return created
