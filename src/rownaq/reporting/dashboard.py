"""The statistics dashboard (staff, inside and outside their scope) and the public statistics page.

Both read the live rollup (stats.py). Inside the viewer's scope figures are shown whole; anywhere else, and always
on the public page, the cells the disclosure rules hide (publication.py) are blanked and marked.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from rownaq.core import fx, scoping
from rownaq.core.excel import Column, export_list
from rownaq.core.geo import country_name, currency_name
from rownaq.core.jalali import JalaliMonth
from rownaq.core.persian import digits_only
from rownaq.places.models import County, Estate, Province
from rownaq.registry.models import HsCode, IsicCode

from . import completeness, publication, services, stats

TREND_MONTHS = 24
PLACE_MODELS = {"province": Province, "county": County, "estate": Estate}
CHILD_LEVEL = {"national": "province", "province": "county", "county": "estate", "estate": None}


@dataclass
class Area:
    level: str
    place: object | None

    @property
    def place_id(self):
        return self.place.pk if self.place is not None else None

    @property
    def title(self) -> str:
        return "کل کشور" if self.place is None else f"{self.place}"

    def crumbs(self) -> list[tuple[str, str, int | None]]:
        """(title, level, id) from the country down to this area."""
        chain = [("کل کشور", "national", None)]
        place = self.place
        if isinstance(place, Estate):
            chain += [(str(place.county.province), "province", place.county.province_id),
                      (str(place.county), "county", place.county_id), (str(place), "estate", place.pk)]
        elif isinstance(place, County):
            chain += [(str(place.province), "province", place.province_id), (str(place), "county", place.pk)]
        elif isinstance(place, Province):
            chain += [(str(place), "province", place.pk)]
        return chain


def home_area(user) -> dict:
    """The area a viewer starts on: the one place they are assigned to, or the whole country."""
    access = scoping.access_of(user)
    assigned = [(level, ids) for level, ids in access.view_places.items() if ids]
    if not access.is_admin and len(assigned) == 1 and len(assigned[0][1]) == 1:
        return {"level": assigned[0][0], "id": str(next(iter(assigned[0][1])))}
    return {"level": "national"}


def area_from(params) -> Area:
    level = params.get("level", "national")
    if level not in stats.LEVELS:
        raise Http404
    if level == "national":
        return Area("national", None)
    model = PLACE_MODELS[level]
    try:
        return Area(level, model.objects.get(pk=int(params.get("id", ""))))
    except (ValueError, model.DoesNotExist) as exc:
        raise Http404 from exc


def inside_scope(user, area: Area) -> bool:
    """Whether every unit of the area is inside the viewer's scope (so its cells need no suppression)."""
    if area.place is None:
        return scoping.access_of(user).is_admin
    return scoping.covers(user, *scoping.place_path(area.place), action=scoping.VIEW)


def child_names(level: str) -> dict:
    child = CHILD_LEVEL[level]
    if child is None:
        return {}
    names = dict(PLACE_MODELS[child].objects.values_list("pk", "name"))
    if child == "estate":
        names[0] = "بیرون از شهرک‌ها"
    return names


