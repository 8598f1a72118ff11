"""Demo data: East Azerbaijan's real public bodies and estates, plus clearly labelled sample factories.

Everything is made from `random.Random(seed)`, so one seed always gives the same organisations, national IDs and
figures, and a second run updates the same records instead of adding new ones (natural keys: an organisation's
national ID, or its kind and name when it has none; a product's organisation and name; a user's username).

Every fictitious organisation's name ends with «(نمونه)». Real bodies keep their real names, but their
figures (staff, capacity) are samples and their national IDs are generated, not the real ones.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from dataclasses import dataclass, field
from decimal import Decimal

import jdatetime
from django.contrib.auth import get_user_model
from django.db import transaction

from rownaq.core.actor import acting_as
from rownaq.core.national_id import make_national_id
from rownaq.places.models import County, Estate, Province, StaffAssignment
from rownaq.places.services import HOME_PROVINCE_CODE, SALIMI_ESTATE_NAME, SUNGUN_COMPLEX_NAME, load_places

from .models import HsCode, IsicCode, Membership, Organisation, Product

DEFAULT_SEED = 1403
DEMO_PASSWORD = "rownaq-demo-1403"
SAMPLE = " (نمونه)"
SAMPLE_NOTE = "دادهٔ نمونه برای نمایش سامانه: این واحد و همهٔ ارقام آن ساختگی است."
REAL_NAME_NOTE = "نام واقعی؛ ارقام و شناسهٔ ملی نمونه (ساختگی) است."

# The organisations the demo users belong to; tests and docs refer to them by these names.
UNIT_MEMBER_ORGANISATION = "صنایع قالب‌سازی آذر ریخته" + SAMPLE  # in the Salimi estate
UNIT_OTHER_ORGANISATION = "کاشی و سرامیک آیدین مرند" + SAMPLE  # in the Marand estate
SMT_ORGANISATION = "سازمان صنعت، معدن و تجارت استان آذربایجان شرقی"
CHAMBER_ORGANISATION = "اتاق بازرگانی، صنایع، معادن و کشاورزی تبریز"
CUSTOMS_ORGANISATION = "ادارهٔ کل گمرک استان آذربایجان شرقی"
IRNA_ORGANISATION = "خبرگزاری جمهوری اسلامی (ایرنا) — دفتر تبریز"
SUNGUN_ORGANISATION = "مجتمع مس سونگون"
BASIJ_ORGANISATION = "بسیج مهندسی استان آذربایجان شرقی"

Unit = Product.Unit
Kind = Organisation.Kind
Status = Organisation.Status


@dataclass(frozen=True)
class ProductSpec:
    name: str
    hs: str
    unit: str
    low: int  # annual capacity range of a mid-sized unit
    high: int


@dataclass(frozen=True)
class Sector:
    isic: str
    prefixes: tuple[str, ...]
    products: tuple[ProductSpec, ...]
    export_share: float = 0.3
    three_shift_share: float = 0.25
    staff: tuple[int, int] = (15, 250)


def _p(name, hs, unit, low, high) -> ProductSpec:
    return ProductSpec(name, hs, unit, low, high)


# ISIC Rev.4 class and HS 2022 codes are chosen so that the registry's HS->ISIC concordance links each product
# to its maker's class.
SECTORS: dict[str, Sector] = {
    "auto_parts": Sector(
        "2930",
        ("قطعه‌سازی", "صنایع قطعات خودرو"),
        (
            _p("لنت ترمز خودرو", "870830", Unit.SET, 50_000, 600_000),
            _p("دیسک و صفحهٔ کلاچ", "870893", Unit.SET, 20_000, 300_000),
            _p("رادیاتور خودرو", "870891", Unit.PIECE, 10_000, 150_000),
            _p("کمک‌فنر", "870880", Unit.PIECE, 30_000, 400_000),
            _p("اگزوز و منبع اگزوز", "870892", Unit.PIECE, 20_000, 200_000),
            _p("سرسیلندر و پیستون موتور بنزینی", "840991", Unit.PIECE, 10_000, 200_000),
            _p("صندلی خودرو", "940120", Unit.PIECE, 5_000, 80_000),
        ),
        export_share=0.35,
        three_shift_share=0.45,
        staff=(40, 600),
    ),
    "tractor_parts": Sector(
        "2930",
        ("صنایع قطعات تراکتور",),
        (
            _p("اکسل محرک تراکتور", "870850", Unit.PIECE, 500, 8_000),
            _p("گیربکس تراکتور", "870840", Unit.PIECE, 500, 6_000),
            _p("قطعات یدکی تراکتور", "870899", Unit.TONNE, 50, 1_500),
            _p("قطعات موتور دیزل", "840999", Unit.PIECE, 5_000, 100_000),
        ),
        export_share=0.3,
        three_shift_share=0.3,
        staff=(30, 300),
    ),
    "agri_machinery": Sector(
        "2821",
        ("ادوات کشاورزی",),
        (
            _p("گاوآهن", "843210", Unit.PIECE, 200, 5_000),
            _p("دیسک کشاورزی", "843221", Unit.PIECE, 200, 4_000),
            _p("قطعات ادوات خاک‌ورزی", "843290", Unit.TONNE, 20, 600),
        ),
        export_share=0.25,
        three_shift_share=0.05,
        staff=(10, 120),
    ),
    "moulds": Sector(
        "2593",
        ("صنایع قالب‌سازی", "قالب‌سازی"),
        (
            _p("قالب تزریق پلاستیک", "848071", Unit.PIECE, 20, 400),
            _p("قالب دایکاست", "848041", Unit.PIECE, 10, 200),
            _p("قالب پرس و برش", "820730", Unit.PIECE, 20, 500),
            _p("درجه و جعبه‌قالب ریخته‌گری", "848010", Unit.PIECE, 20, 300),
            _p("قالب لاستیک", "848079", Unit.PIECE, 10, 200),
        ),
        export_share=0.25,
        three_shift_share=0.35,
        staff=(12, 180),
    ),
    "foundry": Sector(
        "2431",
        ("ریخته‌گری", "صنایع ریخته‌گری"),
        (
            _p("اتصالات چدنی لوله", "730711", Unit.TONNE, 200, 5_000),
            _p("اتصالات چدن داکتیل", "730719", Unit.TONNE, 200, 4_000),
        ),
        export_share=0.3,
        three_shift_share=0.55,
        staff=(30, 400),
    ),
    "non_ferrous": Sector(
        "2420",
        ("صنایع فلزات غیرآهنی", "فلزکاری"),
        (
            _p("اتصالات برنجی", "741220", Unit.TONNE, 50, 1_500),
            _p("اتصالات آلومینیومی لوله", "760900", Unit.TONNE, 50, 1_000),
            _p("مفتول مسی", "740811", Unit.TONNE, 500, 15_000),
        ),
        export_share=0.35,
        three_shift_share=0.4,
        staff=(20, 250),
    ),
    "pumps_valves": Sector(
        "2813",
        ("پمپ و شیرآلات", "صنایع شیرسازی"),
        (
            _p("پمپ سانتریفیوژ", "841370", Unit.PIECE, 500, 20_000),
            _p("شیرآلات صنعتی", "848180", Unit.PIECE, 5_000, 200_000),
            _p("کمپرسور هوا", "841480", Unit.PIECE, 200, 5_000),
        ),
        export_share=0.35,
        three_shift_share=0.2,
        staff=(20, 300),
    ),
    "packing_machinery": Sector(
        "2819",
        ("ماشین‌سازی",),
        (_p("ماشین بسته‌بندی", "842240", Unit.SET, 20, 400),),
        export_share=0.3,
        three_shift_share=0.05,
        staff=(10, 120),
    ),
    "food_machinery": Sector(
        "2825",
        ("ماشین‌سازی صنایع غذایی",),
        (
            _p("ماشین‌آلات صنایع غذایی", "843880", Unit.SET, 10, 200),
            _p("قطعات ماشین‌آلات صنایع غذایی", "843890", Unit.TONNE, 10, 200),
        ),
        export_share=0.3,
        three_shift_share=0.05,
        staff=(10, 120),
    ),
    "machine_tools": Sector(
        "2822",
        ("ماشین‌ابزار",),
        (
            _p("ماشین تراش CNC", "845811", Unit.SET, 10, 150),
            _p("دستگاه خم‌کاری ورق", "846229", Unit.SET, 10, 150),
        ),
        export_share=0.2,
        three_shift_share=0.1,
        staff=(20, 250),
    ),
    "gears": Sector(
        "2814",
        ("صنایع انتقال نیرو", "چرخ‌دنده‌سازی"),
        (
            _p("گیربکس و چرخ‌دندهٔ صنعتی", "848340", Unit.PIECE, 500, 20_000),
            _p("میل‌لنگ و شافت", "848310", Unit.PIECE, 1_000, 30_000),
        ),
        export_share=0.25,
        three_shift_share=0.3,
        staff=(20, 250),
    ),
    "confectionery": Sector(
        "1073",
        ("شیرینی و شکلات", "صنایع شکلات"),
        (
            _p("شکلات تخته‌ای", "180632", Unit.TONNE, 300, 8_000),
            _p("آبنبات و تافی", "170490", Unit.TONNE, 300, 6_000),
        ),
        export_share=0.6,
        three_shift_share=0.4,
        staff=(40, 700),
    ),
    "bakery": Sector(
        "1071",
        ("صنایع غذایی", "بیسکویت‌سازی"),
        (
            _p("بیسکویت", "190531", Unit.TONNE, 500, 15_000),
            _p("کیک و کلوچه", "190590", Unit.TONNE, 300, 8_000),
        ),
        export_share=0.45,
        three_shift_share=0.35,
        staff=(30, 400),
    ),
    "dairy": Sector(
        "1050",
        ("لبنیات",),
        (
            _p("شیر پاستوریزه", "040120", Unit.TONNE, 2_000, 40_000),
            _p("ماست", "040320", Unit.TONNE, 1_000, 20_000),
            _p("پنیر سفید", "040690", Unit.TONNE, 500, 8_000),
        ),
        export_share=0.25,
        three_shift_share=0.5,
        staff=(20, 300),
    ),
    "fruit": Sector(
        "1030",
        ("صنایع غذایی", "کشت و صنعت"),
        (
            _p("مغز بوداده و بسته‌بندی", "200819", Unit.TONNE, 200, 3_000),
            _p("رب گوجه‌فرنگی", "200290", Unit.TONNE, 1_000, 20_000),
            _p("مربا", "200799", Unit.TONNE, 300, 5_000),
        ),
        export_share=0.4,
        three_shift_share=0.2,
        staff=(15, 200),
    ),
    "vegetable_oil": Sector(
        "1040",
        ("روغن نباتی",),
        (_p("روغن آفتابگردان تصفیه‌شده", "151219", Unit.TONNE, 5_000, 80_000),),
        export_share=0.2,
        three_shift_share=0.6,
        staff=(40, 300),
    ),
    "pasta": Sector(
        "1074",
        ("ماکارونی",),
        (_p("ماکارونی و رشته", "190219", Unit.TONNE, 2_000, 40_000),),
        export_share=0.35,
        three_shift_share=0.5,
        staff=(30, 250),
    ),
    "animal_feed": Sector(
        "1080",
        ("خوراک دام",),
        (_p("خوراک دام و طیور", "230990", Unit.TONNE, 5_000, 100_000),),
        export_share=0.05,
        three_shift_share=0.3,
        staff=(10, 100),
    ),
    "tea_condiments": Sector(
        "1079",
        ("صنایع غذایی",),
        (
            _p("چای بسته‌بندی", "090230", Unit.TONNE, 200, 5_000),
            _p("سس و چاشنی", "210390", Unit.TONNE, 300, 8_000),
        ),
        export_share=0.3,
        three_shift_share=0.15,
        staff=(15, 150),
    ),
    "carpet": Sector(
        "1393",
        ("فرش", "فرش ماشینی"),
        (
            _p("فرش ماشینی", "570242", Unit.SQUARE_METRE, 100_000, 2_000_000),
            _p("فرش دستباف", "570110", Unit.SQUARE_METRE, 500, 10_000),
        ),
        export_share=0.55,
        three_shift_share=0.4,
        staff=(20, 400),
    ),
    "yarn": Sector(
        "1311",
        ("ریسندگی",),
        (_p("نخ پنبه‌ای شانه‌شده", "520522", Unit.TONNE, 300, 6_000),),
        export_share=0.2,
        three_shift_share=0.7,
        staff=(50, 400),
    ),
    "home_textile": Sector(
        "1392",
        ("نساجی",),
        (_p("ملحفه و روتختی", "630231", Unit.PIECE, 20_000, 400_000),),
        export_share=0.3,
        three_shift_share=0.2,
        staff=(15, 150),
    ),
    "apparel": Sector(
        "1410",
        ("پوشاک", "تولیدی پوشاک"),
        (
            _p("شلوار مردانه", "620342", Unit.PIECE, 20_000, 500_000),
            _p("پیراهن مردانه", "620520", Unit.PIECE, 20_000, 400_000),
        ),
        export_share=0.3,
        three_shift_share=0.1,
        staff=(20, 300),
    ),
    "plastics": Sector(
        "2220",
        ("پلاستیک", "صنایع پلیمر"),
        (
            _p("لوله پلی‌اتیلن", "391721", Unit.TONNE, 500, 15_000),
            _p("لوله و اتصالات پی‌وی‌سی", "391723", Unit.TONNE, 500, 10_000),
            _p("کیسه و نایلون بسته‌بندی", "392321", Unit.TONNE, 300, 8_000),
            _p("ظروف پلاستیکی آشپزخانه", "392410", Unit.TONNE, 200, 5_000),
            _p("قطعات پلاستیکی تزریقی", "392690", Unit.TONNE, 100, 3_000),
            _p("ورق و فیلم پلاستیکی", "392099", Unit.TONNE, 300, 6_000),
        ),
        export_share=0.3,
        three_shift_share=0.45,
        staff=(15, 250),
    ),
    "paints": Sector(
        "2022",
        ("رنگ‌سازی", "صنایع رنگ و رزین"),
        (
            _p("رنگ ساختمانی پایه‌آب", "320910", Unit.TONNE, 1_000, 20_000),
            _p("رنگ صنعتی پایه‌حلال", "320890", Unit.TONNE, 500, 10_000),
        ),
        export_share=0.35,
        three_shift_share=0.15,
        staff=(20, 200),
    ),
    "adhesives": Sector(
        "2029",
        ("صنایع شیمیایی",),
        (_p("چسب صنعتی", "350691", Unit.TONNE, 200, 5_000),),
        export_share=0.25,
        three_shift_share=0.1,
        staff=(10, 100),
    ),
    "detergents": Sector(
        "2023",
        ("شوینده‌سازی", "صنایع بهداشتی"),
        (
            _p("پودر شوینده", "340250", Unit.TONNE, 2_000, 40_000),
            _p("شامپو", "330510", Unit.TONNE, 500, 10_000),
            _p("صابون", "340111", Unit.TONNE, 500, 10_000),
        ),
        export_share=0.4,
        three_shift_share=0.35,
        staff=(30, 400),
    ),
    "leather": Sector(
        "1511",
        ("چرم‌سازی", "دباغی"),
        (
            _p("چرم سبک گاوی", "410711", Unit.SQUARE_METRE, 50_000, 800_000),
            _p("چرم زیره (سنگین)", "410799", Unit.TONNE, 200, 3_000),
        ),
        export_share=0.35,
        three_shift_share=0.2,
        staff=(15, 150),
    ),
    "footwear": Sector(
        "1520",
        ("کفش", "تولیدی کفش"),
        (
            _p("کفش مردانهٔ چرمی", "640399", Unit.PAIR, 20_000, 400_000),
            _p("کفش مجلسی با زیرهٔ چرمی", "640359", Unit.PAIR, 10_000, 200_000),
            _p("کفش ورزشی", "640411", Unit.PAIR, 50_000, 800_000),
        ),
        export_share=0.4,
        three_shift_share=0.15,
        staff=(15, 300),
    ),
    "leather_goods": Sector(
        "1512",
        ("کیف و چرم",),
        (_p("کیف چرمی زنانه", "420221", Unit.PIECE, 5_000, 100_000),),
        export_share=0.35,
        three_shift_share=0.05,
        staff=(8, 80),
    ),
    "furniture": Sector(
        "3100",
        ("مبلمان",),
        (
            _p("مبلمان راحتی", "940161", Unit.PIECE, 1_000, 20_000),
            _p("میز و صندلی اداری چوبی", "940330", Unit.PIECE, 1_000, 20_000),
            _p("سرویس خواب چوبی", "940350", Unit.SET, 500, 10_000),
        ),
        export_share=0.3,
        three_shift_share=0.05,
        staff=(10, 150),
    ),
    "pharma": Sector(
        "2100",
        ("داروسازی",),
        (
            _p("قرص و کپسول", "300490", Unit.PIECE, 50_000_000, 900_000_000),
            _p("آنتی‌بیوتیک خوراکی", "300420", Unit.PIECE, 10_000_000, 300_000_000),
            _p("آنتی‌بیوتیک پنی‌سیلینی", "300410", Unit.PIECE, 10_000_000, 200_000_000),
            _p("مکمل ویتامین", "300450", Unit.PIECE, 10_000_000, 200_000_000),
        ),
        export_share=0.35,
        three_shift_share=0.4,
        staff=(80, 700),
    ),
    "cables": Sector(
        "2732",
        ("سیم و کابل",),
        (
            _p("سیم و کابل مسی افشان", "854449", Unit.METRE, 1_000_000, 50_000_000),
            _p("کابل فشار متوسط", "854460", Unit.METRE, 100_000, 5_000_000),
            _p("سیم لاکی", "854411", Unit.TONNE, 200, 5_000),
        ),
        export_share=0.4,
        three_shift_share=0.5,
        staff=(30, 400),
    ),
    "ceramics": Sector(
        "2392",
        ("کاشی و سرامیک",),
        (
            _p("کاشی دیواری", "690723", Unit.SQUARE_METRE, 500_000, 8_000_000),
            _p("سرامیک کف", "690722", Unit.SQUARE_METRE, 500_000, 8_000_000),
            _p("کاشی پرسلانی", "690721", Unit.SQUARE_METRE, 300_000, 5_000_000),
        ),
        export_share=0.5,
        three_shift_share=0.8,
        staff=(80, 600),
    ),
    "stone": Sector(
        "2396",
        ("سنگبری",),
        (
            _p("سنگ تراورتن", "680291", Unit.SQUARE_METRE, 20_000, 300_000),
            _p("سنگ گرانیت", "680293", Unit.SQUARE_METRE, 20_000, 300_000),
        ),
        export_share=0.3,
        three_shift_share=0.2,
        staff=(10, 80),
    ),
    "electric_motors": Sector(
        "2710",
        ("صنایع الکتریکی", "الکتروموتورسازی"),
        (
            _p("الکتروموتور سه‌فاز", "850152", Unit.PIECE, 2_000, 60_000),
            _p("ترانسفورماتور توزیع", "850421", Unit.PIECE, 200, 5_000),
            _p("تابلو برق صنعتی", "853710", Unit.PIECE, 200, 5_000),
        ),
        export_share=0.35,
        three_shift_share=0.3,
        staff=(30, 500),
    ),
    "wiring_devices": Sector(
        "2733",
        ("صنایع برقی",),
        (_p("کلید و پریز", "853650", Unit.PIECE, 500_000, 10_000_000),),
        export_share=0.35,
        three_shift_share=0.25,
        staff=(20, 200),
    ),
    "steel_structures": Sector(
        "2511",
        ("سازه‌های فلزی",),
        (_p("سازه‌های فلزی", "730890", Unit.TONNE, 1_000, 20_000),),
        export_share=0.2,
        three_shift_share=0.1,
        staff=(20, 200),
    ),
    "fasteners": Sector(
        "2599",
        ("پیچ و مهره‌سازی",),
        (_p("پیچ و مهره", "731815", Unit.TONNE, 300, 6_000),),
        export_share=0.2,
        three_shift_share=0.3,
        staff=(15, 150),
    ),
    "cardboard": Sector(
        "1702",
        ("کارتن‌سازی",),
        (_p("کارتن سه‌لایه و پنج‌لایه", "481910", Unit.TONNE, 2_000, 30_000),),
        export_share=0.1,
        three_shift_share=0.3,
        staff=(15, 150),
    ),
    "rubber": Sector(
        "2219",
        ("صنایع لاستیک",),
        (_p("قطعات لاستیکی صنعتی", "401699", Unit.TONNE, 100, 3_000),),
        export_share=0.25,
        three_shift_share=0.3,
        staff=(15, 200),
    ),
    "batteries": Sector(
        "2720",
        ("باتری‌سازی",),
        (_p("باتری خودرو", "850710", Unit.PIECE, 50_000, 1_000_000),),
        export_share=0.4,
        three_shift_share=0.5,
        staff=(50, 400),
    ),
    "appliances": Sector(
        "2750",
        ("لوازم خانگی",),
        (
            _p("اجاق گاز", "732111", Unit.PIECE, 10_000, 200_000),
            _p("بخاری گازی", "732181", Unit.PIECE, 10_000, 200_000),
            _p("یخچال‌فریزر", "841810", Unit.PIECE, 10_000, 200_000),
        ),
        export_share=0.4,
        three_shift_share=0.3,
        staff=(50, 800),
    ),
}

# Which sample units stand in which estate (None: outside any estate, in the county given).
ESTATE_SECTORS: list[tuple[str, str | None, list[str]]] = [
    (
        "آذرشهر",
        SALIMI_ESTATE_NAME,
        [
            "moulds",
            "auto_parts",
            "foundry",
            "moulds",
            "auto_parts",
            "plastics",
            "pumps_valves",
            "cables",
            "auto_parts",
            "moulds",
            "non_ferrous",
            "detergents",
            "confectionery",
            "electric_motors",
            "paints",
            "foundry",
            "gears",
            "packing_machinery",
            "machine_tools",
            "plastics",
            "pharma",
            "appliances",
            "furniture",
            "rubber",
            "fasteners",
            "batteries",
            "bakery",
            "auto_parts",
            "cables",
            "steel_structures",
        ],
    ),
    (
        "تبریز",
        "شهرک صنعتی شهید سلیمانی",
        [
            "electric_motors",
            "wiring_devices",
            "pharma",
            "plastics",
            "food_machinery",
            "auto_parts",
            "adhesives",
        ],
    ),
    ("تبریز", "شهرک صنعتی بعثت", ["steel_structures", "plastics", "dairy", "apparel"]),
    ("تبریز", "شهرک صنعتی سرمایه‌گذاری خارجی تبریز", ["plastics", "auto_parts", "yarn"]),
    ("تبریز", "شهرک صنعتی استاد عالی‌نسب", ["footwear", "paints", "home_textile"]),
    ("تبریز", "منطقهٔ ویژهٔ اقتصادی سهلان", ["detergents", "tea_condiments", "bakery"]),
    ("تبریز", "شهرک چرم‌شهر تبریز", ["leather", "leather", "leather_goods"]),
    ("آذرشهر", "شهرک صنعتی سنگ‌شهر", ["stone", "stone"]),
    ("مرند", "شهرک صنعتی مرند", ["ceramics", "ceramics", "fruit", "footwear"]),
    ("مراغه", "شهرک صنعتی مراغه", ["fruit", "cardboard", "confectionery", "dairy"]),
    ("بناب", "شهرک صنعتی بناب", ["steel_structures", "agri_machinery", "fruit", "animal_feed"]),
    ("میانه", "شهرک صنعتی شمارهٔ ۱ میانه", ["animal_feed", "pasta", "vegetable_oil"]),
    ("میانه", "شهرک صنعتی ترکمانچای", ["dairy"]),
    ("شبستر", "ناحیهٔ صنعتی علیشاه", ["footwear", "leather_goods"]),
    ("سراب", "ناحیهٔ صنعتی دوزدوزان", ["dairy"]),
    ("اهر", "شهرک صنعتی اهر", ["fruit", "non_ferrous"]),
    ("جلفا", "منطقهٔ آزاد تجاری–صنعتی ارس", ["carpet", "home_textile"]),
    ("تبریز", None, ["carpet", "tractor_parts"]),
    ("اسکو", None, ["tractor_parts"]),
    ("هریس", None, ["carpet"]),
]

# Fixed sample units: the demo users' organisations, so logins and docs can name them.
ANCHOR_UNITS: dict[tuple[str, int], dict] = {
    (SALIMI_ESTATE_NAME, 0): {
        "name": UNIT_MEMBER_ORGANISATION,
        "name_en": "Azar Rikhteh Mould Industries (sample)",
        "status": Status.ACTIVE,
        "usual_shifts": 3,
        "is_exporter": True,
        "employees": 140,
        "products": ["قالب تزریق پلاستیک", "قالب دایکاست", "قالب پرس و برش"],
    },
    ("شهرک صنعتی مرند", 0): {
        "name": UNIT_OTHER_ORGANISATION,
        "name_en": "Aydin Marand Tile and Ceramics (sample)",
        "status": Status.ACTIVE,
        "usual_shifts": 3,
        "is_exporter": True,
        "employees": 320,
        "products": ["کاشی دیواری", "سرامیک کف"],
    },
}

BRAND_WORDS = (
    "آذر",
    "سهند",
    "ارس",
    "سبلان",
    "ائل‌گلی",
    "ارک",
    "آیدین",
    "یاشار",
    "اوجان",
    "تکین",
    "سپهر",
    "شفق",
    "کیمیا",
    "آرتا",
    "تابان",
    "دنیز",
    "آی‌سو",
    "گون‌آی",
    "مهرگان",
    "پارسه",
    "آرین",
    "ستاره",
    "افق",
    "پرتو",
    "کوشا",
    "ماهان",
    "نگین",
    "آریا",
    "بنیان",
    "آرمان",
    "پویا",
    "ساوالان",
    "قوشاداغ",
    "اولدوز",
    "آیلار",
    "سرو",
)
BRAND_TAILS = ("", " نوین", " صنعت", " گستر", " پارت", " پیشرو", " فن", " سازه", " پویش", " آذربایجان")

# A few names are written with Arabic ي and ك on purpose, as they arrive from old systems and Arabic
# keyboards, so that search can be seen to find them by their Persian spelling.
ARABIC_LETTER_UNIT_POSITIONS = frozenset({5, 23, 41, 62})
CLOSED_UNIT_POSITIONS = frozenset({17, 58})


def fixed_national_id(name: str) -> str:
    """A made-up national ID that depends on the name only, for organisations that every seed shares (the real
    bodies' units and the demo users' units), so that another seed updates them instead of duplicating them."""
    return make_national_id(f"1099{zlib.crc32(name.encode()) % 1_000_000:06d}")


def _arabic_letters(text: str) -> str:
    return text.replace("ی", "ي").replace("ک", "ك")


@dataclass
class _Context:
    rng: random.Random
    counties: dict[str, County]
    estates: dict[str, Estate]
    hs: dict[str, HsCode]
    isic: dict[str, IsicCode]
    organisations: dict = field(default_factory=dict)  # by national ID, or (kind, name) when it has none
    products: dict = field(default_factory=dict)  # by (organisation id, name)
    used_ids: set[str] = field(default_factory=set)
    used_names: set[str] = field(default_factory=set)
    brands: list[str] = field(default_factory=list)

    def national_id(self) -> str:
        while True:
            candidate = make_national_id("10" + "".join(str(self.rng.randint(0, 9)) for _ in range(8)))
            if candidate not in self.used_ids:
                self.used_ids.add(candidate)
                return candidate

    def county_of(self, county_name: str, estate_name: str | None) -> County:
        return self.estates[estate_name].county if estate_name else self.counties[county_name]

    def brand(self) -> str:
        return self.brands.pop()

    def unique_name(self, prefix: str) -> str:
        while True:
            name = f"{prefix} {self.brand()}{SAMPLE}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name


# ---------------------------------------------------------------- writing


def _differs(obj, name: str, value) -> bool:
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:  # compare keys: reading the attribute would fetch the related row
        return getattr(obj, model_field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def _update(obj, values: dict):
    """Save only the fields that differ, so a re-run leaves records (and their history) untouched."""
    changed = [name for name, value in values.items() if _differs(obj, name, value)]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj


def _upsert(model, lookup: dict, values: dict):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    return _update(obj, values)


def _organisation(ctx: _Context, values: dict) -> Organisation:
    """Natural key: the national ID, or kind and name for a body without one (the real public bodies)."""
    key = values.get("national_id") or (values["kind"], values["name"])
    existing = ctx.organisations.get(key)
    if existing is None:
        existing = ctx.organisations[key] = Organisation.objects.create(**values)
        return existing
    return _update(existing, values)


def _products(ctx: _Context, organisation: Organisation, specs: list[tuple[ProductSpec, Decimal]]) -> None:
    for spec, capacity in specs:
        values = {"hs": ctx.hs[spec.hs], "annual_capacity": capacity, "unit": spec.unit}
        existing = ctx.products.get((organisation.pk, spec.name))
        if existing is None:
            Product.objects.create(organisation=organisation, name=spec.name, **values)
        else:
            _update(existing, values)


# ---------------------------------------------------------------- sample figures


def _licence(rng: random.Random, since: dt.date = dt.date(1998, 3, 21)) -> tuple[str, dt.date]:
    day = since + dt.timedelta(days=rng.randint(0, (dt.date(2024, 3, 19) - since).days))
    jalali_year = jdatetime.date.fromgregorian(date=day).year
    return f"{jalali_year}/{rng.randint(10_000, 99_999)}", day


def _capacity(rng: random.Random, spec: ProductSpec, size: float) -> Decimal:
    value = rng.uniform(spec.low, spec.high) * size
    magnitude = 10 ** max(0, len(str(int(value))) - 2)  # two significant digits, as licences state them
    return Decimal(max(1, round(value / magnitude)) * magnitude)


def _status(rng: random.Random, position: int) -> str:
    if position in CLOSED_UNIT_POSITIONS:
        return Status.CLOSED
    roll = rng.random()
    if roll < 0.80:
        return Status.ACTIVE
    return Status.SEMI_ACTIVE if roll < 0.92 else Status.IDLE


def _shifts(rng: random.Random, status: str, sector: Sector) -> int | None:
    if status == Status.CLOSED:
        return None
    if status != Status.ACTIVE:
        return 1
    roll = rng.random()
    if roll < sector.three_shift_share:
        return 3
    return 2 if roll < sector.three_shift_share + 0.35 else 1


def _near(rng: random.Random, value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return (value + Decimal(str(round(rng.uniform(-0.006, 0.006), 6)))).quantize(Decimal("0.000001"))


def _sample_unit(
    ctx: _Context, county: County, estate: Estate | None, sector_key: str, position: int, anchor: dict | None
) -> Organisation:
    rng = ctx.rng
    sector = SECTORS[sector_key]
    # Draw every random figure even for anchors, so the units after them keep their figures if an anchor changes.
    national_id = ctx.national_id()
    name = ctx.unique_name(rng.choice(sector.prefixes))
    licence_number, licence_date = _licence(rng)
    staff = rng.randint(*sector.staff)
    status = _status(rng, position)
    shifts = _shifts(rng, status, sector)
    exporter = status in (Status.ACTIVE, Status.SEMI_ACTIVE) and rng.random() < sector.export_share + (
        0.15 if staff > 200 else 0
    )
    specs = rng.sample(sector.products, rng.randint(1, min(4, len(sector.products))))
    size = staff / sum(sector.staff) * 2
    capacities = [(spec, _capacity(rng, spec, size)) for spec in specs]
    lat, lon = _near(rng, estate.latitude if estate else None), _near(rng, estate.longitude if estate else None)
    name_en = ""
    if anchor:
        name, name_en, national_id = anchor["name"], anchor["name_en"], fixed_national_id(anchor["name"])
        status, shifts, exporter, staff = (
            anchor["status"],
            anchor["usual_shifts"],
            anchor["is_exporter"],
            anchor["employees"],
        )
        by_name = {spec.name: spec for spec in sector.products}
        capacities = [(by_name[product], _capacity(rng, by_name[product], 1.0)) for product in anchor["products"]]
    if position in ARABIC_LETTER_UNIT_POSITIONS:
        name = _arabic_letters(name)
    where = estate.name if estate else f"شهرستان {county.name}"
    organisation = _organisation(
        ctx,
        {
            "kind": Kind.UNIT,
            "name": name,
            "name_en": name_en,
            "national_id": national_id,
            "county": county,
            "estate": estate,
            "address": f"{where}، خیابان {rng.randint(1, 30)}، قطعهٔ {rng.randint(1, 400)}{SAMPLE}",
            "latitude": lat,
            "longitude": lon,
            "isic": ctx.isic[sector.isic],
            "licence_number": licence_number,
            "licence_date": licence_date,
            "employees": staff,
            "status": status,
            "usual_shifts": shifts,
            "is_exporter": exporter,
            "description": SAMPLE_NOTE,
        },
    )
    _products(ctx, organisation, capacities)
    return organisation


def _sample_units(ctx: _Context) -> list[Organisation]:
    units = []
    for county_name, estate_name, sector_keys in ESTATE_SECTORS:
        estate = ctx.estates[estate_name] if estate_name else None
        county = ctx.county_of(county_name, estate_name)
        for index, sector_key in enumerate(sector_keys):
            anchor = ANCHOR_UNITS.get((estate_name, index))
            units.append(_sample_unit(ctx, county, estate, sector_key, len(units), anchor))
    return units


# ---------------------------------------------------------------- knowledge-based firms and engineering groups

# name, English name, ISIC class, county, estate (or None), certificate valid until (or None), products
KNOWLEDGE_BASED = [
    (
        "فناوران کنترل صنعتی سهند",
        "Sahand Industrial Control Technologies",
        "2710",
        "تبریز",
        "شهرک صنعتی شهید سلیمانی",
        dt.date(2026, 3, 20),
        [("تابلو کنترل هوشمند (PLC)", "853710", Unit.PIECE, 800)],
    ),
    (
        "حسگرسازان آذر",
        "Azar Sensor Makers",
        "2651",
        "تبریز",
        "شهرک صنعتی شهید سلیمانی",
        dt.date(2025, 9, 22),
        [("فشارسنج و دبی‌سنج صنعتی", "902680", Unit.PIECE, 6_000), ("کنترلر دما", "903289", Unit.PIECE, 12_000)],
    ),
    (
        "پژوهش قالب پیشرفتهٔ ارک",
        "Arg Advanced Mould Research",
        "2593",
        "آذرشهر",
        SALIMI_ESTATE_NAME,
        dt.date(2027, 3, 20),
        [("قالب تزریق چندحفره‌ای", "848071", Unit.PIECE, 60)],
    ),
    (
        "مهندسی پزشکی تابان",
        "Taban Medical Engineering",
        "2660",
        "تبریز",
        "شهرک صنعتی شهید سلیمانی",
        dt.date(2024, 12, 21),
        [("تجهیزات مصرفی اتاق عمل", "901890", Unit.PIECE, 250_000)],
    ),
    (
        "مبدل‌های قدرت اوجان",
        "Ujan Power Converters",
        "2710",
        "تبریز",
        None,
        None,
        [("اینورتر و مبدل الکترونیک قدرت", "850440", Unit.PIECE, 4_000)],
    ),
    (
        "پوشش‌های نانو کیمیا",
        "Kimia Nano Coatings",
        "2022",
        "آذرشهر",
        SALIMI_ESTATE_NAME,
        dt.date(2026, 9, 22),
        [("پوشش نانو ضدخوردگی", "320890", Unit.TONNE, 300)],
    ),
    (
        "ابزار دقیق سپهر",
        "Sepehr Precision Instruments",
        "2651",
        "تبریز",
        None,
        None,
        [("دستگاه اندازه‌گیری و آزمون مواد", "903180", Unit.PIECE, 400)],
    ),
    (
        "کامپوزیت پلیمری آرتا",
        "Arta Polymer Composites",
        "2220",
        "تبریز",
        "شهرک صنعتی سرمایه‌گذاری خارجی تبریز",
        dt.date(2025, 12, 21),
        [("ورق کامپوزیت پلیمری", "392099", Unit.TONNE, 900)],
    ),
    ("نرم‌افزار صنعتی شفق", "Shafagh Industrial Software", "6201", "تبریز", None, None, []),
]

ENGINEERING_GROUPS = [
    ("گروه مهندسی طراحی قالب سهند", "Sahand Mould Design Engineering Group", "آذرشهر", SALIMI_ESTATE_NAME),
    ("گروه مهندسی مکاترونیک ارس", "Aras Mechatronics Engineering Group", "تبریز", None),
    ("گروه مهندسی مواد و متالورژی آذر", "Azar Materials and Metallurgy Engineering Group", "تبریز", None),
]


def _knowledge_based(ctx: _Context) -> None:
    rng = ctx.rng
    for name, name_en, isic, county, estate, expiry, products in KNOWLEDGE_BASED:
        national_id = ctx.national_id()
        licence_number, licence_date = _licence(rng, since=dt.date(2012, 3, 20))  # certificates began in 1390s
        organisation = _organisation(
            ctx,
            {
                "kind": Kind.KNOWLEDGE_BASED,
                "name": name + SAMPLE,
                "name_en": f"{name_en} (sample)",
                "national_id": national_id,
                "county": ctx.county_of(county, estate),
                "estate": ctx.estates[estate] if estate else None,
                "isic": ctx.isic[isic],
                "licence_number": licence_number,
                "licence_date": licence_date,
                "employees": rng.randint(6, 60),
                "status": Status.ACTIVE,
                "usual_shifts": 1,
                "is_exporter": rng.random() < 0.3,
                "knowledge_based_certified": True,
                "knowledge_based_expiry": expiry,
                "description": SAMPLE_NOTE,
            },
        )
        _products(
            ctx, organisation, [(ProductSpec(p, hs, unit, cap, cap), Decimal(cap)) for p, hs, unit, cap in products]
        )


def _engineering_groups(ctx: _Context) -> None:
    for name, name_en, county, estate in ENGINEERING_GROUPS:
        _organisation(
            ctx,
            {
                "kind": Kind.ENGINEERING_GROUP,
                "name": name + SAMPLE,
                "name_en": f"{name_en} (sample)",
                "national_id": ctx.national_id(),
                "county": ctx.county_of(county, estate),
                "estate": ctx.estates[estate] if estate else None,
                "isic": ctx.isic["7110"],
                "employees": ctx.rng.randint(4, 25),
                "status": Status.ACTIVE,
                "description": SAMPLE_NOTE,
            },
        )


# ---------------------------------------------------------------- real public bodies


def _public_bodies(ctx: _Context) -> dict[str, Organisation]:
    tabriz = ctx.counties["تبریز"]
    agency, media = Kind.AGENCY, Kind.MEDIA
    bodies = [
        (
            agency,
            SMT_ORGANISATION,
            "East Azerbaijan Organization of Industry, Mine and Trade",
            tabriz,
            "نهاد اداره‌کنندهٔ سامانه.",
        ),
        (
            agency,
            CHAMBER_ORGANISATION,
            "Tabriz Chamber of Commerce, Industries, Mines and Agriculture",
            tabriz,
            "نهاد همکار در حل مشکلات بازار و صادرات واحدها.",
        ),
        (
            agency,
            CUSTOMS_ORGANISATION,
            "East Azerbaijan Customs Administration",
            tabriz,
            "عنوان عمومی گمرک استان؛ نهاد همکار در پرونده‌های واردات و صادرات.",
        ),
        (
            agency,
            "ادارهٔ کل امور مالیاتی استان آذربایجان شرقی",
            "East Azerbaijan Tax Administration",
            tabriz,
            "عنوان عمومی ادارهٔ مالیاتی استان؛ نهاد همکار.",
        ),
        (
            agency,
            "شرکت شهرک‌های صنعتی استان آذربایجان شرقی",
            "East Azerbaijan Industrial Estates Company",
            tabriz,
            "بهره‌بردار شهرک‌ها و نواحی صنعتی استان؛ نهاد همکار.",
        ),
        (
            agency,
            "بانک صنعت و معدن — شعبهٔ تبریز" + SAMPLE,
            "Bank of Industry and Mine, Tabriz branch (sample)",
            tabriz,
            "شعبهٔ بانک نمونه؛ نهاد همکار در پرونده‌های تأمین مالی.",
        ),
        (media, IRNA_ORGANISATION, "IRNA, Tabriz office", tabriz, "رسانهٔ دعوت‌شده به تورهای رسانه‌ای."),
        (
            media,
            "صدا و سیمای مرکز آذربایجان شرقی",
            "IRIB East Azerbaijan Centre",
            tabriz,
            "رسانهٔ دعوت‌شده به تورهای رسانه‌ای.",
        ),
        (media, "روزنامهٔ صنعت آذربایجان" + SAMPLE, "Sanat-e Azarbaijan daily (sample)", tabriz, SAMPLE_NOTE),
        (
            media,
            "هفته‌نامهٔ تولید و تجارت تبریز" + SAMPLE,
            "Tabriz Production and Trade weekly (sample)",
            tabriz,
            SAMPLE_NOTE,
        ),
        (
            Kind.ENGINEERING_GROUP,
            BASIJ_ORGANISATION,
            "East Azerbaijan Basij Engineering",
            tabriz,
            "عنوان کوتاه این سامانه؛ نهاد واقعی با نام «سازمان بسیج مهندسین صنعتی» (از شاخه‌های بسیج سازندگی) "
            "شناخته می‌شود و در گزارش ایرنا «بسیج مهندسی» خوانده شده است. ارقام نمونه.",
        ),
    ]
    # The sample bank branch keeps a five-day week (closed on Thursdays): its case deadlines fall later.
    closed_on_thursday = {"بانک صنعت و معدن — شعبهٔ تبریز" + SAMPLE}
    made = {}
    for kind, name, name_en, county, note in bodies:
        made[name] = _organisation(
            ctx,
            {
                "kind": kind,
                "name": name,
                "name_en": name_en,
                "county": county,
                "status": Status.ACTIVE,
                "description": note,
                "closes_thursday": name in closed_on_thursday,
            },
        )
    sungun = _organisation(
        ctx,
        {
            "kind": Kind.UNIT,
            "name": SUNGUN_ORGANISATION,
            "name_en": "Sungun Copper Complex",
            "national_id": fixed_national_id(SUNGUN_ORGANISATION),
            "county": ctx.counties["ورزقان"],
            "estate": ctx.estates[SUNGUN_COMPLEX_NAME],
            "isic": ctx.isic["0729"],
            "employees": 2500,
            "status": Status.ACTIVE,
            "usual_shifts": 3,
            "description": "معدن روباز و کارخانهٔ تغلیظ مس در ورزقان؛ نخستین مقصد تور رسانه‌ای صنعتی استان. "
            + REAL_NAME_NOTE,
        },
    )
    _products(ctx, sungun, [(ProductSpec("کنسانترهٔ مس", "260300", Unit.TONNE, 0, 0), Decimal(300_000))])
    made[SUNGUN_ORGANISATION] = sungun
    return made


# ---------------------------------------------------------------- users


class _DemoPassword:
    """The demo password's hash, computed (or verified) once and given to every demo user.

    Password hashing is deliberately slow (Argon2, about half a second here); hashing once instead of once per
    user keeps the demo load fast. The users then share a hash, which is harmless for a password printed on screen.
    """

    def __init__(self) -> None:
        self._encoded: str | None = None

    def apply(self, user) -> None:
        if self._encoded is None:
            if user.password and user.check_password(DEMO_PASSWORD):
                self._encoded = user.password
            else:
                user.set_password(DEMO_PASSWORD)
                self._encoded = user.password
        user.password = self._encoded


def _user(password: _DemoPassword, username: str, first_name: str, last_name: str, superuser: bool = False):
    user = get_user_model().objects.filter(username=username).first() or get_user_model()(username=username)
    before = (user.first_name, user.last_name, user.is_superuser, user.is_staff, user.is_active, user.password)
    user.first_name, user.last_name = first_name, last_name
    user.is_superuser = user.is_staff = superuser
    user.is_active = True
    password.apply(user)
    if user.pk is None or before != (
        user.first_name,
        user.last_name,
        user.is_superuser,
        user.is_staff,
        user.is_active,
        user.password,
    ):
        user.save()
    return user


def _staff_place(user, *, province=None, county=None, estate=None, can_edit=True) -> None:
    assignment, _ = StaffAssignment.objects.get_or_create(user=user, province=province, county=county, estate=estate)
    if assignment.can_edit != can_edit:
        assignment.can_edit = can_edit
        assignment.save()


def _member(user, organisation: Organisation, role: str) -> None:
    _upsert(Membership, {"user": user, "organisation": organisation}, {"role": role})


def _users(
    ctx: _Context,
    province: Province,
    bodies: dict[str, Organisation],
    member_unit: Organisation,
    other_unit: Organisation,
) -> list[tuple[str, str, str]]:
    password = _DemoPassword()
    _user(password, "admin", "مدیر", "سامانه", superuser=True)
    _staff_place(_user(password, "staff.province", "کارشناس", "استان"), province=province)
    _staff_place(_user(password, "staff.salimi", "کارشناس", "شهرک سلیمی"), estate=ctx.estates[SALIMI_ESTATE_NAME])
    _staff_place(
        _user(password, "staff.marand", "کارشناس", "شهرستان مرند"), county=ctx.counties["مرند"], can_edit=False
    )
    manager, member = Membership.Role.MANAGER, Membership.Role.MEMBER
    _member(_user(password, "unit.member", "مدیر", "واحد نمونه"), member_unit, manager)
    _member(_user(password, "unit.other", "کارمند", "واحد نمونهٔ مرند"), other_unit, member)
    _member(_user(password, "partner.chamber", "کارشناس", "اتاق بازرگانی"), bodies[CHAMBER_ORGANISATION], member)
    _member(_user(password, "press.irna", "خبرنگار", "ایرنا"), bodies[IRNA_ORGANISATION], member)
    return [
        ("admin", "مدیر سامانه (دسترسی کامل)", DEMO_PASSWORD),
        ("staff.province", "کارشناس سازمان صمت — کل استان آذربایجان شرقی", DEMO_PASSWORD),
        ("staff.salimi", "کارشناس سازمان صمت — شهرک صنعتی سلیمی", DEMO_PASSWORD),
        ("staff.marand", "کارشناس سازمان صمت — شهرستان مرند (فقط مشاهده)", DEMO_PASSWORD),
        ("unit.member", f"مدیر واحد «{member_unit.name}»", DEMO_PASSWORD),
        ("unit.other", f"عضو واحد «{other_unit.name}»", DEMO_PASSWORD),
        ("partner.chamber", f"کارشناس نهاد همکار: {CHAMBER_ORGANISATION}", DEMO_PASSWORD),
        ("press.irna", f"خبرنگار: {IRNA_ORGANISATION}", DEMO_PASSWORD),
    ]


# ---------------------------------------------------------------- entry point


def _ensure_reference_data() -> None:
    if not Province.objects.exists() or not Estate.objects.filter(name=SALIMI_ESTATE_NAME).exists():
        load_places()
    if not HsCode.objects.exists() or not IsicCode.objects.exists():
        from rownaq.registry.reference import load_reference_codes

        load_reference_codes()


def _needed_codes() -> tuple[set[str], set[str]]:
    hs = {spec.hs for sector in SECTORS.values() for spec in sector.products}
    hs |= {product[1] for *_, products in KNOWLEDGE_BASED for product in products} | {"260300"}
    isic = {sector.isic for sector in SECTORS.values()} | {entry[2] for entry in KNOWLEDGE_BASED} | {"7110", "0729"}
    return hs, isic


def load_demo(seed: int = DEFAULT_SEED) -> list[tuple[str, str, str]]:
    """Load (or refresh) the demo organisations, products and users; returns (username, role, password) rows."""
    with acting_as(None), transaction.atomic():
        _ensure_reference_data()
        province = Province.objects.get(code=HOME_PROVINCE_CODE)
        hs_needed, isic_needed = _needed_codes()
        hs = HsCode.objects.in_bulk(hs_needed)
        isic = IsicCode.objects.in_bulk(isic_needed)
        missing = sorted(hs_needed - set(hs)) + sorted(isic_needed - set(isic))
        if missing:
            raise LookupError(f"reference codes missing for the demo: {', '.join(missing)}")
        rng = random.Random(seed)
        brands = sorted({f"{word}{tail}" for word in BRAND_WORDS for tail in BRAND_TAILS})
        rng.shuffle(brands)
        ctx = _Context(
            rng=rng,
            counties={c.name: c for c in County.objects.filter(province=province)},
            estates={e.name: e for e in Estate.objects.filter(county__province=province)},
            hs=hs,
            isic=isic,
            brands=brands,
        )
        for organisation in Organisation.objects.all():
            ctx.organisations[organisation.national_id or (organisation.kind, organisation.name)] = organisation
        ctx.products = {(p.organisation_id, p.name): p for p in Product.objects.all()}
        ctx.used_names.update(anchor["name"] for anchor in ANCHOR_UNITS.values())
        ctx.used_ids.update(fixed_national_id(name) for name in [SUNGUN_ORGANISATION, *ctx.used_names])
        bodies = _public_bodies(ctx)
        units = _sample_units(ctx)
        _knowledge_based(ctx)
        _engineering_groups(ctx)
        member_unit = next(u for u in units if u.name == UNIT_MEMBER_ORGANISATION)
        other_unit = next(u for u in units if u.name == UNIT_OTHER_ORGANISATION)
        return _users(ctx, province, bodies, member_unit, other_unit)
