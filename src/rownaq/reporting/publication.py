"""Which published statistics cells are hidden, and why: the disclosure rules (disclosure.py) applied to a month's
accepted reports. stats.py asks here for every table it builds with `suppressed=True`, so the public page, the
dashboard outside the viewer's scope, the indicator API, the Excel exports and the press kit hide the same cells.

A month's publication is two table sets, each over the place hierarchy (country > province > county > estate, with
"outside estates" per county) crossed with ISIC divisions (and their total):
- the unit statistics (units, shifts, employees, utilisation, ...), protected on employees and on the sum of
  utilisation percents;
- trade per flow and currency, by destination country and by HS chapter, protected on value. Exports by country
  and by chapter add up to the same total exports, which no table shows but an attacker can use: that total is in
  the table set as an unpublished cell. So is trade "outside estates", which no area shows on its own.
Months are separate table sets: no published table sums over months (the export meeting's 12-month totals are
shown only to the province's own staff).

Per-unit contributions, which the dominance rule needs, come from the accepted reports at publication (each
report's stored contribution, the very figures the rollup added), and the answer is cached per month, keyed by
a stamp of the month's accepted reports (count, ids, versions, last change), so a change to any report of the
month computes it again and nothing else does.
"""
from __future__ import annotations

import hashlib
import threading
from collections import defaultdict
from dataclasses import astuple

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Sum

from . import disclosure, stats
from .models import MonthlyReport

NATIONAL = ("n",)
TOTAL_DIVISION = "*"
ALL_TRADE = ("all",)  # total exports (or imports) of a flow and currency: never published
STAT_VARIABLES = ("employees", "utilisation_sum")
TRADE_VARIABLES = ("value",)
MARK = "●"
# The legend every suppressed table carries. One mark for every reason: telling primary from secondary cells
# would show an attacker which hidden cells are the small or dominated ones.
LEGEND = ("● محرمانه: خانه‌ای که از کمتر از {min_units} واحد ساخته شده، یا یک یا دو واحد بخش عمدهٔ آن را "
          "می‌سازند، یا پنهان شده تا خانه‌های محرمانهٔ دیگر از جمع‌ها و ارقام منتشرشده به دست نیاید.")


def rules() -> disclosure.Rules:
    return disclosure.Rules(min_units=settings.DISCLOSURE_MIN_UNITS, p_percent=settings.DISCLOSURE_P_PERCENT,
                            protection_percent=settings.DISCLOSURE_PROTECTION_PERCENT)


def legend() -> str:
    from rownaq.core.persian import to_persian_digits

    return LEGEND.format(min_units=to_persian_digits(str(settings.DISCLOSURE_MIN_UNITS)))


def marked_sheet(columns: list, rows: list[dict]) -> tuple[list, list]:
    """An Excel sheet of a suppressed table: a hidden cell's figures show the mark, and a last row the legend."""
    from rownaq.core.excel import Column

    def wrap(column, first: bool):
        def value(row):
            if row is LEGEND_ROW:
                return legend() if first else None
            shown = column.value(row)
            return MARK if shown is None and row.get("suppressed") else shown

        return Column(column.header, value, column.width)

    return [wrap(column, index == 0) for index, column in enumerate(columns)], [*rows, LEGEND_ROW]


LEGEND_ROW = {"legend": True}


# ---------------------------------------------------------------- the cells' names (shared with stats.py)

def place_node(level: str, place_id, county_id=None) -> tuple:
    """An area (level and id) as a node of the place hierarchy; estate 0 is "outside estates" of a county."""
    if level == "national":
        return NATIONAL
    if level == "estate":
        return ("e", place_id) if place_id else ("e0", county_id)
    return (level[0], place_id)


def division_node(division: str | None) -> str:
    """A division filter ("" is every division) or a breakdown row's division ("" there: no ISIC class)."""
    return TOTAL_DIVISION if division is None else division


def stat_key(place: tuple, division: str) -> tuple:
    return (place, division)


def trade_key(flow: str, currency: str, place: tuple, division: str, by: str, category: str) -> tuple:
    return ((flow, currency), place, division, (by, category))


# ---------------------------------------------------------------- the month's contributions

def _contributions(period_index: int) -> list[dict]:
    """What each accepted report of the month added to the rollup (stored when it was accepted; recomputed the
    same way for reports loaded in bulk without it)."""
    accepted = MonthlyReport.objects.filter(status=MonthlyReport.Status.ACCEPTED, period_index=period_index)
    stored = list(accepted.filter(contribution__isnull=False).values_list("contribution", flat=True))
    missing = (accepted.filter(contribution__isnull=True).select_related("organisation__county")
               .prefetch_related("production_lines", "export_lines__product", "import_lines"))
    return stored + [stats.contribution(report) for report in missing.iterator(chunk_size=2000)]


