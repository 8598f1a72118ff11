"""Live statistics: accepted reports rolled up into StatCell and TradeCell rows in the same transaction that
accepts (or reopens) them (the indicator queries that read those rows are indicators.py).

The rollup is additive: every indicator is a sum over cells, so any level (province, county, estate, ISIC
division) and any month range is one GROUP BY over a small, indexed table. `rebuild()` recomputes everything from
the raw reports: a repair tool, and the reference the tests compare the live rollup with.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction

from .models import MonthlyReport, ProvinceStatCell, ProvinceTradeCell, StatCell, StatCounters, TradeCell

STAT_COUNTERS = [counter.name for counter in StatCounters._meta.fields]
BANDS = [("band_0_50", 50), ("band_50_75", 75), ("band_75_100", 100), ("band_100_120", 120), ("band_over_120", None)]


def band_of(percent: Decimal) -> str:
    for name, upper in BANDS:
        if upper is None or percent < upper:
            return name
    raise AssertionError("unreachable")


ANY = "*"  # the dimension a trade row is not broken down by


def contribution(report: MonthlyReport) -> dict:
    """What one accepted report adds to the statistics: one StatCell delta and its TradeCell deltas."""
    organisation = report.organisation
    key = {
        "period_index": report.period_index,
        "province_id": organisation.county.province_id,
        "county_id": organisation.county_id,
        "estate_id": organisation.estate_id or 0,
        "division": (organisation.isic_id or "")[:2],
    }
    stat = dict.fromkeys(STAT_COUNTERS, 0)
    stat["units"] = 1
    if report.shifts_worked in (1, 2, 3):
        stat[f"units_shift{report.shifts_worked}"] = 1
    stat["employees"] = report.employees_total or 0
    percents = [line.utilisation for line in report.production_lines.all() if line.utilisation is not None]
    if percents:
        average = (sum(percents) / len(percents)).quantize(Decimal("0.1"))
        stat["utilisation_sum"] = str(average)
        stat["utilisation_units"] = 1
        stat[band_of(average)] = 1
    # Trade is kept along two dimensions, by country (hs_chapter = ANY) and by HS chapter (country = ANY), so that
    # each report counts once in every row it reaches: `units` is then a true count of unit-months, which is what
    # the publication threshold needs (a unit exporting three chapters to Syria is one unit, not three).
    trade: dict[tuple, Decimal] = defaultdict(Decimal)
    for line in report.export_lines.select_related("product"):
        chapter = (line.hs_id or (line.product.hs_id if line.product else "") or "")[:2]
        trade[("export", line.country, ANY, line.currency)] += line.value
        trade[("export", ANY, chapter, line.currency)] += line.value
    for line in report.import_lines.all():
        trade[("import", line.origin_country or "", ANY, line.currency)] += line.value
        trade[("import", ANY, (line.hs_id or "")[:2], line.currency)] += line.value
    stat["exporting_units"] = 1 if any(k[0] == "export" for k in trade) else 0
    return {
        "key": key,
        "stat": stat,
        "trade": [
            {"flow": f, "country": c, "hs_chapter": h, "currency": cur, "value": str(v)}
            for (f, c, h, cur), v in sorted(trade.items())
        ],
    }


def _upsert(table: str, key_columns: list[str], values: dict, add_columns: list[str], sign: int) -> None:
    columns = list(values)
    placeholders = ", ".join(["%s"] * len(columns))
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in add_columns)
    params = [
        (Decimal(values[c]) * sign if c in ("utilisation_sum", "value") else values[c] * sign)
        if c in add_columns
        else values[c]
        for c in columns
    ]
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders}) "
        f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def apply_contribution(data: dict, sign: int) -> None:
    """Add the contribution to the estate-level cells and to their province-level sums (the same rows in the
    same order in every transaction, so concurrent accepts wait for each other rather than deadlock)."""
    key = data["key"]
    province_key = {name: key[name] for name in ("period_index", "province_id", "division")}
    for table, key_columns, row_key in (
        (StatCell._meta.db_table, ["period_index", "estate_id", "county_id", "division"], key),
        (ProvinceStatCell._meta.db_table, ["period_index", "province_id", "division"], province_key),
    ):
        _upsert(table, key_columns, {**row_key, **data["stat"]}, STAT_COUNTERS, sign)
    for table, key_columns, row_key in (
        (
            TradeCell._meta.db_table,
            ["flow", "period_index", "estate_id", "county_id", "division", "country", "hs_chapter", "currency"],
            key,
        ),
        (
            ProvinceTradeCell._meta.db_table,
            ["flow", "period_index", "province_id", "division", "country", "hs_chapter", "currency"],
            province_key,
        ),
    ):
        for row in data["trade"]:
            _upsert(table, key_columns, {**row_key, **row, "units": 1}, ["value", "units"], sign)


def apply_report(report: MonthlyReport, sign: int) -> None:
    """Add (sign=+1, on accept) or remove (sign=-1, on reopen) a report's contribution. Must run inside the
    transaction that changes the report's status."""
    assert connection.in_atomic_block, "statistics change only with the report's status"
    if sign > 0:
        data = contribution(report)
        report.contribution = data
        MonthlyReport.objects.filter(pk=report.pk).update(contribution=data)
    else:
        data = report.contribution or contribution(report)
        MonthlyReport.objects.filter(pk=report.pk).update(contribution=None)
        report.contribution = None
    apply_contribution(data, sign)


def rebuild() -> int:
    """Recompute every cell from the accepted reports (repair tool; also the tests' reference)."""
    with transaction.atomic():
        for model in (StatCell, TradeCell, ProvinceStatCell, ProvinceTradeCell):
            model.objects.all().delete()
        count = 0
        reports = (
            MonthlyReport.objects.filter(status=MonthlyReport.Status.ACCEPTED)
            .select_related("organisation__county")
            .prefetch_related("production_lines", "export_lines__product", "import_lines")
        )
        for report in reports.iterator(chunk_size=2000):
            apply_report(report, +1)
            count += 1
    return count
