"""Which published statistics cells are hidden, and why: the disclosure rules (disclosure.py) applied to a month's
accepted reports. indicators.py asks here for every table it builds with `suppressed=True`, so the public page, the
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
report's stored contribution, the very figures the rollup added). A month's answer (its *pattern*) is stored in the
database (DisclosurePattern) with a stamp of the month's accepted reports (count, ids, versions, last change), so
a change to any report of the month computes it again and nothing else does, once for every web worker. A large
month (more than DISCLOSURE_INLINE_REPORTS reports: seconds of LP at a thousand units) is computed by the task
worker after each accept or reopen; until its pattern matches the month's reports again, the month's cells are
withheld, never shown under an out-of-date pattern.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import defaultdict
from dataclasses import astuple

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone

from rownaq.core import jobs
from rownaq.core.jalali import JalaliMonth
from rownaq.core.persian import to_persian_digits

from . import disclosure, stats
from .models import DisclosurePattern, MonthlyReport

NATIONAL = ("n",)
TOTAL_DIVISION = "*"
ALL_TRADE = ("all",)  # total exports (or imports) of a flow and currency: never published
STAT_VARIABLES = ("employees", "utilisation_sum")
TRADE_VARIABLES = ("value",)
MARK = "●"
# The legend every suppressed table carries. One mark for every reason: telling primary from secondary cells
# would show an attacker which hidden cells are the small or dominated ones.
LEGEND = (
    "● محرمانه: خانه‌ای که از کمتر از {min_units} واحد ساخته شده، یا یک یا دو واحد بخش عمدهٔ آن را "
    "می‌سازند، یا پنهان شده تا خانه‌های محرمانهٔ دیگر از جمع‌ها و ارقام منتشرشده به دست نیاید."
)


def rules() -> disclosure.Rules:
    return disclosure.Rules(
        min_units=settings.DISCLOSURE_MIN_UNITS,
        p_percent=settings.DISCLOSURE_P_PERCENT,
        protection_percent=settings.DISCLOSURE_PROTECTION_PERCENT,
    )


def legend() -> str:
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


# ---------------------------------------------------------------- the cells' names (shared with indicators.py)


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
    missing = (
        accepted.filter(contribution__isnull=True)
        .select_related("organisation__county")
        .prefetch_related("production_lines", "export_lines__product", "import_lines")
    )
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
        rows.append(
            (
                leaves,
                {"employees": float(stat["employees"] or 0), "utilisation_sum": float(stat["utilisation_sum"] or 0)},
            )
        )
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
                [{group: None}, places, divisions, categories],
                TRADE_VARIABLES,
                published=lambda key: key[1][0] != "e0" and key[3] != ALL_TRADE,
            )
            table.merge(part)
    return table


# ---------------------------------------------------------------- the month's pattern, stored


class Pending(dict):
    """The pattern of a month not computed yet for its current reports: every cell of the month is withheld (its
    figures are shown once the task worker has computed the pattern, seconds later)."""

    def get(self, key, default=None):
        return PENDING


PENDING = "pending"  # the reason given for every cell of a Pending month


def _stamps(period_indexes: list[int]) -> dict[int, tuple]:
    rows = (
        MonthlyReport.objects.filter(status=MonthlyReport.Status.ACCEPTED, period_index__in=period_indexes)
        .values("period_index")
        .annotate(n=Count("id"), ids=Sum("id"), versions=Sum("version"), changed=Max("updated_at"))
        .order_by()
    )
    return {row["period_index"]: (row["n"], row["ids"], row["versions"], str(row["changed"])) for row in rows}


def _stamp_hash(kind: str, period_index: int, stamp: tuple) -> str:
    text = repr((kind, period_index, stamp, astuple(rules())))
    return hashlib.sha256(text.encode()).hexdigest()


def _tuples(value):
    return tuple(_tuples(item) for item in value) if isinstance(value, list) else value


def _encode(status: dict) -> list:
    return [[key, reason] for key, reason in status.items()]


def _decode(hidden: list) -> dict:
    return {_tuples(key): reason for key, reason in hidden}


BUILDERS = {"stat": stat_table, "trade": trade_table}
KINDS = tuple(BUILDERS)


def compute(kind: str, period_index: int) -> dict[tuple, str]:
    """Compute a month's pattern from its accepted reports as they are now, and store it for every worker."""
    stamp = _stamps([period_index]).get(period_index)
    if stamp is None:
        DisclosurePattern.objects.filter(kind=kind, period_index=period_index).delete()
        return {}
    stamp_hash = _stamp_hash(kind, period_index, stamp)
    started = time.monotonic()
    status = disclosure.protect(BUILDERS[kind](_contributions(period_index)), rules())
    DisclosurePattern.objects.update_or_create(
        kind=kind,
        period_index=period_index,
        defaults={
            "stamp": stamp_hash,
            "hidden": _encode(status),
            "reports": stamp[0],
            "seconds": round(time.monotonic() - started, 3),
        },
    )
    return _remember(stamp_hash, status)


def ready(period_index: int) -> bool:
    """Whether a month's published figures can be shown now: small, or its stored patterns are up to date."""
    stamp = _stamps([period_index]).get(period_index)
    return stamp is None or stamp[0] <= settings.DISCLOSURE_INLINE_REPORTS or not _stale({period_index: stamp})


def stale_months(period_indexes: list[int] | None = None) -> list[int]:
    """The months (with accepted reports) whose stored pattern, of either kind, is missing or out of date."""
    return _stale(_stamps(period_indexes) if period_indexes is not None else _all_stamps())


