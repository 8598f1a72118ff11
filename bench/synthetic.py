"""Synthetic national-scale data for the live statistics: provinces, counties, estates, industrial units with
their products, and monthly reports (mostly accepted) with production, export and import lines, all drawn from
one seed; then the rolled-up statistics cells, computed in SQL from the raw rows.

Every generated name says it is synthetic («ساختگی», "Synthetic") so nobody takes the figures for real ones.
PostgreSQL is loaded with COPY (its secondary indexes and foreign keys are dropped for the load and rebuilt after,
in the same transaction); any other database (SQLite in CI) gets bulk_create, which is fine at small scale.
The same seed gives the same rows on either database.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from rownaq.core.jalali import TEHRAN, JalaliMonth
from rownaq.core.national_id import make_national_id
from rownaq.core.persian import search_key, to_persian_digits
from rownaq.places.models import County, Estate, Province
from rownaq.registry.models import HsCode, HsIsicLink, IsicCode, Organisation, Product
from rownaq.reporting import services, stats
from rownaq.reporting.models import (
    ExportLine,
    ImportLine,
    MonthlyReport,
    ProductionLine,
    ProvinceStatCell,
    ProvinceTradeCell,
    StatCell,
    TradeCell,
)

SYNTHETIC_FA = "ساختگی"
# Bump when the rows a seed gives (or their order on disk) change, so a benchmark does not reuse older data.
GENERATOR_VERSION = 3  # 3: trade cells by country and by chapter (stats.ANY)
MARKER_TABLE = "synthetic_dataset"

# Export destinations and the currency each is paid in (a second currency appears now and then).
DESTINATIONS = [
    ("IQ", "USD"),
    ("AF", "USD"),
    ("AM", "USD"),
    ("AZ", "USD"),
    ("TR", "EUR"),
    ("SY", "USD"),
    ("RU", "CNY"),
    ("AE", "AED"),
    ("GE", "EUR"),
    ("TM", "USD"),
    ("KZ", "USD"),
    ("OM", "USD"),
    ("CN", "CNY"),
    ("IN", "USD"),
    ("PK", "USD"),
    ("QA", "USD"),
]
IMPORT_ORIGINS = [
    ("DE", "EUR"),
    ("CN", "CNY"),
    ("KR", "USD"),
    ("AE", "AED"),
    ("TR", "EUR"),
    ("IT", "EUR"),
    ("IN", "USD"),
    ("RU", "CNY"),
    ("", "USD"),
]
# Imported inputs (HS 2022 subheadings); used when the code is in the database.
IMPORT_HS = ["722490", "390740", "848210", "390730", "853710", "760120", "400211", "293100"]
# For a database without the reference codes (CI): a few real ISIC Rev.4 classes and an HS subheading each makes.
MINIMAL_CLASSES = [
    ("1010", "020130"),
    ("1071", "190590"),
    ("1311", "520511"),
    ("2013", "310210"),
    ("2220", "392690"),
    ("2394", "252329"),
    ("2410", "720839"),
    ("2511", "730890"),
    ("2710", "850440"),
    ("2822", "848071"),
    ("2910", "870323"),
    ("3100", "940360"),
]
PRODUCT_UNITS = [
    unit.value
    for unit in (
        Product.Unit.TONNE,
        Product.Unit.PIECE,
        Product.Unit.SET,
        Product.Unit.SQUARE_METRE,
        Product.Unit.LITRE,
        Product.Unit.CARTON,
    )
]


@dataclass(frozen=True)
class Spec:
    provinces: int = 31
    estates: int = 1000
    units: int = 100_000
    months: int = 120
    seed: int = 1
    counties: int | None = None  # default: about 0.43 per estate (Iran has ~430 counties), at least 2 a province
    last: str | None = None  # last Jalali month generated ("1404-06"); default: the month units report now

    def __post_init__(self):
        if self.provinces < 1 or self.estates < 1 or self.units < 1 or self.months < 1:
            raise ValueError("provinces, estates, units and months must be at least 1")
        if self.units >= 1_000_000:
            raise ValueError("at most 999,999 units (their synthetic national IDs have six free digits)")

    @property
    def county_count(self) -> int:
        return self.counties or max(2 * self.provinces, round(self.estates * 0.43))

    @property
    def last_month(self) -> JalaliMonth:
        return JalaliMonth.parse(self.last) if self.last else services.latest_reportable_month()

    def identity(self) -> dict:
        """What makes two data sets the same (the month the data ends is a consequence of the day, not a choice)."""
        data = asdict(self)
        data.pop("last")
        data["counties"] = self.county_count
        data["generator"] = GENERATOR_VERSION
        return data


SCALES = {
    "full": Spec(provinces=31, estates=1000, units=100_000, months=120),
    "medium": Spec(provinces=31, estates=200, units=10_000, months=60),
    "small": Spec(provinces=2, estates=6, units=60, months=8),
}


@dataclass
class Result:
    spec: dict
    counts: dict[str, int]
    seconds: dict[str, float]
    first: str
    last: str


# ---------------------------------------------------------------- integer arithmetic that matches Decimal's


def half_even_div(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half-to-even, as Decimal.quantize does by default (both non-negative)."""
    quotient, remainder = divmod(numerator, denominator)
    twice = 2 * remainder
    if twice > denominator or (twice == denominator and quotient % 2):
        quotient += 1
    return quotient


