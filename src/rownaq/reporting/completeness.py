"""Expected versus received reports: who should have reported a month, who did, on time or late, who is overdue,
and who has been silent for six months (the national registry can suspend a licence after that)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from rownaq.core import scoping
from rownaq.core.jalali import JalaliMonth
from rownaq.places.models import County, Estate, Province
from rownaq.registry.models import Organisation

from .models import MonthlyReport

Status = MonthlyReport.Status
RECEIVED = [Status.SUBMITTED, Status.ACCEPTED]
SILENT_MONTHS = 6


def expected_units(user=None):
    """Units that owe a monthly report: industrial units that are not closed, inside the user's scope."""
    units = Organisation.objects.filter(kind=Organisation.Kind.UNIT).exclude(status=Organisation.Status.CLOSED)
    return scoping.restrict(units, user) if user is not None else units


def expected_in_area(level: str, place_id) -> int:
    """How many units owe a report in a statistics area (national, province, county or estate)."""
    path = {"national": None, "province": "county__province_id", "county": "county_id", "estate": "estate_id"}[level]
    units = expected_units()
    return (units.filter(**{path: place_id}) if path else units).count()


@dataclass
class Coverage:
    """How complete a month's figures are: «۲۹ از ۳۱ واحد گزارش داده‌اند»."""

    month: JalaliMonth
    reported: int
    expected: int

    @property
    def share(self) -> float | None:
        return self.reported / self.expected if self.expected else None

    @property
    def percent(self) -> float | None:
        return round(100 * self.share, 1) if self.share is not None else None


@dataclass
class CompletenessRow:
    key: object
    label: str
    expected: int
    received: int
    on_time: int

    @property
    def late(self) -> int:
        return self.received - self.on_time

    @property
    def missing(self) -> int:
        return self.expected - self.received

    @property
    def rate(self) -> float | None:
        return round(100 * self.received / self.expected, 1) if self.expected else None


def completeness(units, period: JalaliMonth, due_day: int, group: str) -> list[CompletenessRow]:
    """group: "county__province", "county" or "estate" (a field path of Organisation)."""
    due = period.due_date(due_day)
    received = MonthlyReport.objects.filter(organisation=OuterRef("pk"), period_index=period.index, status__in=RECEIVED)
    on_time = received.filter(submitted_at__date__lte=due)
    rows = (
        units.annotate(has_report=Exists(received), on_time=Exists(on_time))
        .values(group)
        .annotate(
            expected=Count("pk"),
            received=Count("pk", filter=Q(has_report=True)),
            on_time_count=Count("pk", filter=Q(on_time=True)),
        )
        .order_by(group)
    )
    model = {"county__province": Province, "county": County, "estate": Estate}[group]
    names = dict(model.objects.values_list("pk", "name"))
    return [
        CompletenessRow(
            r[group], names.get(r[group], "بیرون از شهرک"), r["expected"], r["received"], r["on_time_count"]
        )
        for r in rows
    ]


def overdue_units(units, period: JalaliMonth, due_day: int, today):
    """Units with no submitted report for the month once its due day has passed."""
    if today <= period.due_date(due_day):
        return units.none()
    received = MonthlyReport.objects.filter(organisation=OuterRef("pk"), period_index=period.index, status__in=RECEIVED)
    return units.exclude(Exists(received)).select_related("estate", "county")


def silent_units(units, current: JalaliMonth, months: int = SILENT_MONTHS):
    """Units whose latest submitted report is older than `months` months (or who never reported)."""
    # "No received report since the threshold", asked per unit through the (organisation, status, period) index,
    # rather than the latest month of all of every unit's reports, grouped.
    recent = MonthlyReport.objects.filter(
        organisation=OuterRef("pk"), period_index__gte=current.index - months + 1, status__in=RECEIVED
    )
    return units.exclude(Exists(recent)).select_related("estate", "county")