def _stale(stamps: dict[int, tuple]) -> list[int]:
    stored = {
        (row.kind, row.period_index): row.stamp
        for row in DisclosurePattern.objects.filter(period_index__in=list(stamps)).only("kind", "period_index", "stamp")
    }
    return sorted(
        index
        for index, stamp in stamps.items()
        if any(stored.get((kind, index)) != _stamp_hash(kind, index, stamp) for kind in KINDS)
    )


def _all_stamps() -> dict[int, tuple]:
    indexes = (
        MonthlyReport.objects.filter(status=MonthlyReport.Status.ACCEPTED)
        .values_list("period_index", flat=True)
        .distinct()
        .order_by()
    )
    return _stamps(list(indexes))


def status(now=None) -> dict:
    """For the health page: the months whose published figures are withheld while their pattern is computed, and
    whether any has waited longer than DISCLOSURE_LATE_MINUTES (the task worker is not keeping up, or not running)."""
    now = now or timezone.now()
    months = {
        row["period_index"]: row
        for row in (
            MonthlyReport.objects.filter(status=MonthlyReport.Status.ACCEPTED, period_index__in=stale_months())
            .values("period_index")
            .annotate(n=Count("id"), changed=Max("updated_at"))
            .order_by()
        )
    }
    # Small months are computed by the first request that reads them: only large ones wait for the worker.
    stale = sorted(index for index, row in months.items() if row["n"] > settings.DISCLOSURE_INLINE_REPORTS)
    late = [
        index
        for index in stale
        if (now - months[index]["changed"]).total_seconds() > 60 * settings.DISCLOSURE_LATE_MINUTES
    ]
    return {
        "stale": [JalaliMonth.from_index(index).label for index in stale],
        "late": [JalaliMonth.from_index(index).label for index in late],
        "ok": not late,
    }


def refresh(period_index: int, rounds: int = 5) -> int:
    """Bring a month's patterns up to date, again while its reports keep changing (a month-end burst), at most
    `rounds` times: the next change schedules another refresh. Returns the number of patterns computed."""
    computed = 0
    for _ in range(rounds):
        if period_index not in stale_months([period_index]):
            break
        for kind in KINDS:
            compute(kind, period_index)
            computed += 1
    return computed


def hidden_cells(kind: str, period_indexes: list[int]) -> dict[int, dict[tuple, str]]:
    """For each month, the cells of its `kind` ("stat" or "trade") table set to hide, with their reason. A month
    whose stored pattern is out of date is computed here when it is small (DISCLOSURE_INLINE_REPORTS accepted
    reports at most: well under a second), else withheld (Pending) and its refresh scheduled."""
    stamps = _stamps(period_indexes)
    hashes = {index: _stamp_hash(kind, index, stamps[index]) for index in period_indexes if index in stamps}
    answer: dict[int, dict] = {index: {} for index in period_indexes if index not in stamps}  # no report: empty
    missing = [index for index in hashes if hashes[index] not in _recent]
    stored = {
        row.period_index: row
        for row in DisclosurePattern.objects.filter(
            kind=kind, period_index__in=missing, stamp__in=[hashes[index] for index in missing]
        )
    }
    for index, stamp_hash in hashes.items():
        status = _recent.get(stamp_hash)
        if status is None and index in stored:
            status = _remember(stamp_hash, _decode(stored[index].hidden))
        if status is None:
            if stamps[index][0] <= settings.DISCLOSURE_INLINE_REPORTS:
                status = compute(kind, index)
            else:
                schedule_refresh(index)
                status = Pending()
        answer[index] = status
    return answer


def pending(hidden: dict[int, dict]) -> list[int]:
    return [index for index, status in hidden.items() if isinstance(status, Pending)]


def schedule_refresh(period_index: int) -> None:
    """Ask the task worker to refresh a month's patterns, unless a refresh of it is already waiting or running
    (that one re-reads the month's reports before it ends)."""
    subject = f"disclosure:{period_index}"
    if jobs.active_for(subject) is None:
        jobs.start(
            refresh_disclosure,
            period_index,
            subject=subject,
            title=f"کنترل افشای آمار {JalaliMonth.from_index(period_index).label}",
        )


@jobs.job_task(max_attempts=3)
def refresh_disclosure(progress, period_index: int) -> dict:
    """The task worker's refresh of a month's patterns, queued by schedule_refresh."""
    progress.update(stage="محاسبهٔ خانه‌های محرمانهٔ آمار منتشرشده")
    computed = refresh(period_index)
    return {"message": f"{to_persian_digits(computed)} الگوی انتشار به‌روز شد.", "computed": computed}


def after_change(period_index: int) -> None:
    """A month's accepted reports changed (accept, reopen): refresh its large patterns in the background once the
    change is committed; small months are computed on their next reading."""

    def schedule():
        stamp = _stamps([period_index]).get(period_index)
        if stamp and stamp[0] > settings.DISCLOSURE_INLINE_REPORTS:
            schedule_refresh(period_index)

    transaction.on_commit(schedule)


# The last patterns used, decoded (a page asks for the same month's pattern several times); the database table
# behind them serves the other workers.
RECENT = 64
_recent: dict[str, dict] = {}
_recent_lock = threading.Lock()


def _remember(stamp_hash: str, status: dict) -> dict:
    with _recent_lock:
        _recent[stamp_hash] = status
        while len(_recent) > RECENT:
            del _recent[next(iter(_recent))]
    return status