def build(area: Area, month: JalaliMonth, division: str, suppressed: bool) -> dict:
    first = month - (TREND_MONTHS - 1)
    args = (area.level, area.place_id)
    trend = stats.trend(*args, first, month, division, suppressed)
    names = child_names(area.level)
    children = stats.breakdown(*args, month, "place", division, suppressed)
    for row in children:
        row["name"] = names.get(row["key"], "—")
    divisions = stats.breakdown(*args, month, "division", division, suppressed)
    titles = IsicCode.division_titles()
    for row in divisions:
        row["name"] = titles.get(row["key"]) or ("بدون کد آیسیک" if not row["key"] else row["key"])
    exports = stats.trade(*args, month, month, "export", "country", division, suppressed)
    for row in exports:
        row["name"] = country_name(row["key"]) if row["key"] else "نامشخص"
        row["currency_name"] = currency_name(row["currency"])
    export_chapters = stats.trade(*args, month, month, "export", "chapter", division, suppressed)
    imports = stats.trade(*args, month, month, "import", "chapter", division, suppressed)
    chapters = HsCode.chapter_titles()
    for row in export_chapters + imports:
        row["name"] = chapters.get(row["key"]) or row["key"] or "نامشخص"
        row["currency_name"] = currency_name(row["currency"])
    current = trend[-1] if trend else {}
    month_end = month.last_day()
    totals = {name: fx.total_in_rials([(row["value"], row["currency"]) for row in rows if not row.get("suppressed")],
                                      month_end)
              for name, rows in (("exports", exports), ("export_chapters", export_chapters), ("imports", imports))}
    expected = completeness.expected_in_area(area.level, area.place_id)
    reported = stats.units_by_month(area.level, area.place_id, first, month)
    for offset, row in enumerate(trend):  # one row a month, from `first` on
        row["reported"] = reported.get(first.index + offset, 0)
        row["expected"] = expected
    return {
        "area": area, "month": month, "division": division, "suppressed": suppressed, "trend": trend,
        "coverage": completeness.Coverage(month, reported.get(month.index, 0), expected),
        "legend": publication.legend() if suppressed else "",
        "current": current, "children": children, "child_level": CHILD_LEVEL[area.level], "divisions": divisions,
        "exports": exports, "export_chapters": export_chapters, "imports": imports, "rial_totals": totals,
        "chart": trend_chart(trend, current),
    }


def shift_share(row: dict, shifts: int) -> float | None:
    """Percent of the month's reporting units that worked this many shifts; None where there is no figure."""
    units, count = row.get("units"), row.get(f"units_shift{shifts}")
    if not row.get("reported") or not units or count is None:
        return None
    return round(100 * count / units, 1)


def trend_chart(trend: list[dict], current: dict) -> dict:
    """The chart's series: shares of units on 1, 2 and 3 shifts and the average utilisation; a month with no
    report (or a blanked cell) is a gap labelled as such, never a zero."""
    return {
        "labels": [row["label"] if row.get("reported") else f"{row['label']} (بدون داده)" for row in trend],
        "shift1": [shift_share(row, 1) for row in trend],
        "shift2": [shift_share(row, 2) for row in trend],
        "shift3": [shift_share(row, 3) for row in trend],
        "utilisation": [float(row["utilisation_avg"]) if row.get("utilisation_avg") is not None else None
                        for row in trend],
        "bands": [current.get(b) for b, _ in stats.BANDS],
    }


TABLES = {
    "trend": ("روند ماهانه", [
        Column("ماه", lambda r: r["period"], 10), Column("واحدهای گزارش‌دهنده", lambda r: r["units"]),
        Column("۱ نوبت", lambda r: r["units_shift1"]), Column("۲ نوبت", lambda r: r["units_shift2"]),
        Column("۳ نوبت", lambda r: r["units_shift3"]), Column("کارکنان", lambda r: r["employees"]),
        Column("میانگین استفاده از ظرفیت (٪)", lambda r: r["utilisation_avg"]),
        Column("واحدهای صادرکننده", lambda r: r["exporting_units"]),
    ]),
    "children": ("به تفکیک مکان", [
        Column("مکان", lambda r: r["name"], 30), Column("واحدهای گزارش‌دهنده", lambda r: r["units"]),
        Column("۳ نوبت", lambda r: r["units_shift3"]), Column("کارکنان", lambda r: r["employees"]),
        Column("میانگین استفاده از ظرفیت (٪)", lambda r: r["utilisation_avg"]),
    ]),
    "divisions": ("به تفکیک فعالیت", [
        Column("قسمت آیسیک", lambda r: r["key"], 10), Column("عنوان", lambda r: r["name"], 40),
        Column("واحدهای گزارش‌دهنده", lambda r: r["units"]), Column("کارکنان", lambda r: r["employees"]),
        Column("میانگین استفاده از ظرفیت (٪)", lambda r: r["utilisation_avg"]),
    ]),
    "exports": ("صادرات به تفکیک مقصد", [
        Column("کشور", lambda r: r["name"], 24), Column("ارز", lambda r: r["currency"], 8),
        Column("ارزش", lambda r: r["value"], 18), Column("واحد-ماه", lambda r: r["units"]),
    ]),
    "export_chapters": ("صادرات به تفکیک فصل تعرفه", [
        Column("فصل", lambda r: r["key"], 8), Column("عنوان", lambda r: r["name"], 40),
        Column("ارز", lambda r: r["currency"], 8),
        Column("ارزش", lambda r: r["value"], 18), Column("واحد-ماه", lambda r: r["units"]),
    ]),
    "imports": ("ارزش ارزی نهاده‌های وارداتی", [
        Column("فصل", lambda r: r["key"], 8), Column("عنوان", lambda r: r["name"], 40),
        Column("ارز", lambda r: r["currency"], 8),
        Column("ارزش", lambda r: r["value"], 18), Column("واحد-ماه", lambda r: r["units"]),
    ]),
}