def cents(value: int) -> str:
    return f"{value // 100}.{value % 100:02d}"


def tenths(value: int) -> str:
    return f"{value // 10}.{value % 10}"


# ---------------------------------------------------------------- writers


class Writer:
    """Writes rows (tuples in `fields` order) of a model; every other column takes its default."""

    def __init__(self, now: dt.datetime):
        self.now = now
        self.rows: dict[str, int] = {}

    def _rest(self, model, fields: list[str]) -> tuple[list[models.Field], list]:
        rest = [f for f in model._meta.concrete_fields if f.attname not in fields]
        values = []
        for f in rest:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                values.append(self.now)
            else:
                values.append(f.get_default())
        return rest, values

    def write(self, model, fields: list[str], rows: list[tuple]) -> None:
        self.rows[model._meta.label] = self.rows.get(model._meta.label, 0) + len(rows)
        if rows:
            self._write(model, fields, rows)

    def _write(self, model, fields, rows):
        raise NotImplementedError


class BulkWriter(Writer):
    def _write(self, model, fields, rows):
        rest, values = self._rest(model, fields)
        fixed = {f.attname: v for f, v in zip(rest, values)}
        model.objects.bulk_create([model(**dict(zip(fields, row)), **fixed) for row in rows], batch_size=500)


class CopyWriter(Writer):
    def _write(self, model, fields, rows):
        rest, values = self._rest(model, fields)
        suffix = tuple(f.get_db_prep_save(v, connection) for f, v in zip(rest, values))
        columns = ", ".join(connection.ops.quote_name(c) for c in fields + [f.column for f in rest])
        table = connection.ops.quote_name(model._meta.db_table)
        tail = "".join("\t" + _copy_text(value) for value in suffix) + "\n"
        text = "".join(["\t".join([_copy_text(value) for value in row]) + tail for row in rows])
        with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            copy.write(text.encode())


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return (
            value.translate(_COPY_ESCAPES)
            if ("\\" in value or "\t" in value or "\n" in value or "\r" in value)
            else value
        )
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if hasattr(value, "obj"):  # psycopg's Json/Jsonb wrappers
        return json.dumps(value.obj).translate(_COPY_ESCAPES)
    return str(value)


# ---------------------------------------------------------------- fast loading on PostgreSQL


def _detach_indexes(tables: list[str]) -> list[str]:
    """Drop the foreign keys, unique constraints and secondary indexes of the tables (not their primary keys);
    return the statements that put them back. PostgreSQL DDL is transactional, so a failed load restores them."""
    qn = connection.ops.quote_name
    indexes, constraints, foreign = [], [], []
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending trigger events may block ALTER TABLE
        for table in tables:
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype IN ('f', 'u') ORDER BY conname",
                [table],
            )
            for name, definition, kind in cursor.fetchall():
                cursor.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
                (foreign if kind == "f" else constraints).append(
                    f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition}"
                )
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid "
                "AND c.conrelid = x.indrelid) ORDER BY i.relname",
                [table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f"DROP INDEX {qn(name)}")
                indexes.append(definition)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return indexes + constraints + foreign


# ---------------------------------------------------------------- reference codes


@dataclass
class Catalogue:
    classes: list[str]  # ISIC Rev.4 manufacturing classes units are drawn from
    hs_by_class: dict[str, list[str]]
    any_hs: list[str]
    import_hs: list[str]


def _create_minimal_codes() -> None:
    section, _ = IsicCode.objects.get_or_create(
        code="C", defaults={"level": 1, "section": "C", "title_en": "Manufacturing"}
    )
    for isic, _hs in MINIMAL_CLASSES:
        parent = section
        for code, level in ((isic[:2], 2), (isic[:3], 3), (isic, 4)):
            parent, _ = IsicCode.objects.get_or_create(
                code=code,
                defaults={
                    "level": level,
                    "parent": parent,
                    "section": "C",
                    "title_en": f"ISIC {code} (synthetic reference)",
                    "title_fa": f"آیسیک {code} ({SYNTHETIC_FA})",
                },
            )
    for hs in [h for _, h in MINIMAL_CLASSES] + IMPORT_HS:
        parent = None
        for code, level in ((hs[:2], 2), (hs[:4], 4), (hs, 6)):
            parent, _ = HsCode.objects.get_or_create(
                code=code,
                defaults={
                    "level": level,
                    "parent": parent,
                    "section": "-",
                    "title_en": f"HS {code} (synthetic reference)",
                },
            )
    for isic, hs in MINIMAL_CLASSES:
        HsIsicLink.objects.get_or_create(hs_id=hs, isic_id=isic, defaults={"via": "synthetic"})


