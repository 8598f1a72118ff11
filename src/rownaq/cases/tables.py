"""Excel columns of the cases lists and of the statistics tables."""

from django.utils import timezone

from rownaq.core.excel import Column


def _bodies(case) -> str:
    return "، ".join(r.body.name for r in case.referrals.all())


def _overdue(case) -> bool:
    return bool(case.is_open and case.due_date and case.due_date < timezone.localdate())


CASE_COLUMNS = [
    Column("کد رهگیری", lambda c: c.tracking_code, 14),
    Column("واحد", lambda c: c.organisation.name, 36),
    Column("شهرک", lambda c: c.organisation.estate.name if c.organisation.estate_id else None, 24),
    Column("دسته", lambda c: c.get_category_display(), 18),
    Column("عنوان", lambda c: c.title, 40),
    Column("وضعیت", lambda c: c.get_status_display(), 14),
    Column("نهادهای مسئول", _bodies, 30),
    Column("ثبت", lambda c: c.created_at, 12),
    Column("مهلت", lambda c: c.due_date, 12),
    Column("گذشته از مهلت", _overdue, 10),
    Column("مبلغ", lambda c: c.amount, 16),
    Column("ارز", lambda c: c.currency if c.amount is not None else None, 6),
    Column("رضایت واحد", lambda c: c.satisfaction, 8),
]

RULE_COLUMNS = [
    Column("دسته", lambda r: r.get_category_display(), 18),
    Column("استان", lambda r: r.province.name if r.province_id else "همه", 16),
    Column("شهرستان", lambda r: r.county.name if r.county_id else "همه", 16),
    Column("شهرک", lambda r: r.estate.name if r.estate_id else "همه", 24),
    Column("نهاد مسئول", lambda r: r.body.name, 30),
    Column("مهلت (روز کاری)", lambda r: r.working_days, 10),
    Column("فعال", lambda r: r.active, 6),
    Column("توضیح", lambda r: r.note, 30),
]

MEETING_COLUMNS = [
    Column("عنوان", lambda m: m.title, 40),
    Column("تاریخ", lambda m: m.date, 12),
    Column("استان", lambda m: m.province.name, 16),
    Column("شهرستان", lambda m: m.county.name if m.county_id else None, 16),
    Column("پرونده‌های دستور جلسه", lambda m: m.agenda.count(), 10),
    Column("مصوبات", lambda m: m.resolutions.count(), 10),
]

STATISTICS_TABLES = {
    "by_body": (
        "پرونده‌ها به تفکیک نهاد",
        [
            Column("نهاد مسئول", lambda r: r["name"], 36),
            Column("ارجاع باز", lambda r: r["open"]),
            Column("گذشته از مهلت", lambda r: r["overdue"]),
            Column("کل ارجاع‌ها", lambda r: r["total"]),
        ],
    ),
    "by_category": (
        "پرونده‌ها به تفکیک دسته",
        [
            Column("دسته", lambda r: r["name"], 30),
            Column("باز", lambda r: r["open"]),
            Column("کل", lambda r: r["total"]),
        ],
    ),
    "by_estate": (
        "پرونده‌ها به تفکیک شهرک",
        [
            Column("شهرک", lambda r: r["name"], 36),
            Column("باز", lambda r: r["open"]),
            Column("کل", lambda r: r["total"]),
        ],
    ),
    "summary": (
        "شاخص‌های رسیدگی",
        [
            Column("شاخص", lambda r: r[0], 44),
            Column("مقدار", lambda r: r[1], 14),
        ],
    ),
}


def summary_rows(figures: dict) -> list[tuple[str, object]]:
    return [
        ("کل پرونده‌ها", figures["total"]),
        ("پرونده‌های باز", figures["open"]),
        ("پرونده‌های باز گذشته از مهلت", figures["overdue"]),
        ("سهم پرونده‌های گذشته از مهلت از پرونده‌های باز (٪)", figures["overdue_share"]),
        ("میانهٔ زمان حل مشکل (روز)", figures["median_days_to_resolve"]),
        ("نرخ حل (٪ از پرونده‌های به‌نتیجه‌رسیده)", figures["resolution_rate"]),
        ("میانگین رضایت واحدها (از ۵)", figures["satisfaction"]),
        ("مصوبات جلسات", figures["resolutions"]),
        ("مصوبات اجراشده", figures["resolutions_implemented"]),
        ("سهم مصوبات اجراشده از مصوبات تعیین‌تکلیف‌شده (٪)", figures["resolutions_implemented_share"]),
    ]
