"""The indicator queries: trends, breakdowns and trade tables read from the statistics cells that the rollup
(stats.py) keeps current, at any level and over any month range, hidden where the disclosure rules say
(publication.py) when `suppressed=True`."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, Sum

from rownaq.core.jalali import JalaliMonth

from . import publication
from .models import ProvinceStatCell, ProvinceTradeCell, StatCell, TradeCell
from .stats import ANY, STAT_COUNTERS

LEVELS = ("national", "province", "county", "estate")
CHILD_OF = {"national": "province_id", "province": "county_id", "county": "estate_id", "estate": None}


def area_filter(level: str, place_id: int | None, division: str = "") -> Q:
    q = Q()
    if level != "national":
        q &= Q(**{f"{level}_id": place_id})
    if division:
        q &= Q(division=division)
    return q


PROVINCE_GRAIN = {"period_index", "province_id", "division"}


def _stat_cells(level: str, group: str | None = None):
    """The province-level sums when the query needs no finer place than a province (national and province views,
    grouped by month, province or division), else the estate-level cells."""
    if level in ("national", "province") and (group is None or group in PROVINCE_GRAIN):
        return ProvinceStatCell.objects
    return StatCell.objects


def _trade_cells(level: str):
    return ProvinceTradeCell.objects if level in ("national", "province") else TradeCell.objects


def _sums(queryset, group: list[str]):
    return queryset.values(*group).annotate(**{c: Sum(c) for c in STAT_COUNTERS}).order_by(*group)


def _derive(row: dict) -> dict:
    units = row.get("units") or 0
    out = {c: row.get(c) or 0 for c in STAT_COUNTERS}
    out["utilisation_avg"] = (
        (Decimal(row["utilisation_sum"]) / row["utilisation_units"]).quantize(Decimal("0.1"))
        if row.get("utilisation_units")
        else None
    )
    out["shift3_share"] = round(100 * out["units_shift3"] / units, 1) if units else None
    return out


def hide(row: dict, reason: str | None, keep=()) -> dict:
    """Blank every figure of a cell the disclosure rules hide (publication.py says which, and why)."""
    if reason is None:
        return {**row, "suppressed": False}
    return {k: (v if k in keep else None) for k, v in row.items()} | {
        "suppressed": True,
        "pending": reason == publication.PENDING,
    }


def _area_node(level, place_id):
    return publication.place_node(level, place_id)


def trend(level, place_id, first: JalaliMonth, last: JalaliMonth, division="", suppressed=False) -> list[dict]:
    cells = _stat_cells(level).filter(
        area_filter(level, place_id, division), period_index__gte=first.index, period_index__lte=last.index
    )
    by_month = {row["period_index"]: _derive(row) for row in _sums(cells, ["period_index"])}
    months = list(JalaliMonth.range(first, last))
    hidden = publication.hidden_cells("stat", [m.index for m in months if m.index in by_month]) if suppressed else {}
    key = publication.stat_key(_area_node(level, place_id), publication.division_node(division or None))
    rows = []
    for month in months:
        row = {"period": month.code, "label": month.label, **by_month.get(month.index, _derive({}))}
        rows.append(hide(row, hidden.get(month.index, {}).get(key), keep=("period", "label")) if suppressed else row)
    return rows


def breakdown(level, place_id, month: JalaliMonth, by: str, division="", suppressed=False) -> list[dict]:
    """One row per child place (by="place") or ISIC division (by="division") for the month."""
    group = CHILD_OF[level] if by == "place" else "division"
    if group is None:
        return []
    cells = _stat_cells(level, group).filter(area_filter(level, place_id, division), period_index=month.index)
    rows = [{"key": row[group], **_derive(row)} for row in _sums(cells, [group])]
    if not suppressed:
        return rows
    hidden = publication.hidden_cells("stat", [month.index])[month.index]
    area = _area_node(level, place_id)
    out = []
    for row in rows:
        if by == "place":
            child = publication.place_node(group.removesuffix("_id"), row["key"], county_id=place_id)
            key = publication.stat_key(child, publication.division_node(division or None))
        else:
            key = publication.stat_key(area, publication.division_node(row["key"]))
        out.append(hide(row, hidden.get(key), keep=("key",)))
    return out


def trade(
    level, place_id, first: JalaliMonth, last: JalaliMonth, flow: str, by: str, division="", suppressed=False
) -> list[dict]:
    """Exports (or imported inputs) summed by destination country or HS chapter, per currency, over the months.
    `units` counts unit-months. Published (suppressed) figures are one month's: a sum over months would be a table
    the disclosure rules have not protected."""
    if suppressed and first != last:
        raise ValueError("published trade figures are for one month")
    group, other = {"country": ("country", "hs_chapter"), "chapter": ("hs_chapter", "country")}[by]
    cells = _trade_cells(level).filter(
        area_filter(level, place_id, division),
        flow=flow,
        **{other: ANY},
        period_index__gte=first.index,
        period_index__lte=last.index,
    )
    rows = [
        {"key": row[group], "currency": row["currency"], "value": row["value"], "units": row["units"]}
        for row in cells.values(group, "currency")
        .annotate(value=Sum("value"), units=Sum("units"))
        .order_by(group, "currency")
        if row["units"]
    ]
    rows.sort(key=lambda r: (r["currency"], -(r["value"] or 0)))
    if not suppressed:
        return rows
    hidden = publication.hidden_cells("trade", [first.index])[first.index]
    area, division_node = _area_node(level, place_id), publication.division_node(division or None)
    return [
        hide(
            r,
            hidden.get(publication.trade_key(flow, r["currency"], area, division_node, by, r["key"])),
            keep=("key", "currency"),
        )
        for r in rows
    ]


def units_by_month(level, place_id, first: JalaliMonth, last: JalaliMonth) -> dict[int, int]:
    """{period_index: accepted reports} of the area over a range of months, all activities."""
    cells = _stat_cells(level, "period_index").filter(
        area_filter(level, place_id), period_index__gte=first.index, period_index__lte=last.index
    )
    return {
        row["period_index"]: row["units"] or 0
        for row in cells.values("period_index").annotate(units=Sum("units")).order_by()
    }


def latest_month_with_data(level, place_id, not_after: JalaliMonth) -> JalaliMonth | None:
    cells = _stat_cells(level).filter(area_filter(level, place_id), period_index__lte=not_after.index, units__gt=0)
    index = cells.order_by("-period_index").values_list("period_index", flat=True).first()
    return JalaliMonth.from_index(index) if index is not None else None