def publication_month(area: Area) -> JalaliMonth:
    """The month the statistics of an area open on: the latest ended month for which at least PUBLISH_MIN_SHARE of
    the expected units have accepted reports. A single early report (or a few) for a new month does not make it
    the default: it would stand for the whole area, or be blanked by the publication threshold. With no month
    that complete in two years, the latest month with any accepted report; with none, the last ended month."""
    latest = services.latest_reportable_month()
    first = latest - (TREND_MONTHS - 1)
    expected = completeness.expected_in_area(area.level, area.place_id)
    needed = max(1, math.ceil(settings.PUBLISH_MIN_SHARE * expected))
    counts = stats.units_by_month(area.level, area.place_id, first, latest)
    for month in reversed(list(JalaliMonth.range(first, latest))):
        if counts.get(month.index, 0) >= needed:
            return month
    return stats.latest_month_with_data(area.level, area.place_id, latest) or latest


def month_from(params, area: Area) -> JalaliMonth:
    """The asked month, or else the area's publication month. A month not yet ended is never shown."""
    if params.get("period"):
        try:
            month = JalaliMonth.parse(params["period"])
        except ValueError:
            pass
        else:
            if month <= services.latest_reportable_month():
                return month
    return publication_month(area)


def render_dashboard(request, template: str, suppressed: bool, area: Area):
    month = month_from(request.GET, area)
    division = digits_only(request.GET.get("division", ""))[:2]
    context = build(area, month, division, suppressed)
    table = request.GET.get("export")
    if table in TABLES:
        title, columns = TABLES[table]
        rows = context[table]
        if suppressed:
            columns, rows = publication.marked_sheet(columns, rows)
        return export_list(title, columns, rows, f"rownaq-{table}-{month.code}.xlsx")
    context["division_choices"] = IsicCode.objects.filter(level=IsicCode.Level.DIVISION,
                                                          code__gte="10", code__lte="33")
    return render(request, template, context)


class DashboardView(LoginRequiredMixin, View):
    def get(self, request):
        access = scoping.access_of(request.user)
        if not (access.is_staff or access.is_press or access.is_partner):
            raise PermissionDenied
        params = request.GET if "level" in request.GET else {**home_area(request.user), **request.GET.dict()}
        area = area_from(params)
        return render_dashboard(request, "reporting/dashboard.html", not inside_scope(request.user, area), area)


class PublicStatsView(View):
    """Published statistics: aggregates only, small cells blanked, no login."""

    def get(self, request):
        return render_dashboard(request, "reporting/public_stats.html", True, area_from(request.GET))


def drill_url(level: str, place_id) -> str:
    url = reverse("reporting:dashboard") + f"?level={level}"
    return url + (f"&id={place_id}" if place_id is not None else "")