def catalogue(reference: str = "auto") -> Catalogue:
    """The ISIC classes and HS codes units and products are drawn from. reference: "load" loads the project's
    reference codes if the database has no manufacturing classes, "minimal" creates a dozen; anything else loads."""
    manufacturing = IsicCode.objects.filter(level=IsicCode.Level.CLASS, code__gte="10", code__lt="34")
    if not manufacturing.exists():
        if reference == "minimal":
            _create_minimal_codes()
        else:
            from rownaq.registry.reference import load_reference_codes

            load_reference_codes()
    classes = sorted(manufacturing.values_list("code", flat=True))
    hs_by_class: dict[str, list[str]] = {}
    for isic, hs in (
        HsIsicLink.objects.filter(isic_id__in=classes, hs__level=6)
        .order_by("isic_id", "hs_id")
        .values_list("isic_id", "hs_id")
    ):
        hs_by_class.setdefault(isic, []).append(hs)
    any_hs = sorted({h for codes in hs_by_class.values() for h in codes}) or sorted(
        HsCode.objects.filter(level=6).values_list("code", flat=True)[:500]
    )
    import_hs = sorted(HsCode.objects.filter(code__in=IMPORT_HS).values_list("code", flat=True))
    return Catalogue(classes, hs_by_class, any_hs, import_hs)


# ---------------------------------------------------------------- the generator


