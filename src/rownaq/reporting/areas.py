"""The statistics an area shows, for the dashboard pages (dashboard.py), the API and the tours' press kit: which area
and month are asked for, whether the viewer sees them whole, and the figures themselves.

They read the live rollup (stats.py) through indicators.py. Inside the viewer's scope figures are whole; anywhere
else, and always on the public page, the cells the disclosure rules hide (publication.py) are blanked and marked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404

from rownaq.core import fx, scoping
from rownaq.core.geo import country_name, currency_name
from rownaq.core.jalali import JalaliMonth
from rownaq.core.persian import digits_only
from rownaq.places.models import County, Estate, Province
from rownaq.registry.models import HsCode, IsicCode

from . import completeness, indicators, publication, services, stats

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
            chain += [
                (str(place.county.province), "province", place.county.province_id),
                (str(place.county), "county", place.county_id),
                (str(place), "estate", place.pk),
            ]
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
    if level not in indicators.LEVELS:
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
    trend = indicators.trend(*args, first, month, division, suppressed)
    names = child_names(area.level)
    children = indicators.breakdown(*args, month, "place", division, suppressed)
    for row in children:
        row["name"] = names.get(row["key"], "—")
    divisions = indicators.breakdown(*args, month, "division", division, suppressed)
    titles = IsicCode.division_titles()
    for row in divisions:
        row["name"] = titles.get(row["key"]) or ("بدون کد آیسیک" if not row["key"] else row["key"])
    exports = indicators.trade(*args, month, month, "export", "country", division, suppressed)
    for row in exports:
        row["name"] = country_name(row["key"]) if row["key"] else "نامشخص"
        row["currency_name"] = currency_name(row["currency"])
    export_chapters = indicators.trade(*args, month, month, "export", "chapter", division, suppressed)
    imports = indicators.trade(*args, month, month, "import", "chapter", division, suppressed)
    chapters = HsCode.chapter_titles()
    for row in export_chapters + imports:
        row["name"] = chapters.get(row["key"]) or row["key"] or "نامشخص"
        row["currency_name"] = currency_name(row["currency"])
    current = trend[-1] if trend else {}
    month_end = month.last_day()
    totals = {
        name: fx.total_in_rials(
            [(row["value"], row["currency"]) for row in rows if not row.get("suppressed")], month_end
        )
        for name, rows in (("exports", exports), ("export_chapters", export_chapters), ("imports", imports))
    }
    expected = completeness.expected_in_area(area.level, area.place_id)
    reported = indicators.units_by_month(area.level, area.place_id, first, month)
    for offset, row in enumerate(trend):  # one row a month, from `first` on
        row["reported"] = reported.get(first.index + offset, 0)
        row["expected"] = expected
    pending = [row["label"] for row in trend if row.get("pending")]
    if month.label not in pending and any(row.get("pending") for row in children + exports + export_chapters):
        pending.append(month.label)
    return {
        "area": area,
        "month": month,
        "division": division,
        "suppressed": suppressed,
        "trend": trend,
        "pending": pending,
        "coverage": completeness.Coverage(month, reported.get(month.index, 0), expected),
        "legend": publication.legend() if suppressed else "",
        "current": current,
        "children": children,
        "child_level": CHILD_LEVEL[area.level],
        "divisions": divisions,
        "exports": exports,
        "export_chapters": export_chapters,
        "imports": imports,
        "rial_totals": totals,
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
        "utilisation": [
            float(row["utilisation_avg"]) if row.get("utilisation_avg") is not None else None for row in trend
        ],
        "bands": [current.get(b) for b, _ in stats.BANDS],
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
    counts = indicators.units_by_month(area.level, area.place_id, first, latest)
    for month in reversed(list(JalaliMonth.range(first, latest))):
        if counts.get(month.index, 0) >= needed:
            return month
    return indicators.latest_month_with_data(area.level, area.place_id, latest) or latest


def published_month(area: Area) -> JalaliMonth:
    """The publication month of figures shown under disclosure control: while that month's pattern is being
    computed (reports accepted a moment ago, publication.py), the month before it, so that a month-end burst of
    accepts does not blank the page everyone opens; a month asked for by name is shown as it is (withheld)."""
    month = publication_month(area)
    for _ in range(3):
        if publication.ready(month.index):
            break
        month -= 1
    return month


def month_from(params, area: Area, suppressed: bool = False) -> JalaliMonth:
    """The asked month, or else the area's publication month. A month not yet ended is never shown."""
    if params.get("period"):
        try:
            month = JalaliMonth.parse(params["period"])
        except ValueError:
            pass
        else:
            if month <= services.latest_reportable_month():
                return month
    return published_month(area) if suppressed else publication_month(area)


def division_from(params) -> str:
    """The ISIC division (two digits, typed in any digits) the figures are narrowed to; "" for all."""
    return digits_only(params.get("division", ""))[:2]
