"""A roster's premiums for payroll (Articles 56-63, priced by premiums.py): the rows of the premium sheet and its
Excel workbook."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from rownaq.core.jalali import JalaliMonth

from . import premiums as premium_rules
from .labour_law import IRAN_LABOUR_LAW, LabourLawRules
from .planning import law_worker
from .services import roster_workers, worker_spec


@dataclass
class PremiumRow:
    worker: object
    month: JalaliMonth
    days: int  # days of the roster in this month
    hours: Decimal
    night_hours: Decimal
    normal_hours: Decimal  # paid as normal hours: neither overtime nor holiday work
    lines: dict[str, premium_rules.PremiumLine]
    total: Decimal

    def amount(self, kind: str) -> Decimal:
        line = self.lines.get(kind)
        return line.amount if line else Decimal(0)

    def line_hours(self, kind: str) -> Decimal:
        line = self.lines.get(kind)
        return line.hours if line else Decimal(0)

    def rate(self, kind: str) -> Decimal:
        line = self.lines.get(kind)
        return line.rate if line else Decimal(0)

    @property
    def shift_percent(self) -> Decimal:
        return (self.rate("shift") * 100).normalize()

    @property
    def base_wage(self) -> Decimal:
        return premium_rules.rials(self.hours * Decimal(self.worker.hourly_wage))


def premium_lines_of(roster, holidays=()) -> list[premium_rules.RosterLine]:
    """The stored roster as the premium rules see it: each worker's terms and the hours kept on the cells."""
    worked = defaultdict(list)
    for a in roster.assignments.filter(shift__isnull=False).order_by("date"):
        worked[a.worker_id].append(premium_rules.WorkedShift(a.date, a.definition()))
    return [
        premium_rules.RosterLine(
            law_worker(worker_spec(w, roster.first_date)),
            Decimal(w.hourly_wage),
            Decimal(w.contract_hours),
            tuple(worked[w.pk]),
        )
        for w in roster_workers(roster)
        if worked[w.pk]
    ]


def premium_rows(roster, rules: LabourLawRules = IRAN_LABOUR_LAW) -> list[PremiumRow]:
    """Premiums per worker and Jalali month of the stored roster, from premiums.roster_premiums: the Art. 56
    rate of each worker's rotation over the whole roster, Art. 58 night work of those who do not rotate, Art. 59
    overtime judged over the Law's period (4 weeks for shift workers), Art. 62 Fridays, Art. 63 holidays."""
    from rownaq.core.models import Holiday

    # Official days off for every office; one body's own closure is not a Labour Law holiday.
    holidays = Holiday.objects.filter(
        organisation__isnull=True, date__gte=roster.first_date, date__lte=roster.last_date + dt.timedelta(days=1)
    ).values_list("date", flat=True)
    days_in_month = Counter(JalaliMonth.from_date(d) for d in roster.dates())
    workers = {str(w.pk): w for w in roster_workers(roster)}
    months = premium_rules.roster_premiums(
        premium_lines_of(roster), roster.first_date, roster.horizon, holidays=set(holidays), rules=rules
    )
    return [
        PremiumRow(
            worker=workers[m.worker],
            month=m.month,
            days=days_in_month[m.month],
            hours=m.hours,
            night_hours=m.night_hours,
            normal_hours=m.normal_hours,
            lines={line.kind: line for line in m.lines},
            total=m.total,
        )
        for m in months
    ]


def premium_workbook(roster) -> bytes:
    from openpyxl import Workbook

    from rownaq.core.excel import Column, workbook_bytes, write_sheet

    def percent(kind):
        return lambda r: float(r.rate(kind) * 100) if r.rate(kind) else 0

    columns = [
        Column("کد پرسنلی", lambda r: r.worker.personnel_code, 12),
        Column("نام کارگر", lambda r: r.worker.name, 24),
        Column("ماه", lambda r: r.month.label, 14),
        Column("روزهای برنامه در ماه", lambda r: r.days, 10),
        Column("ساعات کار", lambda r: r.hours, 10),
        Column("ساعات شب", lambda r: r.night_hours, 10),
        Column("ساعات عادی (بی اضافه‌کاری و تعطیل‌کاری)", lambda r: r.normal_hours, 12),
        Column("مزد ساعتی (ریال)", lambda r: Decimal(r.worker.hourly_wage), 14),
        Column("مزد ساعات کار (ریال)", lambda r: r.base_wage, 16),
        Column("نرخ نوبت‌کاری (٪، ماده ۵۶)", percent("shift"), 12),
        Column("فوق‌العادهٔ نوبت‌کاری (ریال)", lambda r: r.amount("shift"), 16),
        Column("فوق‌العادهٔ شب‌کاری ۳۵٪ (ریال، ماده ۵۸)", lambda r: r.amount("night"), 16),
        Column("ساعات اضافه‌کاری", lambda r: r.line_hours("overtime"), 10),
        Column("اضافه‌کاری ۴۰٪ (ریال، ماده ۵۹)", lambda r: r.amount("overtime"), 16),
        Column("ساعات جمعه", lambda r: r.line_hours("friday"), 10),
        Column("فوق‌العادهٔ جمعه ۴۰٪ (ریال، ماده ۶۲)", lambda r: r.amount("friday"), 16),
        Column("ساعات تعطیل رسمی", lambda r: r.line_hours("holiday"), 10),
        Column("کار در تعطیل رسمی ۴۰٪ (ریال، ماده ۶۳)", lambda r: r.amount("holiday"), 16),
        Column("جمع فوق‌العاده‌ها (ریال)", lambda r: r.total, 16),
    ]
    wb = Workbook()
    write_sheet(wb, "فوق‌العاده‌های نوبت‌کاری", columns, premium_rows(roster), first=True)
    return workbook_bytes(wb)
