"""The statistics dashboard (staff, inside and outside their scope) and the public statistics page: the pages and
their Excel tables around reporting.areas, which decides the area, the month and the figures.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from rownaq.core import scoping
from rownaq.core.excel import Column, export_list
from rownaq.registry.models import IsicCode

from . import publication
from .areas import Area, area_from, build, division_from, home_area, inside_scope, month_from

TABLES = {
    "trend": (
        "روند ماهانه",
        [
            Column("ماه", lambda r: r["period"], 10),
            Column("واحدهای گزارش‌دهنده", lambda r: r["units"]),
            Column("۱ نوبت", lambda r: r["units_shift1"]),
            Column("۲ نوبت", lambda r: r["units_shift2"]),
            Column("۳ نوبت", lambda r: r["units_shift3"]),
            Column("کارکنان", lambda r: r["employees"]),
            Column("میانگین استفاده از ظرفیت (٪)", lambda r: r["utilisation_avg"]),
            Column("واحدهای صادرکننده", lambda r: r["exporting_units"]),
        ],
    ),
    "children": (
        "به تفکیک مکان",
        [
            Column("مکان", lambda r: r["name"], 30),
            Column("واحدهای گزارش‌دهنده", lambda r: r["units"]),
            Column("۳ نوبت", lambda r: r["units_shift3"]),
            Column("کارکنان", lambda r: r["employees"]),
            Column("میانگین استفاده از ظرفیت (٪)", lambda r: r["utilisation_avg"]),
        ],
    ),
    "divisions": (
        "به تفکیک فعالیت",
        [
            Column("قسمت آیسیک", lambda r: r["key"], 10),
            Column("عنوان", lambda r: r["name"], 40),
            Column("واحدهای گزارش‌دهنده", lambda r: r["units"]),
            Column("کارکنان", lambda r: r["employees"]),
            Column("میانگین استفاده از ظرفیت (٪)", lambda r: r["utilisation_avg"]),
        ],
    ),
    "exports": (
        "صادرات به تفکیک مقصد",
        [
            Column("کشور", lambda r: r["name"], 24),
            Column("ارز", lambda r: r["currency"], 8),
            Column("ارزش", lambda r: r["value"], 18),
            Column("واحد-ماه", lambda r: r["units"]),
        ],
    ),
    "export_chapters": (
        "صادرات به تفکیک فصل تعرفه",
        [
            Column("فصل", lambda r: r["key"], 8),
            Column("عنوان", lambda r: r["name"], 40),
            Column("ارز", lambda r: r["currency"], 8),
            Column("ارزش", lambda r: r["value"], 18),
            Column("واحد-ماه", lambda r: r["units"]),
        ],
    ),
    "imports": (
        "ارزش ارزی نهاده‌های وارداتی",
        [
            Column("فصل", lambda r: r["key"], 8),
            Column("عنوان", lambda r: r["name"], 40),
            Column("ارز", lambda r: r["currency"], 8),
            Column("ارزش", lambda r: r["value"], 18),
            Column("واحد-ماه", lambda r: r["units"]),
        ],
    ),
}


def render_dashboard(request, template: str, suppressed: bool, area: Area):
    month = month_from(request.GET, area, suppressed)
    division = division_from(request.GET)
    context = build(area, month, division, suppressed)
    table = request.GET.get("export")
    if table in TABLES:
        title, columns = TABLES[table]
        rows = context[table]
        if suppressed:
            columns, rows = publication.marked_sheet(columns, rows)
        return export_list(title, columns, rows, f"rownaq-{table}-{month.code}.xlsx")
    context["division_choices"] = IsicCode.objects.filter(level=IsicCode.Level.DIVISION, code__gte="10", code__lte="33")
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