def _next_id(model) -> int:
    return (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1


@dataclass(slots=True)
class UnitPlan:
    id: int
    products: list[tuple[int, str | None, int | None]]  # (id, hs, monthly capacity in cents or None)
    shifts: int
    employees: int
    level: float  # usual share of capacity used
    destinations: list[tuple[str, str]] = field(default_factory=list)
    imports: list[tuple[str, str | None, str, str, str]] = field(default_factory=list)


REPORT_FIELDS = [
    "id",
    "organisation_id",
    "year",
    "month",
    "period_index",
    "status",
    "source",
    "shifts_worked",
    "working_days",
    "employees_total",
    "employees_shift1",
    "employees_shift2",
    "employees_shift3",
    "domestic_sales_rial",
    "submitted_at",
    "reviewed_at",
    "review_comment",
    "version",
    "created_at",
    "updated_at",
]
PRODUCTION_FIELDS = ["id", "report_id", "product_id", "quantity", "monthly_capacity", "utilisation"]
EXPORT_FIELDS = ["id", "report_id", "country", "product_id", "hs_id", "quantity", "value", "currency"]
IMPORT_FIELDS = ["id", "report_id", "item", "hs_id", "origin_country", "quantity", "unit", "value", "currency"]


class Generator:
    def __init__(self, spec: Spec, writer: Writer, codes: Catalogue, progress: Callable[[str], None] | None = None):
        self.spec = spec
        self.writer = writer
        self.codes = codes
        self.progress = progress or (lambda message: None)
        self.now = writer.now
        self.last = spec.last_month
        self.first = self.last - (spec.months - 1)

    # --- places ---------------------------------------------------------------------------------------

    def places(self) -> tuple[list[tuple[int, int]], list[int], dict[int, int]]:
        """Provinces, counties (spread evenly over the provinces) and estates (spread over the counties).
        Returns the counties as (id, province id), the estate ids and each estate's county."""
        spec, rng = self.spec, random.Random(f"{self.spec.seed}:places")
        province_id, county_id, estate_id = _next_id(Province), _next_id(County), _next_id(Estate)
        provinces = []
        for n in range(1, spec.provinces + 1):
            provinces.append(
                (
                    province_id + n - 1,
                    f"SY{n:03d}",
                    f"استان {SYNTHETIC_FA} {to_persian_digits(n)}",
                    f"Synthetic province {n}",
                    f"مرکز {SYNTHETIC_FA} {to_persian_digits(n)}",
                )
            )
        self.writer.write(Province, ["id", "code", "name", "name_en", "center"], provinces)
        counties = []
        for n in range(spec.county_count):
            counties.append((county_id + n, provinces[n % spec.provinces][0]))
        self.writer.write(
            County,
            ["id", "province_id", "name", "name_en"],
            [
                (cid, pid, f"شهرستان {SYNTHETIC_FA} {to_persian_digits(n + 1)}", f"Synthetic county {n + 1}")
                for n, (cid, pid) in enumerate(counties)
            ],
        )
        estates, rows, county_of = [], [], {}
        kinds = [Estate.Kind.ESTATE.value] * 7 + [Estate.Kind.ZONE.value] * 2 + [Estate.Kind.SPECIAL_ZONE.value]
        for n in range(spec.estates):
            eid, cid = estate_id + n, counties[n % len(counties)][0]
            kind = rng.choice(kinds)
            name = f"{Estate.Kind(kind).label} {SYNTHETIC_FA} {to_persian_digits(n + 1)}"
            name_en = f"Synthetic estate {n + 1}"
            rows.append(
                (
                    eid,
                    cid,
                    name,
                    name_en,
                    kind,
                    Decimal(rng.randrange(20, 900)),
                    Decimal(f"{rng.uniform(25.5, 39.5):.6f}"),
                    Decimal(f"{rng.uniform(44.5, 62.5):.6f}"),
                    search_key(f"{name} {name_en}")[:400],
                )
            )
            estates.append(eid)
            county_of[eid] = cid
        self.writer.write(
            Estate,
            ["id", "county_id", "name", "name_en", "kind", "area_hectares", "latitude", "longitude", "search_text"],
            rows,
        )
        return counties, estates, county_of

    # --- units and products ---------------------------------------------------------------------------

    def units(self, counties, estates, county_of) -> list[UnitPlan]:
        spec, codes = self.spec, self.codes
        unit_id, product_id = _next_id(Organisation), _next_id(Product)
        # Estates differ in size: a few large ones, many small.
        weights = [random.Random(f"{spec.seed}:estate:{e}").paretovariate(1.5) for e in estates]
        cumulative, total = [], 0.0
        for w in weights:
            total += w
            cumulative.append(total)
        organisations, products, plans = [], [], []
        for n in range(spec.units):
            rng = random.Random(spec.seed * 1_000_003 + n)
            if n < len(estates) or rng.random() < 0.9:  # every estate has a unit; 10% of units are outside estates
                estate = estates[n] if n < len(estates) else rng.choices(estates, cum_weights=cumulative)[0]
                county = county_of[estate]
            else:
                estate, county = None, counties[rng.randrange(len(counties))][0]
            isic = rng.choice(codes.classes) if rng.random() > 0.03 else None
            shifts = rng.choices((1, 2, 3), weights=(45, 35, 20))[0]
            employees = min(5000, 5 + int(rng.lognormvariate(3.4, 0.9)))
            exporter = rng.random() < 0.2
            name = f"واحد صنعتی {SYNTHETIC_FA} {to_persian_digits(n + 1)}"
            name_en = f"Synthetic unit {n + 1}"
            national_id = make_national_id(f"71{n:06d}35")
            active = rng.random() < 0.93
            status = (Organisation.Status.ACTIVE if active else Organisation.Status.SEMI_ACTIVE).value
            oid = unit_id + n
            organisations.append(
                (
                    oid,
                    Organisation.Kind.UNIT.value,
                    name,
                    name_en,
                    national_id,
                    county,
                    estate,
                    isic,
                    employees,
                    status,
                    shifts,
                    exporter,
                    f"داده‌های {SYNTHETIC_FA} برای آزمون کارایی آمار",
                    search_key(f"{name} {name_en} {national_id}")[:600],
                )
            )
            plan = UnitPlan(oid, [], shifts, employees, rng.uniform(0.45, 1.05) if active else rng.uniform(0.15, 0.5))
            hs_choices = codes.hs_by_class.get(isic or "") or codes.any_hs
            for k in range(rng.choices((1, 2, 3), weights=(50, 35, 15))[0]):
                hs = rng.choice(hs_choices) if hs_choices and rng.random() > 0.05 else None
                annual = rng.randrange(12, 120_000) if rng.random() > 0.1 else None
                monthly = half_even_div(annual * 100, 12) if annual else None
                product_name = f"محصول {SYNTHETIC_FA} {to_persian_digits(k + 1)}"
                products.append(
                    (
                        product_id,
                        oid,
                        product_name,
                        hs,
                        Decimal(annual) if annual else None,
                        rng.choice(PRODUCT_UNITS),
                        search_key(product_name)[:300],
                    )
                )
                plan.products.append((product_id, hs, monthly))
                product_id += 1
            if exporter:
                plan.destinations = rng.sample(DESTINATIONS, rng.choice((1, 2, 2, 3)))
            if rng.random() < 0.3:
                for k in range(rng.choice((1, 1, 2))):
                    origin, currency = rng.choice(IMPORT_ORIGINS)
                    hs = rng.choice(codes.import_hs) if codes.import_hs and rng.random() > 0.1 else None
                    plan.imports.append(
                        (
                            f"نهادهٔ وارداتی {SYNTHETIC_FA} {to_persian_digits(k + 1)}",
                            hs,
                            origin,
                            currency,
                            rng.choice(PRODUCT_UNITS),
                        )
                    )
            plans.append(plan)
        self.writer.write(
            Organisation,
            [
                "id",
                "kind",
                "name",
                "name_en",
                "national_id",
                "county_id",
                "estate_id",
                "isic_id",
                "employees",
                "status",
                "usual_shifts",
                "is_exporter",
                "description",
                "search_text",
            ],
            organisations,
        )
        self.writer.write(
            Product, ["id", "organisation_id", "name", "hs_id", "annual_capacity", "unit", "search_text"], products
        )
        return plans

    # --- monthly reports ------------------------------------------------------------------------------

    def _months(self):
        """Each month with what its reports' timestamps are made of: reports are sent in the first two weeks of
        the next month and reviewed one to four days later. Timestamps are written as ISO text (fast to make and
        to load), except near today, where they are datetimes capped at now."""
        months = []
        for period in JalaliMonth.range(self.first, self.last):
            opened = dt.datetime.combine(period.next().first_day(), dt.time(9), TEHRAN)
            near_now = opened + dt.timedelta(days=19) > self.now
            days = [(opened.date() + dt.timedelta(days=d)).isoformat() for d in range(19)]
            offset = opened.strftime("%z")
            months.append((period, opened, near_now, days, f"{offset[:3]}:{offset[3:]}"))
        return months

    def reports(self, plans: list[UnitPlan], chunk: int = 1000) -> None:
        Status = MonthlyReport.Status
        accepted, submitted, returned, draft = (
            Status.ACCEPTED.value,
            Status.SUBMITTED.value,
            Status.RETURNED.value,
            Status.DRAFT.value,
        )
        months = self._months()
        last_index = len(months) - 1
        ids = {
            "report": _next_id(MonthlyReport),
            "production": _next_id(ProductionLine),
            "export": _next_id(ExportLine),
            "import": _next_id(ImportLine),
        }
        now, seed = self.now, self.spec.seed
        now_text = now.isoformat()
        started = time.monotonic()
        for start in range(0, len(plans), chunk):
            reports, production, exports, imports = [], [], [], []
            report_id, production_id, export_id, import_id = (
                ids["report"],
                ids["production"],
                ids["export"],
                ids["import"],
            )
            for plan in plans[start : start + chunk]:
                rng = random.Random(seed * 7_000_003 + plan.id * 131 + 17)
                trend = rng.uniform(-0.002, 0.004)  # the unit's drift per month
                for position, (period, opened, near_now, days, offset) in enumerate(months):
                    draw = rng.random()
                    if position == last_index:  # the month under review: some missing, drafts, in review
                        status = (
                            None
                            if draw < 0.03
                            else draft
                            if draw < 0.05
                            else returned
                            if draw < 0.07
                            else submitted
                            if draw < 0.15
                            else accepted
                        )
                    elif position == last_index - 1:
                        status = None if draw < 0.015 else submitted if draw < 0.025 else accepted
                    else:
                        status = None if draw < 0.015 else accepted
                    if status is None:
                        continue
                    worked = plan.shifts
                    change = rng.random()
                    if change < 0.04:
                        worked = min(3, worked + 1)
                    elif change < 0.08:
                        worked = max(1, worked - 1)
                    staff = max(1, int(plan.employees * rng.uniform(0.93, 1.05)))
                    per_shift = [
                        staff // worked + (1 if i < staff % worked else 0) if i < worked else None for i in range(3)
                    ]
                    day, minute, review_day = rng.randrange(14), rng.randrange(480), 1 + rng.randrange(4)
                    if status == draft:
                        sent = reviewed = None
                    elif near_now:
                        sent_at = min(now, opened + dt.timedelta(days=day, minutes=minute))
                        sent = sent_at
                        reviewed = None if status == submitted else min(now, sent_at + dt.timedelta(days=review_day))
                    else:
                        clock = f"T{9 + minute // 60:02d}:{minute % 60:02d}:00{offset}"
                        sent = days[day] + clock
                        reviewed = None if status == submitted else days[day + review_day] + clock
                    reports.append(
                        (
                            report_id,
                            plan.id,
                            period.year,
                            period.month,
                            period.index,
                            status,
                            "web",
                            worked,
                            min(period.days, 20 + 2 * worked + rng.randrange(3)),
                            staff,
                            per_shift[0],
                            per_shift[1],
                            per_shift[2],
                            staff * rng.randrange(300, 900) * 1_000_000,
                            sent,
                            reviewed,
                            f"اصلاح ردیف تولید ({SYNTHETIC_FA})" if status == returned else "",
                            {draft: 1, submitted: 2}.get(status, 3),
                            now_text,
                            now_text,
                        )
                    )
                    level = plan.level * (1 + trend * position)
                    for pid, _hs, monthly in plan.products:
                        if rng.random() < 0.05:
                            continue  # not made this month
                        if monthly:
                            factor = level * rng.uniform(0.85, 1.12) * (1.45 if rng.random() < 0.01 else 1)
                            quantity = int(monthly * factor)
                            production.append(
                                (
                                    production_id,
                                    report_id,
                                    pid,
                                    cents(quantity),
                                    cents(monthly),
                                    tenths(half_even_div(quantity * 1000, monthly)),
                                )
                            )
                        else:
                            production.append(
                                (production_id, report_id, pid, cents(rng.randrange(100, 10_000_000)), None, None)
                            )
                        production_id += 1
                    if plan.destinations and rng.random() < 0.7:
                        for n, (country, currency) in enumerate(plan.destinations):
                            if n and rng.random() < 0.4:
                                continue
                            pid, hs, _ = plan.products[rng.randrange(len(plan.products))]
                            kind = rng.random()
                            product, line_hs = (pid, hs) if kind < 0.6 else (pid, None) if kind < 0.9 else (None, None)
                            if rng.random() < 0.05:
                                currency = "EUR" if currency != "EUR" else "USD"
                            exports.append(
                                (
                                    export_id,
                                    report_id,
                                    country,
                                    product,
                                    line_hs,
                                    cents(rng.randrange(100, 5_000_000)) if rng.random() < 0.7 else None,
                                    cents(rng.randrange(500, 50_000) * 100 + rng.randrange(100)),
                                    currency,
                                )
                            )
                            export_id += 1
                    for item, hs, origin, currency, unit in plan.imports:
                        if rng.random() < 0.8:
                            imports.append(
                                (
                                    import_id,
                                    report_id,
                                    item,
                                    hs,
                                    origin,
                                    cents(rng.randrange(100, 3_000_000)) if rng.random() < 0.9 else None,
                                    unit,
                                    cents(rng.randrange(50, 12_000) * 100 + rng.randrange(100)),
                                    currency,
                                )
                            )
                            import_id += 1
                    report_id += 1
            self.writer.write(MonthlyReport, REPORT_FIELDS, reports)
            self.writer.write(ProductionLine, PRODUCTION_FIELDS, production)
            self.writer.write(ExportLine, EXPORT_FIELDS, exports)
            self.writer.write(ImportLine, IMPORT_FIELDS, imports)
            ids.update({"report": report_id, "production": production_id, "export": export_id, "import": import_id})
            done = min(start + chunk, len(plans))
            elapsed = time.monotonic() - started
            self.progress(
                f"units {done:,}/{len(plans):,}: {report_id - 1:,} reports, "
                f"{elapsed:,.0f} s, {(report_id - 1) / max(elapsed, 1e-9):,.0f} reports/s"
            )


# ---------------------------------------------------------------- the rollup, in SQL


def rollup_sql() -> list[str]:
    """Statements that fill StatCell and TradeCell from the accepted reports, with the same arithmetic as
    stats.contribution (a unit's utilisation is the mean of its lines', rounded half-to-even to 0.1), and then
    their province-level sums. Plain SQL that PostgreSQL and SQLite both run.

    Rows are inserted in key order, month first: a live system creates a month's cells during that month, so its
    tables are laid out month by month; rows in hash order would scatter one month's ~16,000 trade cells over as
    many pages (measured: 200 ms instead of 25 ms for the national exports by country)."""
    report, org = MonthlyReport._meta.db_table, Organisation._meta.db_table
    county, line = County._meta.db_table, ProductionLine._meta.db_table
    export, imported, product = ExportLine._meta.db_table, ImportLine._meta.db_table, Product._meta.db_table
    stat, trade = StatCell._meta.db_table, TradeCell._meta.db_table
    accepted = MonthlyReport.Status.ACCEPTED
    key = "r.period_index, c.province_id, o.county_id, COALESCE(o.estate_id, 0), COALESCE(SUBSTR(o.isic_id, 1, 2), '')"
    joins = f"JOIN {org} o ON o.id = r.organisation_id JOIN {county} c ON c.id = o.county_id"

    def band(condition: str) -> str:
        return f"SUM(CASE WHEN u.tenths IS NOT NULL AND {condition} THEN 1 ELSE 0 END)"

    # x/n rounded half-to-even in integers: q = x/n, r = x%n; add 1 if 2r > n, or 2r = n and q is odd.
    mean_tenths = (
        "(s.total / s.lines + CASE WHEN 2 * (s.total % s.lines) > s.lines "
        "OR (2 * (s.total % s.lines) = s.lines AND (s.total / s.lines) % 2 = 1) THEN 1 ELSE 0 END)"
    )
    statements = [
        f"""
        INSERT INTO {stat} (period_index, province_id, county_id, estate_id, division, units, units_shift1,
            units_shift2, units_shift3, employees, utilisation_sum, utilisation_units, band_0_50, band_50_75,
            band_75_100, band_100_120, band_over_120, exporting_units)
        SELECT {key}, COUNT(*),
            SUM(CASE WHEN r.shifts_worked = 1 THEN 1 ELSE 0 END),
            SUM(CASE WHEN r.shifts_worked = 2 THEN 1 ELSE 0 END),
            SUM(CASE WHEN r.shifts_worked = 3 THEN 1 ELSE 0 END),
            SUM(COALESCE(r.employees_total, 0)),
            COALESCE(SUM(u.tenths), 0) / 10.0, COUNT(u.tenths),
            {band("u.tenths < 500")}, {band("u.tenths >= 500 AND u.tenths < 750")},
            {band("u.tenths >= 750 AND u.tenths < 1000")}, {band("u.tenths >= 1000 AND u.tenths < 1200")},
            {band("u.tenths >= 1200")},
            SUM(CASE WHEN e.report_id IS NOT NULL THEN 1 ELSE 0 END)
        FROM {report} r {joins}
        LEFT JOIN (
            SELECT s.report_id, {mean_tenths} AS tenths
            FROM (SELECT report_id, CAST(SUM(ROUND(utilisation * 10)) AS BIGINT) AS total, COUNT(*) AS lines
                  FROM {line} WHERE utilisation IS NOT NULL GROUP BY report_id) s
        ) u ON u.report_id = r.id
        LEFT JOIN (SELECT DISTINCT report_id FROM {export}) e ON e.report_id = r.id
        WHERE r.status = '{accepted}'
        GROUP BY {key}
        ORDER BY {key}
        """,
        # Trade rows along two dimensions (see stats.contribution): by country with hs_chapter '*', and by
        # chapter with country '*'; COUNT(DISTINCT report) is then the number of unit-months in each row.
        f"""
        INSERT INTO {trade} (flow, period_index, province_id, county_id, estate_id, division, country, hs_chapter,
            currency, value, units)
        SELECT 'export', {key}, l.country, '*', l.currency, SUM(l.value), COUNT(DISTINCT r.id)
        FROM {export} l JOIN {report} r ON r.id = l.report_id {joins}
        LEFT JOIN {product} p ON p.id = l.product_id
        WHERE r.status = '{accepted}'
        GROUP BY {key}, l.country, l.currency
        ORDER BY {key}, l.country, l.currency
        """,
        f"""
        INSERT INTO {trade} (flow, period_index, province_id, county_id, estate_id, division, country, hs_chapter,
            currency, value, units)
        SELECT 'export', {key}, '*', COALESCE(SUBSTR(COALESCE(l.hs_id, p.hs_id), 1, 2), ''), l.currency, SUM(l.value),
               COUNT(DISTINCT r.id)
        FROM {export} l JOIN {report} r ON r.id = l.report_id {joins}
        LEFT JOIN {product} p ON p.id = l.product_id
        WHERE r.status = '{accepted}'
        GROUP BY {key}, COALESCE(SUBSTR(COALESCE(l.hs_id, p.hs_id), 1, 2), ''), l.currency
        ORDER BY {key}, COALESCE(SUBSTR(COALESCE(l.hs_id, p.hs_id), 1, 2), ''), l.currency
        """,
        f"""
        INSERT INTO {trade} (flow, period_index, province_id, county_id, estate_id, division, country, hs_chapter,
            currency, value, units)
        SELECT 'import', {key}, l.origin_country, '*', l.currency, SUM(l.value), COUNT(DISTINCT r.id)
        FROM {imported} l JOIN {report} r ON r.id = l.report_id {joins}
        WHERE r.status = '{accepted}'
        GROUP BY {key}, l.origin_country, l.currency
        ORDER BY {key}, l.origin_country, l.currency
        """,
        f"""
        INSERT INTO {trade} (flow, period_index, province_id, county_id, estate_id, division, country, hs_chapter,
            currency, value, units)
        SELECT 'import', {key}, '*', COALESCE(SUBSTR(l.hs_id, 1, 2), ''), l.currency, SUM(l.value), COUNT(DISTINCT r.id)
        FROM {imported} l JOIN {report} r ON r.id = l.report_id {joins}
        WHERE r.status = '{accepted}'
        GROUP BY {key}, COALESCE(SUBSTR(l.hs_id, 1, 2), ''), l.currency
        ORDER BY {key}, COALESCE(SUBSTR(l.hs_id, 1, 2), ''), l.currency
        """,
    ]
    counters = ", ".join(stats.STAT_COUNTERS)
    sums = ", ".join(f"SUM({c})" for c in stats.STAT_COUNTERS)
    province_trade = "flow, period_index, province_id, division, country, hs_chapter, currency"
    statements += [
        f"INSERT INTO {ProvinceStatCell._meta.db_table} (period_index, province_id, division, {counters}) "
        f"SELECT period_index, province_id, division, {sums} FROM {stat} "
        "GROUP BY period_index, province_id, division ORDER BY period_index, province_id, division",
        f"INSERT INTO {ProvinceTradeCell._meta.db_table} ({province_trade}, value, units) "
        f"SELECT {province_trade}, SUM(value), SUM(units) FROM {trade} GROUP BY {province_trade} "
        f"ORDER BY {province_trade}",
    ]
    return statements


ROLLUP_MODELS = [StatCell, TradeCell, ProvinceStatCell, ProvinceTradeCell]


def rollup() -> None:
    """Recompute every statistics cell from the raw reports in SQL (the fast equivalent of stats.rebuild)."""
    with transaction.atomic(), connection.cursor() as cursor:
        for model in ROLLUP_MODELS:
            cursor.execute(f"DELETE FROM {model._meta.db_table}")
        for statement in rollup_sql():
            cursor.execute(statement)


# ---------------------------------------------------------------- the marker


def _ensure_marker() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (generated_at VARCHAR(40) NOT NULL, "
            "spec TEXT NOT NULL, result TEXT NOT NULL)"
        )


def existing_dataset() -> dict | None:
    """The latest data set generated in this database ({"spec", "counts", "seconds", ...}), or None."""
    if MARKER_TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT generated_at, result FROM {MARKER_TABLE} ORDER BY generated_at DESC")
        row = cursor.fetchone()
    return {"generated_at": row[0], **json.loads(row[1])} if row else None


def count_rows() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in (
            Province,
            County,
            Estate,
            Organisation,
            Product,
            MonthlyReport,
            ProductionLine,
            ExportLine,
            ImportLine,
            *ROLLUP_MODELS,
        )
    } | {"accepted reports": MonthlyReport.objects.filter(status=MonthlyReport.Status.ACCEPTED).count()}


