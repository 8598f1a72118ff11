"""Excel columns of the sourcing lists and of the savings dashboard's tables. Marketplace columns are made for one
viewer: the buyer column says «ناشناس» where that viewer may not know the buyer, and no column carries the
buyer's estate, national id or FX figures."""

from rownaq.core.excel import Column
from rownaq.core.geo import country_name

from . import services


def _hs(need):
    return need.hs_id or None


NEED_COLUMNS = [
    Column("عنوان قلم", lambda n: n.title, 40),
    Column("واحد خریدار", lambda n: n.organisation.name, 34),
    Column("شهرک", lambda n: n.organisation.estate.name if n.organisation.estate_id else None, 24),
    Column("نوع قلم", lambda n: n.get_kind_display(), 16),
    Column("کد تعرفه", _hs, 10),
    Column("وضعیت", lambda n: n.get_status_display(), 16),
    Column("نمایش خریدار", lambda n: "ناشناس" if n.visibility == "anonymous" else "عمومی", 10),
    Column("مقدار سالانه", lambda n: n.annual_quantity, 12),
    Column("واحد سنجش", lambda n: n.get_unit_display(), 10),
    Column("ارزش ارزی سالانه", lambda n: n.annual_fx_value, 16),
    Column("ارز", lambda n: n.currency, 6),
    Column("کشور مبدأ", lambda n: country_name(n.origin_country) if n.origin_country else None, 14),
    Column("سازندهٔ داخلی", lambda n: n.maker.name if n.maker_id else None, 30),
    Column("تاریخ ساخت داخل", lambda n: n.localized_on, 12),
    Column("صرفه‌جویی ارزی سالانه", lambda n: n.fx_saved_per_year, 16),
    Column("انتشار", lambda n: n.published_at, 12),
    Column("آخرین تغییر", lambda n: n.updated_at, 12),
]


def market_columns(user) -> list[Column]:
    return [
        Column("عنوان قلم", lambda n: n.title, 40),
        Column("خریدار", lambda n: services.buyer_label(user, n), 40),
        Column("نوع قلم", lambda n: n.get_kind_display(), 16),
        Column("کد تعرفه", _hs, 10),
        Column("شمارهٔ فنی", lambda n: n.part_number or None, 18),
        Column("کشور مبدأ", lambda n: country_name(n.origin_country) if n.origin_country else None, 14),
        Column("مقدار سالانه", lambda n: n.annual_quantity, 12),
        Column("واحد سنجش", lambda n: n.get_unit_display(), 10),
        Column("سال هدف", lambda n: n.target_year, 8),
        Column("مرحله", lambda n: n.get_status_display(), 16),
        Column("انتشار", lambda n: n.published_at, 12),
    ]


LEDGER_TABLES = {
    "by_estate": ("بر حسب شهرک", "شهرک"),
    "by_sector": ("بر حسب بخش صنعت (آیسیک)", "بخش آیسیک"),
    "by_kind": ("بر حسب نوع قلم", "نوع قلم"),
}


def ledger_columns(group_header: str) -> list[Column]:
    return [
        Column(group_header, lambda r: r["name"], 34),
        Column("ارز", lambda r: r["currency"], 6),
        Column("تعداد نیاز", lambda r: r["count"], 10),
        Column("ارزش ارزی سالانهٔ فهرست‌شده", lambda r: r["listed"], 18),
        Column("ساخت داخل‌شده", lambda r: r["localized"], 10),
        Column("صرفه‌جویی ارزی سالانه", lambda r: r["saved"], 18),
    ]


TOTAL_COLUMNS = [
    Column("ارز", lambda r: r["currency"], 8),
    Column("ارزش ارزی سالانهٔ نیازهای فهرست‌شده", lambda r: r["listed"], 22),
    Column("تعداد نیاز فهرست‌شده", lambda r: r["listed_count"], 12),
    Column("ارزش ارزی سالانهٔ نیازهای ساخت داخل‌شده", lambda r: r["localized"], 22),
    Column("تعداد ساخت داخل", lambda r: r["localized_count"], 12),
    Column("صرفه‌جویی ارزی سالانه", lambda r: r["saved"], 18),
]

UNMET_COLUMNS = [
    Column("عنوان قلم", lambda n: n.title, 40),
    Column("واحد خریدار", lambda n: n.organisation.name, 34),
    Column("کد تعرفه", _hs, 10),
    Column("ارزش ارزی سالانه", lambda n: n.annual_fx_value, 16),
    Column("ارز", lambda n: n.currency, 6),
    Column("بهترین سازندهٔ پیشنهادی", lambda n: n.best_match.organisation.name if n.best_match else None, 30),
    Column("امتیاز", lambda n: round(n.best_match.score, 1) if n.best_match else None, 8),
]


def linkage_columns() -> list[Column]:
    return [
        Column("قلم وارداتی", lambda r: r.item, 36),
        Column("کد تعرفه", lambda r: r.hs.code if r.hs else None, 10),
        Column("واحدهای واردکننده", lambda r: "، ".join(o.name for o in r.importers), 40),
        Column("ارزش واردات", lambda r: "، ".join(f"{v:,.0f} {c}" for c, v in r.values.items()), 24),
        Column("منبع", lambda r: r.sources_label, 18),
        Column("ساخت در استان", lambda r: r.produced_locally, 10),
        Column("سازندگان استان", lambda r: "، ".join(f"{m.organisation.name} ({m.score:.0f})" for m in r.makers), 50),
        Column("دلایل (بهترین سازنده)", lambda r: "؛ ".join(r.makers[0].reasons[:3]) if r.makers else None, 60),
    ]
