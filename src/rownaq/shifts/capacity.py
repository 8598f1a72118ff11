"""The capacity simulator: what a move to three shifts would take and give for a unit (staff by skill, output,
wages and premiums), from lawful rosters it builds (simulation.py) and prices like payroll."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from rownaq.core.jalali import JalaliMonth
from rownaq.core.persian import format_number

from . import premiums as premium_rules
from . import simulation
from .labour_law import IRAN_LABOUR_LAW, LabourLawRules, ShiftDefinition
from .planning import iranian_weekday


@dataclass
class SkillNeed:
    skill: str
    hazardous: bool
    registered: int
    per_shift: Decimal  # people on one shift, averaged over the week
    hourly_wage: Decimal
    now: Scenario
    three: Scenario

    @property
    def needed_now(self) -> int:
        return self.now.workers

    @property
    def needed_three(self) -> int:
        return self.three.workers

    @property
    def premium_now(self) -> Decimal:
        return self.now.premium

    @property
    def premium_three(self) -> Decimal:
        return self.three.premium

    @property
    def to_hire(self) -> int:
        return max(0, self.needed_three - self.registered)


@dataclass
class Scenario:
    """One group's simulated roster on some turns: its workers, the places it leaves empty and its premiums
    (premiums.roster_premiums, the payroll sheet's rules)."""

    lines: list[premium_rules.RosterLine]
    missing: int
    months: list[premium_rules.MonthPremiums]

    @property
    def workers(self) -> int:
        return len(self.lines)

    @property
    def premium(self) -> Decimal:
        return sum((m.total for m in self.months), Decimal(0))

    @property
    def basis(self) -> str:
        """The premium lines the roster earns, e.g. «نوبت‌کاری ۱۵٪، جمعه ۴۰٪» (Persian)."""
        names = {
            "shift": "نوبت‌کاری",
            "night": "شب‌کاری",
            "overtime": "اضافه‌کاری",
            "friday": "جمعه",
            "holiday": "تعطیل رسمی",
        }
        seen = sorted(
            {(line.kind, line.rate) for m in self.months for line in m.lines},
            key=lambda kr: (list(names).index(kr[0]), kr[1]),
        )
        return "، ".join(f"{names[kind]} {format_number((rate * 100).normalize())}٪" for kind, rate in seen)


@dataclass
class ProductOutput:
    name: str
    unit_label: str
    monthly_capacity: Decimal | None
    utilisation: Decimal | None  # %, recent accepted reports
    utilisation_is_estimate: bool
    output_now: Decimal | None
    utilisation_three: Decimal | None
    output_three: Decimal | None

    @property
    def gain(self) -> Decimal | None:
        if self.output_now is None or self.output_three is None:
            return None
        return self.output_three - self.output_now


@dataclass
class Simulation:
    unit: object
    current_shifts: int
    shifts_source: str
    shift_hours: Decimal
    skills: list[SkillNeed]
    products: list[ProductOutput]
    reports_used: list
    employees_by_shift_now: list[int]
    employees_by_shift_three: list[int]
    first_date: dt.date  # of the four-week rosters the figures come from
    horizon: int
    rules: LabourLawRules = IRAN_LABOUR_LAW

    @property
    def last_date(self) -> dt.date:
        return self.first_date + dt.timedelta(days=self.horizon - 1)

    @property
    def missing_three(self) -> int:
        return sum(s.three.missing for s in self.skills)

    @property
    def workers_now(self) -> int:
        return sum(s.needed_now for s in self.skills)

    @property
    def workers_three(self) -> int:
        return sum(s.needed_three for s in self.skills)

    @property
    def registered(self) -> int:
        return sum(s.registered for s in self.skills)

    @property
    def to_hire(self) -> int:
        return sum(s.to_hire for s in self.skills)

    @property
    def premium_now(self) -> Decimal:
        return sum((s.premium_now for s in self.skills), Decimal(0))

    @property
    def premium_three(self) -> Decimal:
        return sum((s.premium_three for s in self.skills), Decimal(0))


STANDARD_STARTS = (dt.time(6), dt.time(14), dt.time(22))  # morning, evening, night (Art. 53 and 55)
SIMULATED_WEEKS = 4


def simulated_turns(
    shifts, minutes: int, hazardous: bool, rules: LabourLawRules = IRAN_LABOUR_LAW
) -> list[ShiftDefinition]:
    """The three turns of a simulation: the unit's shifts in its order, and for a turn it does not have yet the
    standard start with the unit's usual length; hazardous posts' turns cut to 6 h (Art. 52)."""
    turns = []
    for t in range(3):
        start, length = (shifts[t].start, shifts[t].minutes) if t < len(shifts) else (STANDARD_STARTS[t], minutes)
        if hazardous:
            length = min(length, rules.hazardous_max_daily_hours * 60)
        turns.append(ShiftDefinition(str(t), start, length))
    return turns


def simulated_scenario(
    rows: list[list[int]],
    turns: list[ShiftDefinition],
    hazardous: bool,
    prefix: str,
    wage: Decimal,
    first: dt.date,
    horizon: int,
    holidays,
    rules: LabourLawRules,
) -> Scenario:
    """The roster of a group's head-count rows (per turn, per Iranian weekday) over the horizon, and its premiums
    by the payroll sheet's rules."""
    need = {(turns[t].id, wd): people for t, row in enumerate(rows) for wd, people in enumerate(row) if people}
    days = simulation.needed_per_day(
        need, turns, [iranian_weekday(first + dt.timedelta(days=d)) for d in range(horizon)]
    )
    staffing = simulation.staff(turns, days, hazardous, prefix, rules)
    by_id = {t.id: t for t in turns}
    weekly = Decimal(rules.hazardous_max_weekly_hours if hazardous else rules.max_weekly_hours)
    lines = [
        premium_rules.RosterLine(w, wage, weekly, premium_rules.worked_shifts(line, by_id, first))
        for w, line in zip(staffing.workers, staffing.roster)
    ]
    months = premium_rules.roster_premiums(lines, first, horizon, holidays=holidays, rules=rules)
    return Scenario(lines=lines, missing=staffing.missing, months=months)


def simulation_start(today: dt.date) -> dt.date:
    """The first Saturday on or after the first day of the coming Jalali month."""
    first = JalaliMonth.from_date(today).next().first_day()
    return first + dt.timedelta(days=(-iranian_weekday(first)) % 7)


def current_shift_count(unit) -> tuple[int, str, list]:
    from rownaq.reporting.models import MonthlyReport

    reports = list(
        MonthlyReport.objects.filter(organisation=unit, status=MonthlyReport.Status.ACCEPTED).order_by("-period_index")[
            :3
        ]
    )
    for report in reports:
        if report.shifts_worked:
            return report.shifts_worked, f"گزارش ماهانهٔ {report.period.label}", reports
    if unit.usual_shifts:
        return unit.usual_shifts, "پروندهٔ واحد (تعداد نوبت معمول)", reports
    return 1, "فرض یک نوبت (داده‌ای ثبت نشده است)", reports


def simulate(unit, today: dt.date | None = None) -> Simulation:
    """What moving to three shifts would need and give, beside today's figures. Needs: for each group of posts
    (skill, hazardous), the fewest workers with a lawful four-week roster that covers its head-count (today's
    turns, and three turns), and that roster's premiums by the payroll sheet's rules. Gives: output from the
    unit's product capacities and recent utilisation.

    A post staffed on every turn the unit works today runs with production: with three shifts it takes its own
    figure on a turn it has, the busiest turn's on one it does not work yet. A post staffed on some turns only
    (a night guard) keeps its own turns in both."""
    from rownaq.core.models import Holiday
    from rownaq.registry.models import Product
    from rownaq.reporting.models import ProductionLine

    from .models import Post, Shift, Worker

    rules = IRAN_LABOUR_LAW
    current, source, reports = current_shift_count(unit)
    current = max(1, min(3, current))
    shifts = list(Shift.objects.filter(unit=unit))
    minutes = round(sum(s.minutes for s in shifts) / len(shifts)) if shifts else rules.max_daily_hours * 60
    first = simulation_start(today or timezone.localdate())
    horizon = SIMULATED_WEEKS * 7
    holidays = set(
        Holiday.objects.filter(
            organisation__isnull=True, date__gte=first, date__lte=first + dt.timedelta(days=horizon)
        ).values_list("date", flat=True)
    )
    workers = list(Worker.objects.filter(unit=unit, active=True))
    posts = list(Post.objects.filter(unit=unit).prefetch_related("demands"))

    turn_ids = [s.pk for s in shifts[:3]]  # in the unit's order: the first is the day shift
    groups: dict[tuple[str, bool], dict] = {}
    for post in posts:
        table = post.need_table()
        rows = [[table.get((sid, wd), 0) for wd in range(7)] for sid in turn_ids]
        if not any(map(any, rows)):
            continue
        peak = [max(row[wd] for row in rows) for wd in range(7)]
        follows_unit = all(any(rows[t]) for t in range(min(current, len(rows))))
        if follows_unit:
            now = [rows[t] if t < len(rows) else peak for t in range(current)]
            three = [rows[t] if t < len(rows) and any(rows[t]) else peak for t in range(3)]
        else:
            now = three = rows + [[0] * 7] * (3 - len(rows))
        group = groups.setdefault(
            (post.skill_key, post.hazardous), {"now": [[0] * 7 for _ in range(3)], "three": [[0] * 7 for _ in range(3)]}
        )
        for target, turn_rows in (("now", now), ("three", three)):
            for t, row in enumerate(turn_rows):
                group[target][t] = [a + b for a, b in zip(group[target][t], row)]
    skills = []
    by_shift_now = [0, 0, 0]
    by_shift_three = [0, 0, 0]
    for n, ((skill, hazardous), group) in enumerate(sorted(groups.items())):
        turns = simulated_turns(shifts, minutes, hazardous, rules)
        takers = [w for w in workers if w.hazardous == hazardous and (not skill or skill in w.skill_set)]
        wages = [Decimal(w.hourly_wage) for w in takers if w.hourly_wage]
        wage = (sum(wages) / len(wages)).quantize(Decimal(1)) if wages else Decimal(0)
        for t in range(3):
            by_shift_now[t] += max(group["now"][t])
            by_shift_three[t] += max(group["three"][t])
        skills.append(
            SkillNeed(
                skill=skill or "بدون مهارت خاص",
                hazardous=hazardous,
                registered=len(takers),
                per_shift=(Decimal(sum(map(sum, group["three"]))) / 21).quantize(Decimal("0.1")),
                hourly_wage=wage,
                now=simulated_scenario(
                    group["now"], turns, hazardous, f"{n}-now-", wage, first, horizon, holidays, rules
                ),
                three=simulated_scenario(
                    group["three"], turns, hazardous, f"{n}-three-", wage, first, horizon, holidays, rules
                ),
            )
        )

    report_ids = [r.pk for r in reports]
    utilisation: dict[int, list[Decimal]] = defaultdict(list)
    for line in ProductionLine.objects.filter(report_id__in=report_ids, utilisation__isnull=False):
        utilisation[line.product_id].append(Decimal(line.utilisation))

    def share(value: Decimal | None, percent: Decimal) -> Decimal | None:
        if value is None:
            return None
        return (value * percent / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    products = []
    for product in Product.objects.filter(organisation=unit).order_by("name"):
        capacity = share(Decimal(product.annual_capacity) / 12, Decimal(100)) if product.annual_capacity else None
        values = utilisation.get(product.pk)
        if values:
            used, estimate = (sum(values) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), False
        else:  # no accepted report: assume the unit's present shifts use their share of three
            used, estimate = (Decimal(100) * current / 3).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), True
        three = min(Decimal(100), (used * 3 / current).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
        products.append(
            ProductOutput(
                name=product.name,
                unit_label=product.get_unit_display(),
                monthly_capacity=capacity,
                utilisation=used,
                utilisation_is_estimate=estimate,
                output_now=share(capacity, used),
                utilisation_three=three,
                output_three=share(capacity, three),
            )
        )
    return Simulation(
        unit=unit,
        current_shifts=current,
        shifts_source=source,
        shift_hours=(Decimal(minutes) / 60).quantize(Decimal("0.1")),
        skills=skills,
        products=products,
        reports_used=reports,
        employees_by_shift_now=by_shift_now,
        employees_by_shift_three=by_shift_three,
        first_date=first,
        horizon=horizon,
        rules=rules,
    )


@dataclass
class HeadcountCheck:
    """The planner's active workers against the headcount the unit reported in its latest accepted report."""

    reported: int
    planned: int
    month: JalaliMonth

    @property
    def difference(self) -> int:
        return self.planned - self.reported

    @property
    def gap(self) -> int:
        return abs(self.difference)


def headcount_check(unit, planned: int) -> HeadcountCheck | None:
    """None when the unit has no accepted report with a headcount."""
    from rownaq.reporting.models import MonthlyReport

    report = (
        MonthlyReport.objects.filter(
            organisation=unit, status=MonthlyReport.Status.ACCEPTED, employees_total__isnull=False
        )
        .order_by("-period_index")
        .first()
    )
    if report is None:
        return None
    return HeadcountCheck(report.employees_total, planned, report.period)