# ---------------------------------------------------------------- entry point

BIG_TABLES = [MonthlyReport, ProductionLine, ExportLine, ImportLine]


def generate(
    spec: Spec,
    *,
    reference: str = "auto",
    rollup_with: str = "sql",
    allow_existing: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Result:
    """Generate the data set into the default database and fill the statistics cells. rollup_with: "sql"
    (INSERT ... SELECT ... GROUP BY) or "python" (stats.rebuild, one report at a time: small data only)."""
    say = progress or (lambda message: None)
    if existing_dataset() and not allow_existing:
        raise RuntimeError("this database already holds a synthetic data set; use a fresh database")
    postgres = connection.vendor == "postgresql"
    seconds: dict[str, float] = {}
    clock = time.monotonic()

    def lap(name: str):
        nonlocal clock
        now = time.monotonic()
        seconds[name] = round(now - clock, 1)
        clock = now
        say(f"{name}: {seconds[name]:,} s")

    now = timezone.now().replace(microsecond=0)
    writer: Writer = CopyWriter(now) if postgres else BulkWriter(now)
    with transaction.atomic():
        if postgres:
            with connection.cursor() as cursor:  # this transaction only
                cursor.execute("SET LOCAL synchronous_commit = off")
                cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
                cursor.execute("SET LOCAL work_mem = '256MB'")
        codes = catalogue(reference)
        lap("reference codes")
        generator = Generator(spec, writer, codes, say)
        counties, estates, county_of = generator.places()
        plans = generator.units(counties, estates, county_of)
        lap("places, units and products")
        restore = _detach_indexes([m._meta.db_table for m in BIG_TABLES]) if postgres else []
        generator.reports(plans, chunk=1000 if postgres else 20)
        del plans
        lap("reports and lines")
        if postgres:
            with connection.cursor() as cursor:
                for statement in restore:
                    say(statement[:120])
                    cursor.execute(statement)
                for statement in connection.ops.sequence_reset_sql(
                    no_style(), [Province, County, Estate, Organisation, Product] + BIG_TABLES
                ):
                    cursor.execute(statement)
            lap("indexes and foreign keys")
        if rollup_with == "python":
            stats.rebuild()
        else:
            rollup()
        lap("statistics cells")
        counts = count_rows()
        result = Result(spec.identity(), counts, dict(seconds), generator.first.code, generator.last.code)
        _ensure_marker()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {MARKER_TABLE} (generated_at, spec, result) VALUES (%s, %s, %s)",
                [now.isoformat(), json.dumps(spec.identity()), json.dumps(asdict(result))],
            )
    if postgres:
        # VACUUM sets the visibility map (index-only scans) and leaves autovacuum nothing to do during a benchmark;
        # it cannot run inside a transaction (a test's), where ANALYZE alone is done.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for model in [Organisation, Product, *ROLLUP_MODELS, *BIG_TABLES]:
                cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
        lap("vacuum and analyze")
        result.seconds = dict(seconds)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {MARKER_TABLE} SET result = %s WHERE generated_at = %s",
                [json.dumps(asdict(result)), now.isoformat()],
            )
    return result


def describe(counts: dict[str, int]) -> str:
    return ", ".join(f"{label.split('.')[-1]}: {n:,}" for label, n in counts.items())