def _place_leaf(key: dict, parents: dict) -> tuple:
    county, province = ("c", key["county_id"]), ("p", key["province_id"])
    leaf = place_node("estate", key["estate_id"], key["county_id"])
    parents.setdefault(NATIONAL, None)
    parents.setdefault(province, NATIONAL)
    parents.setdefault(county, province)
    parents.setdefault(leaf, county)
    return leaf


def _division_leaf(key: dict, divisions: dict) -> str:
    divisions.setdefault(TOTAL_DIVISION, None)
    divisions.setdefault(key["division"], TOTAL_DIVISION)
    return key["division"]


def stat_table(contributions: list[dict]) -> disclosure.TableSet:
    places, divisions, rows = {}, {}, []
    for data in contributions:
        key = data["key"]
        leaves = (_place_leaf(key, places), _division_leaf(key, divisions))
        stat = data["stat"]
        rows.append((leaves, {"employees": float(stat["employees"] or 0),
                              "utilisation_sum": float(stat["utilisation_sum"] or 0)}))
    return disclosure.cross_table(rows, [places, divisions], STAT_VARIABLES)


def trade_table(contributions: list[dict]) -> disclosure.TableSet:
    """Exports by country and by chapter, imported inputs by chapter (their by-country table is not published,
    and leaving it out only leaves the attacker less to go on)."""
    places, divisions = {}, {}
    groups: dict[tuple, dict[str, list]] = defaultdict(lambda: {"country": [], "chapter": []})
    for data in contributions:
        key = data["key"]
        place, division = _place_leaf(key, places), _division_leaf(key, divisions)
        for row in data["trade"]:
            by = "chapter" if row["country"] == stats.ANY else "country"
            if row["flow"] == "import" and by == "country":
                continue
            category = ("chapter", row["hs_chapter"]) if by == "chapter" else ("country", row["country"])
            groups[(row["flow"], row["currency"])][by].append(((place, division, category), float(row["value"])))
    table = disclosure.TableSet(TRADE_VARIABLES)
    for group, by_kind in sorted(groups.items()):
        for rows in by_kind.values():
            if not rows:
                continue
            categories = {category: ALL_TRADE for (_, _, category), _ in rows} | {ALL_TRADE: None}
            part = disclosure.cross_table(
                [((group, *leaves), {"value": value}) for leaves, value in rows],
                [{group: None}, places, divisions, categories], TRADE_VARIABLES,
                published=lambda key: key[1][0] != "e0" and key[3] != ALL_TRADE)
            table.merge(part)
    return table


# ---------------------------------------------------------------- the month's pattern, cached

def _stamps(period_indexes: list[int]) -> dict[int, tuple]:
    rows = (MonthlyReport.objects.filter(status=MonthlyReport.Status.ACCEPTED, period_index__in=period_indexes)
            .values("period_index").annotate(n=Count("id"), ids=Sum("id"), versions=Sum("version"),
                                             changed=Max("updated_at")).order_by())
    return {row["period_index"]: (row["n"], row["ids"], row["versions"], str(row["changed"])) for row in rows}


def _cache_key(kind: str, period_index: int, stamp: tuple) -> str:
    text = repr((kind, period_index, stamp, astuple(rules())))
    return "disclosure:" + hashlib.sha256(text.encode()).hexdigest()


BUILDERS = {"stat": stat_table, "trade": trade_table}


def hidden_cells(kind: str, period_indexes: list[int]) -> dict[int, dict[tuple, str]]:
    """For each month, the cells of its `kind` ("stat" or "trade") table set to hide, with their reason."""
    stamps = _stamps(period_indexes)
    answer = {}
    for index in period_indexes:
        if index not in stamps:
            answer[index] = {}  # no accepted report: every cell is empty
            continue
        key = _cache_key(kind, index, stamps[index])
        status = _recent.get(key)
        if status is None:
            status = cache.get(key)
        if status is None:
            status = disclosure.protect(BUILDERS[kind](_contributions(index)), rules())
            cache.set(key, status, timeout=None)
        with _recent_lock:
            _recent[key] = status
            while len(_recent) > RECENT:
                del _recent[next(iter(_recent))]
        answer[index] = status
    return answer


# The last patterns used, unpickled (a page asks for the same month's pattern several times); the shared cache
# behind them serves the other workers.
RECENT = 64
_recent: dict[str, dict] = {}
_recent_lock = threading.Lock()
