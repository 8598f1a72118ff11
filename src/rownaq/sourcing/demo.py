"""Sample sourcing data for the demo: capability profiles of the sample knowledge-based firms, engineering groups
and some units (among them a plastics unit with its own mould shop in another estate than Salimi), and ten sample
needs of sample units at every step of the pipeline, one of them localized with its FX saved.
Deterministic and re-runnable: nothing is created twice; everything is labelled «نمونه»."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from rownaq.core.actor import acting_as
from rownaq.core.jalali import JalaliMonth
from rownaq.registry import demo as registry_demo
from rownaq.registry.models import HsCode, Organisation
from rownaq.reporting.models import ImportLine

from . import matching, services
from .models import Capability, Interest, ItemKind, Need, Process

SAMPLE = registry_demo.SAMPLE
NOTE = "دادهٔ نمونه برای نمایش سامانه؛ ارقام ساختگی است."
P = Process

# Capability profiles: (organisation name, or (ISIC class, estate name) for «the first sample unit of that
# activity in that estate»), summary lines, processes, materials, equipment, certifications, capacity, HS codes.
CAPABILITIES = [
    (
        registry_demo.UNIT_MEMBER_ORGANISATION,
        "طراحی و ساخت قالب تزریق پلاستیک تا ۳۲ کویته با راهگاه گرم\nقالب دایکاست آلومینیوم و قالب پرس و برش\n"
        "ساخت قالب پرس کاشی و سرامیک",
        [P.MOULD_MAKING, P.MACHINING, P.HEAT_TREATMENT],
        "فولاد 1.2311، فولاد 1.2344 (H13)، فولاد 1.2379",
        "فرز CNC پنج‌محور، وایرکات، اسپارک، سنگ‌زنی سطح",
        "ISO 9001",
        "۱۲۰ دست قالب در سال",
        ["848071", "848041", "848060", "820730"],
    ),
    (
        ("2220", "شهرک صنعتی بعثت"),
        "تولید قطعات پلاستیکی تزریقی و ساخت قالب تزریق در ابزارسازی داخلی\nPlastic injection moulds up to 800 t "
        "presses, hot runner, mould repair",
        [P.INJECTION_MOULDING, P.MOULD_MAKING, P.MACHINING],
        "فولاد 1.2738، پلی‌پروپیلن، ABS",
        "ماشین‌های تزریق ۱۵۰ تا ۸۰۰ تن، فرز CNC، اسپارک",
        "ISO 9001",
        "۴۰ دست قالب در سال",
        ["848071", "392690"],
    ),
    (
        ("2431", registry_demo.SALIMI_ESTATE_NAME),
        "ریخته‌گری چدن خاکستری و داکتیل و فولاد تا ۲ تن\nماشین‌کاری قطعات ریختگی",
        [P.CASTING, P.MACHINING, P.HEAT_TREATMENT],
        "چدن داکتیل GGG40، فولاد ریختگی",
        "کوره القایی ۳ تن، خط قالب‌گیری ماسه‌ای",
        "ISO 9001",
        "۳۰۰۰ تن در سال",
        ["730719", "732690"],
    ),
    (
        ("2930", registry_demo.SALIMI_ESTATE_NAME),
        "ساخت قطعات خودرو و بوش و یاتاقان برنجی\nماشین‌کاری دقیق CNC و عملیات حرارتی",
        [P.MACHINING, P.HEAT_TREATMENT, P.ASSEMBLY],
        "برنج، فولاد CK45",
        "تراش CNC، سنگ محور",
        "IATF 16949",
        "",
        ["848330", "870899"],
    ),
    (
        ("2822", registry_demo.SALIMI_ESTATE_NAME),
        "ساخت ماشین‌آلات و قطعات یدکی ماشین‌های بسته‌بندی و تیغه‌های برش صنعتی",
        [P.MACHINING, P.SHEET_METAL, P.WELDING, P.ASSEMBLY],
        "فولاد ابزار D2، استنلس استیل 304",
        "تراش و فرز CNC، برش لیزر",
        "",
        "",
        ["842290", "820830"],
    ),
    (
        "فناوران کنترل صنعتی سهند" + SAMPLE,
        "طراحی و ساخت تابلو کنترل هوشمند و PLC بومی\nترموستات و کنترلر دمای صنعتی و خانگی",
        [P.ELECTRONICS_ASSEMBLY, P.SOFTWARE],
        "",
        "خط مونتاژ SMD",
        "ISO 9001",
        "",
        ["853710", "903210"],
    ),
    (
        "حسگرسازان آذر" + SAMPLE,
        "ساخت حسگر فشار، دبی‌سنج و کنترلر دما (ترموستات دیجیتال)",
        [P.ELECTRONICS_ASSEMBLY],
        "",
        "اتاق تمیز، کالیبراتور",
        "ISO 17025",
        "",
        ["902680", "903289", "903210"],
    ),
    (
        "پژوهش قالب پیشرفتهٔ ارک" + SAMPLE,
        "طراحی و ساخت قالب تزریق چندحفره‌ای و راهگاه گرم (hot runner)",
        [P.MOULD_MAKING, P.MACHINING],
        "فولاد H13",
        "فرز پرسرعت",
        "",
        "۲۰ دست قالب در سال",
        ["848071"],
    ),
    (
        "مهندسی پزشکی تابان" + SAMPLE,
        "تولید تجهیزات مصرفی اتاق عمل و قطعات پلاستیکی پزشکی",
        [P.INJECTION_MOULDING, P.ASSEMBLY],
        "پلی‌کربنات پزشکی",
        "",
        "ISO 13485",
        "",
        ["901890"],
    ),
    (
        "مبدل‌های قدرت اوجان" + SAMPLE,
        "ساخت اینورتر و درایو الکتروموتور و مبدل الکترونیک قدرت",
        [P.ELECTRONICS_ASSEMBLY],
        "",
        "",
        "",
        "",
        ["850440"],
    ),
    (
        "پوشش‌های نانو کیمیا" + SAMPLE,
        "سنتز رزین اپوکسی و پوشش‌های نانو ضدخوردگی",
        [P.CHEMICAL_SYNTHESIS],
        "رزین اپوکسی، نانوسیلیکا",
        "راکتور ۵ تنی",
        "",
        "۳۰۰ تن در سال",
        ["390730", "320890"],
    ),
    (
        "ابزار دقیق سپهر" + SAMPLE,
        "دستگاه‌های اندازه‌گیری و آزمون مواد و قطعات",
        [P.ELECTRONICS_ASSEMBLY, P.MACHINING],
        "",
        "",
        "ISO 17025",
        "",
        ["903180"],
    ),
    (
        "کامپوزیت پلیمری آرتا" + SAMPLE,
        "کامپاند و گرانول پلیمری، XLPE و ورق کامپوزیت",
        [P.EXTRUSION, P.CHEMICAL_SYNTHESIS],
        "پلی‌اتیلن، XLPE، الیاف شیشه",
        "اکسترودر دوماردون",
        "",
        "۹۰۰ تن در سال",
        ["390110", "392099"],
    ),
    ("نرم‌افزار صنعتی شفق" + SAMPLE, "نرم‌افزار کنترل و پایش خط تولید (SCADA، MES)", [P.SOFTWARE], "", "", "", "", []),
    (
        "گروه مهندسی طراحی قالب سهند" + SAMPLE,
        "طراحی قالب تزریق و دایکاست و شبیه‌سازی تزریق (Moldflow)",
        [P.MOULD_MAKING],
        "",
        "نرم‌افزار Moldflow و CATIA",
        "",
        "",
        ["848071", "848041"],
    ),
    (
        "گروه مهندسی مکاترونیک ارس" + SAMPLE,
        "مهندسی معکوس و ساخت قطعات یدکی ماشین‌آلات بسته‌بندی و خطوط تولید",
        [P.MACHINING, P.ELECTRONICS_ASSEMBLY, P.ASSEMBLY],
        "",
        "اسکنر سه‌بعدی",
        "",
        "",
        ["842290"],
    ),
    (
        "گروه مهندسی مواد و متالورژی آذر" + SAMPLE,
        "مشاوره و ساخت قطعات نسوز و غلتک سرامیکی کوره\nعملیات حرارتی و آنالیز شکست",
        [P.HEAT_TREATMENT, P.CASTING],
        "آلومینا، سیلیکون کارباید",
        "",
        "",
        "",
        ["690320"],
    ),
]

T = Need.Status
# (buyer: name or (ISIC, estate)), title, kind, HS, description, quantity, unit, FX value, currency, origin,
# visibility, how far it goes
NEEDS = [
    (
        registry_demo.UNIT_OTHER_ORGANISATION,
        "قالب پرس کاشی ۶۰×۶۰ (پانچ ایزواستاتیک)",
        ItemKind.MOULD,
        "848060",
        "قالب پرس کاشی پرسلانی با پانچ ایزواستاتیک؛ تاکنون از ایتالیا وارد می‌شد.",
        12,
        "set",
        240_000,
        "EUR",
        "IT",
        "public",
        T.LOCALIZED,
    ),
    (
        registry_demo.UNIT_OTHER_ORGANISATION,
        "غلتک سرامیکی کورهٔ رولری",
        ItemKind.PART,
        "690320",
        "غلتک آلومینا-سیلیکا به قطر ۵۰ میلی‌متر و طول ۳۲۰۰ میلی‌متر برای کورهٔ پخت کاشی.",
        900,
        "pcs",
        95_000,
        "EUR",
        "IT",
        "public",
        T.INTEREST,
    ),
    (
        ("2930", registry_demo.SALIMI_ESTATE_NAME),
        "قالب دایکاست پوستهٔ گیربکس",
        ItemKind.MOULD,
        "848041",
        "قالب دایکاست آلومینیوم A380 برای پوستهٔ گیربکس؛ نقشه موجود است.",
        2,
        "set",
        180_000,
        "EUR",
        "DE",
        "public",
        T.CONTRACT,
    ),
    (
        ("2930", registry_demo.SALIMI_ESTATE_NAME),
        "بوش برنجی گیربکس",
        ItemKind.PART,
        "848330",
        "بوش برنجی CuZn37 با تلرانس H7؛ شمارهٔ فنی 1324-BR-08.",
        40_000,
        "pcs",
        36_000,
        "USD",
        "TR",
        "anonymous",
        T.SAMPLE,
    ),
    (
        ("2100", None),
        "قطعات یدکی دستگاه بلیسترینگ",
        ItemKind.EQUIPMENT,
        "842290",
        "صفحهٔ شکل‌دهی و تیغهٔ برش دستگاه بلیستر Uhlmann.",
        20,
        "set",
        60_000,
        "EUR",
        "DE",
        "anonymous",
        T.SHORTLISTED,
    ),
    (
        ("2732", None),
        "گرانول XLPE کابل فشار متوسط",
        ItemKind.RAW_MATERIAL,
        "390110",
        "کامپاند XLPE قابل پخت با پراکسید برای عایق کابل ۲۰ کیلوولت.",
        300,
        "t",
        540_000,
        "USD",
        "KR",
        "anonymous",
        T.PUBLISHED,
    ),
    (
        ("2750", None),
        "ترموستات اجاق گاز",
        ItemKind.PART,
        "903210",
        "ترموستات مکانیکی فر اجاق گاز، ۵۰ تا ۳۰۰ درجه.",
        150_000,
        "pcs",
        210_000,
        "CNY",
        "CN",
        "public",
        T.WITHDRAWN,
    ),
    (
        ("2022", None),
        "رزین اپوکسی پایهٔ رنگ صنعتی",
        ItemKind.RAW_MATERIAL,
        "390730",
        "رزین اپوکسی مایع با وزن اکی‌والان ۱۸۵ تا ۱۹۲.",
        120,
        "t",
        390_000,
        "CNY",
        "CN",
        "public",
        T.TESTED,
    ),
    (
        ("2220", None),
        "قالب تزریق سبد پلاستیکی میوه",
        ItemKind.MOULD,
        "848071",
        "قالب تزریق ۲ کویته با راهگاه گرم برای سبد پلی‌پروپیلن.",
        1,
        "set",
        45_000,
        "EUR",
        "CN",
        "public",
        T.DRAFT,
    ),
    (
        ("2710", None),
        "بلبرینگ شیار عمیق 6205-2RS",
        ItemKind.PART,
        "848210",
        "معادل SKF 6205-2RS برای الکتروموتور سه‌فاز.",
        60_000,
        "pcs",
        72_000,
        "EUR",
        "SE",
        "anonymous",
        T.PUBLISHED,
    ),
]
ORDER = [T.DRAFT, T.PUBLISHED, T.INTEREST, T.SHORTLISTED, T.SAMPLE, T.TESTED, T.CONTRACT, T.LOCALIZED]


def _organisation(key) -> Organisation | None:
    units = Organisation.objects.filter(name__endswith=SAMPLE.strip()).exclude(status=Organisation.Status.CLOSED)
    if isinstance(key, str):
        return Organisation.objects.filter(name=key).first()
    isic, estate = key
    units = units.filter(kind=Organisation.Kind.UNIT, isic_id=isic)
    if estate:
        units = units.filter(estate__name=estate)
    return units.order_by("national_id").first()


def _capabilities(staff) -> int:
    created = 0
    for key, summary, processes, materials, equipment, certifications, capacity, codes in CAPABILITIES:
        organisation = _organisation(key)
        if organisation is None or Capability.objects.filter(organisation=organisation).exists():
            continue
        services.save_capability(
            organisation,
            staff,
            {
                "summary": summary,
                "processes": [str(p) for p in processes],
                "materials": materials,
                "equipment": equipment,
                "certifications": certifications,
                "capacity": capacity,
            },
            list(HsCode.objects.filter(code__in=codes)),
        )
        created += 1
    return created


def _makers_for(need: Need, count: int) -> list[Organisation]:
    return [m.organisation for m in matching.makers_for(need, k=count + 3)][:count]


def _need(staff, spec, index: int) -> bool:
    buyer_key, title, kind, hs, description, quantity, unit, value, currency, origin, visibility, stage = spec
    title = title + SAMPLE
    buyer = _organisation(buyer_key)
    if buyer is None or Need.objects.filter(title=title, organisation=buyer).exists():
        return False
    year = JalaliMonth.today().year
    need = services.create_need(
        buyer,
        staff,
        {
            "title": title,
            "kind": kind,
            "hs": HsCode.objects.filter(code=hs).first(),
            "hs_confirmed": True,
            "description": f"{description}\n{NOTE}",
            "annual_quantity": Decimal(quantity),
            "unit": unit,
            "annual_fx_value": Decimal(value),
            "currency": currency,
            "origin_country": origin,
            "visibility": visibility,
            "target_year": year + 1,
            "imports_history": {str(year - 1 - i): str(Decimal(value) * Decimal(10 - i) / 10) for i in range(3)},
        },
    )
    if stage == T.DRAFT:
        return True
    if stage == T.WITHDRAWN:
        need = services.move(need, staff, T.PUBLISHED)
        services.move(
            need,
            staff,
            T.WITHDRAWN,
            withdraw_reason=Need.WithdrawReason.MADE_BY_ANOTHER,
            withdraw_note="سازنده‌ای بیرون از سامانه پیدا شد (نمونه).",
        )
        return True
    need = services.move(need, staff, T.PUBLISHED, note="انتشار نمونه")
    target = ORDER.index(stage)
    makers = _makers_for(need, 2) if target >= ORDER.index(T.INTEREST) else []
    if target >= ORDER.index(T.INTEREST) and makers:
        for maker in makers:
            Interest.objects.get_or_create(
                need=need, maker=maker, defaults={"message": "آمادهٔ ساخت نمونه هستیم (پیام نمونه).", "created_by": None}
            )
        need = services.move(need, staff, T.INTEREST, note="ابراز تمایل سازندگان (نمونه)")
    if target >= ORDER.index(T.SHORTLISTED):
        if makers:
            need = services.shortlist(need, staff, [i.pk for i in need.interests.all()[:1]])
        else:
            need = services.move(need, staff, T.SHORTLISTED)
    for step in (T.SAMPLE, T.TESTED, T.CONTRACT):
        if target >= ORDER.index(step):
            need = services.move(need, staff, step)
    if stage == T.LOCALIZED:
        maker = (makers or _makers_for(need, 1) or [None])[0]
        if maker is None:
            return True
        services.move(
            need,
            staff,
            T.LOCALIZED,
            maker=maker,
            localized_on=timezone.localdate() - dt.timedelta(days=40 + index),
            domestic_price_rial=Decimal(value) * 600_000 * Decimal("0.55"),
            fx_saved_per_year=Decimal(value) * Decimal("0.8"),
            note="قرارداد اجرا شد و نمونه‌ها پذیرفته شدند (نمونه).",
        )
    return True


def _from_import_line(staff) -> bool:
    """One need made from a sample monthly report's imported input, as a unit would in one click."""
    line = (
        ImportLine.objects.filter(report__organisation__name=registry_demo.UNIT_MEMBER_ORGANISATION)
        .select_related("report__organisation")
        .order_by("-report__period_index", "pk")
        .first()
    )
    if (
        line is None
        or Need.objects.filter(
            source_import_line__report__organisation=line.report.organisation, source_import_line__item=line.item
        ).exists()
    ):
        return False
    need = services.need_from_import_line(line, staff)
    services.update_need(need, staff, {"title": f"{line.item}{SAMPLE}", "hs_confirmed": bool(need.hs_id)})
    return True


def load_demo_sourcing() -> int:
    """Capabilities and sample needs; returns how many records were added."""
    staff = get_user_model().objects.filter(username="staff.province").first()
    if staff is None:
        return 0
    with transaction.atomic(), acting_as(staff):
        added = _capabilities(staff)
        matching.reset()  # the needs below are matched against the profiles just written
        for index, spec in enumerate(NEEDS):
            added += _need(staff, spec, index)
        added += _from_import_line(staff)
    matching.reset()
    return added
