"""The live statistics on a small synthetic data set, checked against a plain recomputation from the raw reports.

The generator fills the statistics cells in SQL (INSERT ... SELECT ... GROUP BY; on PostgreSQL after a COPY load),
the review flow then changes them one report at a time (stats.apply_report), and every figure the indicators
return, at every level, must equal what a few loops over the accepted MonthlyReport rows and their lines give.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from bench import synthetic
from rownaq.core.jalali import JalaliMonth
from rownaq.places.models import County, Estate, Province
from rownaq.registry.models import Organisation, Product
from rownaq.reporting import indicators, services, stats
from rownaq.reporting.models import MonthlyReport, ProvinceStatCell, ProvinceTradeCell, StatCell, TradeCell

SPEC = synthetic.Spec(provinces=2, estates=6, units=60, months=8, seed=7)
TENTH = Decimal("0.1")
BANDS = [("band_0_50", 50), ("band_50_75", 75), ("band_75_100", 100), ("band_100_120", 120)]


@dataclass
class RawReport:
    """What the statistics need from one accepted report, read straight from its rows."""

    id: int
    period: int
    place: dict  # level -> id ("estate" is 0 outside estates)
    division: str
    shifts: int | None
    employees: int
    utilisation: Decimal | None  # the mean of its lines' utilisation, to 0.1
    trade: list = field(default_factory=list)  # (flow, country, chapter, currency, value)


def raw_reports() -> list[RawReport]:
    reports = []
    queryset = (
        MonthlyReport.objects.filter(status=MonthlyReport.Status.ACCEPTED)
        .select_related("organisation__county")
        .prefetch_related("production_lines", "export_lines__product", "import_lines")
    )
    for report in queryset:
        unit = report.organisation
        percents = [line.utilisation for line in report.production_lines.all() if line.utilisation is not None]
        trade = []
        for line in report.export_lines.all():
            hs = line.hs_id or (line.product.hs_id if line.product_id else None) or ""
            trade.append(("export", line.country, hs[:2], line.currency, line.value))
        for line in report.import_lines.all():
            trade.append(("import", line.origin_country, (line.hs_id or "")[:2], line.currency, line.value))
        reports.append(
            RawReport(
                id=report.pk,
                period=report.period_index,
                place={"province": unit.county.province_id, "county": unit.county_id, "estate": unit.estate_id or 0},
                division=(unit.isic_id or "")[:2],
                shifts=report.shifts_worked,
                employees=report.employees_total or 0,
                utilisation=(sum(percents) / len(percents)).quantize(TENTH) if percents else None,
                trade=trade,
            )
        )
    return reports


def in_area(report: RawReport, level: str, place_id, division: str) -> bool:
    return (level == "national" or report.place[level] == place_id) and (not division or report.division == division)


def expected_figures(reports: list[RawReport]) -> dict:
    units = len(reports)
    shifts = [sum(1 for r in reports if r.shifts == n) for n in (1, 2, 3)]
    measured = [r.utilisation for r in reports if r.utilisation is not None]
    row = {
        "units": units,
        "units_shift1": shifts[0],
        "units_shift2": shifts[1],
        "units_shift3": shifts[2],
        "employees": sum(r.employees for r in reports),
        "utilisation_sum": sum(measured, Decimal(0)),
        "utilisation_units": len(measured),
        "exporting_units": sum(1 for r in reports if any(t[0] == "export" for t in r.trade)),
        "utilisation_avg": (sum(measured) / len(measured)).quantize(TENTH) if measured else None,
        "shift3_share": round(100 * shifts[2] / units, 1) if units else None,
    }
    lower = 0
    for name, upper in BANDS:
        row[name] = sum(1 for p in measured if lower <= p < upper)
        lower = upper
    row["band_over_120"] = sum(1 for p in measured if p >= 120)
    return row


def figures_of(row: dict) -> dict:
    keys = expected_figures([]).keys()
    return {k: (Decimal(row[k]) if k == "utilisation_sum" else row[k]) for k in keys}


def expected_trade(reports: list[RawReport], flow: str, by: str) -> dict:
    """{(key, currency): (value, distinct unit-months, unit-months counted once per other dimension)}."""
    value, reports_in, pairs = defaultdict(Decimal), defaultdict(set), defaultdict(set)
    for report in reports:
        for line_flow, country, chapter, currency, amount in report.trade:
            if line_flow != flow:
                continue
            key, other = (country, chapter) if by == "country" else (chapter, country)
            value[(key, currency)] += amount
            reports_in[(key, currency)].add(report.id)
            pairs[(key, currency)].add((report.id, other))
    return {k: (value[k], len(reports_in[k]), len(pairs[k])) for k in value}


def areas() -> list[tuple[str, int | None]]:
    return (
        [("national", None)]
        + [("province", pk) for pk in Province.objects.values_list("pk", flat=True)]
        + [("county", pk) for pk in County.objects.values_list("pk", flat=True)]
        + [("estate", pk) for pk in Estate.objects.values_list("pk", flat=True)]
    )


def check_every_indicator(first: JalaliMonth, last: JalaliMonth, only: RawReport | None = None) -> int:
    """Compare the indicators with the raw reports at every level: the trend over every month, the breakdowns
    and trade tables for every month nationally and for the first and the last two months below that, and with
    an ISIC division filter nationally. `only`: just the areas holding that report.
    Returns how many figures were compared."""
    reports = raw_reports()
    division_filter = min(r.division for r in reports if r.division)
    compared = 0
    for level, place_id in areas():
        if only is not None and not in_area(only, level, place_id, ""):
            continue
        months = list(JalaliMonth.range(first, last)) if level == "national" else [first, last - 1, last]
        for division in ["", division_filter] if level == "national" else [""]:
            mine = [r for r in reports if in_area(r, level, place_id, division)]
            # Trend over the whole range, every month.
            rows = indicators.trend(level, place_id, first, last, division)
            assert [row["period"] for row in rows] == [m.code for m in JalaliMonth.range(first, last)]
            for row, month in zip(rows, JalaliMonth.range(first, last)):
                expected = expected_figures([r for r in mine if r.period == month.index])
                assert figures_of(row) == expected, (level, place_id, division, month)
                compared += len(expected)
            # Suppressed (public) trend: a month built from 1 or 2 units is blanked (and others with it, to protect
            # them: test_disclosure.py); what is shown is whole.
            for row, full in zip(indicators.trend(level, place_id, first, last, division, suppressed=True), rows):
                small = 0 < full["units"] < settings.DISCLOSURE_MIN_UNITS
                assert row["suppressed"] or not small
                assert (row["units"] is None) if row["suppressed"] else (figures_of(row) == figures_of(full))
            for month in months:
                in_month = [r for r in mine if r.period == month.index]
                # Breakdowns by child place and by ISIC division.
                for by, child in (("place", indicators.CHILD_OF[level]), ("division", "division")):
                    if child is None:
                        assert indicators.breakdown(level, place_id, month, by, division) == []
                        continue
                    groups = defaultdict(list)
                    for r in in_month:
                        groups[r.division if by == "division" else r.place[child.removesuffix("_id")]].append(r)
                    got = {}
                    for row in indicators.breakdown(level, place_id, month, by, division):
                        if row["units"] == 0:  # a cell every report has left (reopened): all zeros
                            assert not any(figures_of(row)[k] for k in ("employees", "utilisation_units"))
                            continue
                        got[row["key"]] = figures_of(row)
                    assert got == {key: expected_figures(rs) for key, rs in groups.items()}, (
                        level,
                        place_id,
                        by,
                        month,
                    )
                    compared += sum(len(v) for v in got.values())
                # Exports by destination and by HS chapter, imported inputs by chapter and by origin.
                for flow, by in (
                    ("export", "country"),
                    ("export", "chapter"),
                    ("import", "chapter"),
                    ("import", "country"),
                ):
                    compared += check_trade(in_month, level, place_id, month, month, flow, by, division)
            # Trade over the whole range (the API asks for one month; the function takes a range).
            for flow, by in (("export", "country"), ("import", "chapter")):
                compared += check_trade(mine, level, place_id, first, last, flow, by, division)
    return compared


def check_trade(reports, level, place_id, first, last, flow, by, division) -> int:
    expected = expected_trade([r for r in reports if first.index <= r.period <= last.index], flow, by)
    rows = indicators.trade(level, place_id, first, last, flow, by, division)
    got = {(row["key"], row["currency"]): row for row in rows}
    assert set(got) == set(expected), (level, place_id, flow, by, first)
    for key, (value, unit_months, pairs) in expected.items():
        assert got[key]["value"] == value, (level, place_id, flow, by, key)
        # `units` is summed over cells keyed by both country and chapter, so a report that fills two cells of a
        # row counts twice (see test_trade_units_are_distinct_unit_months); it lies between the two counts.
        assert unit_months <= got[key]["units"] <= pairs, (level, place_id, flow, by, key)
    return 2 * len(expected)


@pytest.fixture
def dataset(db):
    return synthetic.generate(SPEC, reference="minimal")


@pytest.fixture
def reviewer(db):
    return get_user_model().objects.create_user("synthetic.reviewer", password="x", is_superuser=True, is_staff=True)


def test_generated_data_is_labelled_and_sized(dataset):
    counts = dataset.counts
    assert counts["places.Province"] == 2 and counts["places.Estate"] == 6
    assert counts["registry.Organisation"] == 60
    assert 0.9 * 60 * 8 < counts["reporting.MonthlyReport"] <= 60 * 8
    assert counts["reporting.ExportLine"] and counts["reporting.ImportLine"]
    assert counts["reporting.StatCell"] and counts["reporting.TradeCell"]
    assert counts["reporting.ProvinceStatCell"] and counts["reporting.ProvinceTradeCell"]
    for model in (Province, County, Estate, Organisation, Product):
        assert not model.objects.exclude(name__contains=synthetic.SYNTHETIC_FA).exists(), model
    assert synthetic.existing_dataset()["spec"]["units"] == 60
    with pytest.raises(RuntimeError):
        synthetic.generate(SPEC, reference="minimal")
    # Not every report is accepted: drafts, returned and submitted ones must stay out of the statistics.
    assert MonthlyReport.objects.exclude(status=MonthlyReport.Status.ACCEPTED).exists()


def cells() -> list[dict]:
    """The non-empty statistics cells (estate and province level), comparable across a rebuild."""

    def stat(model, key):
        return {
            tuple(getattr(c, k) for k in key): tuple(Decimal(getattr(c, f)) for f in stats.STAT_COUNTERS)
            for c in model.objects.all()
            if c.units
        }

    def trade(model, key):
        return {tuple(getattr(c, k) for k in key): (c.value, c.units) for c in model.objects.all() if c.units}

    flows = ("flow", "country", "hs_chapter", "currency")
    return [
        stat(StatCell, ("period_index", "province_id", "county_id", "estate_id", "division")),
        stat(ProvinceStatCell, ("period_index", "province_id", "division")),
        trade(TradeCell, ("period_index", "province_id", "county_id", "estate_id", "division") + flows),
        trade(ProvinceTradeCell, ("period_index", "province_id", "division") + flows),
    ]


def check_api(last: JalaliMonth, user) -> None:
    """The indicator API (the full request stack) serves the same numbers, at every level."""
    reports = raw_reports()
    client = APIClient()
    client.force_authenticate(user)
    every = areas()
    for level, place_id in [next(a for a in every if a[0] == level) for level in indicators.LEVELS]:
        params = {"level": level, "period": last.code} | ({"id": place_id} if place_id else {})
        response = client.get("/api/stats/indicators/", params)
        assert response.status_code == 200, response.content
        data = response.json()
        mine = [r for r in reports if in_area(r, level, place_id, "") and r.period == last.index]
        expected = expected_figures(mine)
        for name in ("units", "units_shift1", "units_shift2", "units_shift3", "employees", "exporting_units"):
            assert data["current"][name] == expected[name], (level, name)
        exports = expected_trade(mine, "export", "country")
        assert {(r["key"], r["currency"]): Decimal(str(r["value"])) for r in data["exports"]} == {
            k: v[0] for k, v in exports.items()
        }


def test_every_indicator_matches_the_raw_reports_through_the_review_flow(dataset, reviewer):
    first, last = JalaliMonth.parse(dataset.first), JalaliMonth.parse(dataset.last)
    assert check_every_indicator(first, last) > 1000
    check_api(last, reviewer)

    # One more report accepted, and one accepted report (with exports and imports) reopened, through the services.
    pending = MonthlyReport.objects.filter(status=MonthlyReport.Status.SUBMITTED).order_by("pk").first()
    assert pending is not None
    services.accept(pending, reviewer)
    done = (
        MonthlyReport.objects.filter(
            status=MonthlyReport.Status.ACCEPTED, export_lines__isnull=False, import_lines__isnull=False
        )
        .order_by("pk")
        .first()
    )
    services.reopen(done, reviewer, "بازبینی دادهٔ ساختگی")
    check_every_indicator(first, last)
    check_api(last, reviewer)

    # The reopened report corrected and accepted again.
    done.refresh_from_db()
    done.employees_total += 7
    done.save()
    services.submit(done, None)
    services.accept(done, reviewer)
    check_every_indicator(first, last, only=next(r for r in raw_reports() if r.id == done.pk))

    # The cells kept live by the flow equal a rebuild from scratch (stats.rebuild, one report at a time).
    live = cells()
    stats.rebuild()
    assert cells() == live


def test_trade_units_are_distinct_unit_months(dataset):
    reports = raw_reports()
    mismatches = []
    for level, place_id in areas()[:3]:
        for period in sorted({r.period for r in reports}):
            month = JalaliMonth.from_index(period)
            mine = [r for r in reports if in_area(r, level, place_id, "") and r.period == period]
            for flow, by in (("export", "country"), ("export", "chapter"), ("import", "chapter")):
                expected = expected_trade(mine, flow, by)
                for row in indicators.trade(level, place_id, month, month, flow, by):
                    if row["units"] != expected[(row["key"], row["currency"])][1]:
                        mismatches.append((level, place_id, month.code, flow, by, row["key"]))
    assert not mismatches, mismatches[:5]
