"""Hand-written vocabularies for the sourcing evaluation set: what Iranian makers make and how people write it.

This is the generator's own word list, written as a procurement officer and a maker would write (standard and
colloquial Persian, English, brand part numbers). It is deliberately NOT imported by the matcher: the matcher has
its own lexicon (`rownaq.sourcing.text`), so the evaluation measures how well that lexicon and the rest of the
matcher cope with wording it was not generated from. The only shared contract is the fixed list of process ids,
which is the application's structured vocabulary (a maker ticks processes from it).

ZWNJ (U+200C) is written where standard spelling has it; the generator removes or replaces it as noise.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("raw_material", "part", "mould_die", "equipment", "consumable")


@dataclass(frozen=True)
class Family:
    """A product family: the ground-truth unit of 'what a maker can make'."""

    id: str
    group: str
    kind: str
    hs: tuple[str, ...]
    isic: str
    fa: tuple[str, ...]
    en: tuple[str, ...]
    processes: tuple[str, ...]  # core processes first
    materials: tuple[str, ...] = ()
    specs: tuple[str, ...] = ()
    alt_fa: tuple[str, ...] = ()  # application-centric names no maker uses: needs that only codes can link
    pn: tuple[str, ...] = ()  # part-number templates, {a} is filled with a small integer
    oems: tuple[str, ...] = ()
    unit: str = "pcs"
    qty: tuple[int, int] = (100, 10000)
    job_shop: bool = False  # made to drawing: a shop with the core processes could take it on
    weight: float = 1.0  # how common makers of this family are


def F(id, group, kind, hs, isic, fa, en, processes, materials=(), **kw) -> Family:
    kw = {key: tuple(value) if isinstance(value, list) else value for key, value in kw.items()}
    return Family(id, group, kind, tuple(hs), isic, tuple(fa), tuple(en), tuple(processes), tuple(materials), **kw)


# ------------------------------------------------------------------ materials (generator surface forms)

MATERIALS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "carbon_steel": (("فولاد ساختمانی ST37", "فولاد ST52", "فولاد کربنی", "آهن"), ("mild steel", "carbon steel S235", "ST37")),
    "alloy_steel": (("فولاد آلیاژی", "فولاد CK45", "فولاد ۴۱۴۰", "فولاد MO40", "فولاد سمانته"), ("alloy steel 42CrMo4", "AISI 4140", "CK45")),
    "stainless_steel": (("استنلس استیل", "استیل ۳۰۴", "فولاد ضد زنگ", "استیل ۳۱۶", "استیل نگیر"), ("stainless steel", "SS304", "AISI 316L")),
    "tool_steel": (("فولاد ابزار", "فولاد گرمکار ۱.۲۳۴۴", "فولاد ۱.۲۳۱۱", "فولاد ۱.۲۷۳۸", "فولاد سردکار ۱.۲۰۸۰", "فولاد قالب"), ("tool steel", "H13 hot work steel", "P20 1.2311", "D2 cold work steel")),
    "cast_iron": (("چدن خاکستری", "چدن GG25", "چدن"), ("grey cast iron", "GG25 cast iron")),
    "ductile_iron": (("چدن نشکن", "چدن داکتیل GGG40", "چدن گرافیت کروی"), ("ductile iron", "SG iron GGG50")),
    "aluminium": (("آلومینیوم", "آلمینیوم", "آلیاژ آلومینیوم ۶۰۶۳", "آلومینیوم سیلومین"), ("aluminium", "aluminum alloy", "AlSi12")),
    "brass": (("برنج", "برنج زرد", "آلیاژ برنج"), ("brass", "CuZn39Pb3")),
    "bronze": (("برنز", "برنز فسفر", "برنز آلومینیوم"), ("bronze", "phosphor bronze")),
    "copper": (("مس", "مس الکترولیت", "مس خالص"), ("copper", "ETP copper")),
    "zinc_alloy": (("زاماک", "آلیاژ روی"), ("zamak", "zinc alloy")),
    "pp": (("پلی‌پروپیلن", "پی پی", "PP"), ("polypropylene", "PP")),
    "pe": (("پلی‌اتیلن", "پلی اتیلن سنگین", "HDPE"), ("polyethylene", "HDPE", "LDPE")),
    "pvc": (("پی‌وی‌سی", "PVC"), ("PVC",)),
    "abs": (("ای‌بی‌اس", "ABS"), ("ABS",)),
    "polyamide": (("نایلون", "پلی‌آمید", "PA6", "پلی آمید ۶۶"), ("nylon PA66", "polyamide")),
    "pom": (("پلی‌استال", "POM", "دلرین"), ("acetal POM", "Delrin")),
    "pc": (("پلی‌کربنات", "PC"), ("polycarbonate",)),
    "pet": (("پت", "PET", "پلی‌اتیلن ترفتالات"), ("PET",)),
    "nbr": (("نیتریل", "NBR", "لاستیک نیتریل"), ("NBR nitrile rubber", "Buna-N")),
    "epdm": (("EPDM", "لاستیک EPDM"), ("EPDM",)),
    "fkm": (("وایتون", "FKM", "ویتون"), ("Viton FKM", "fluoroelastomer")),
    "silicone": (("سیلیکون", "لاستیک سیلیکونی"), ("silicone rubber", "VMQ")),
    "ptfe": (("تفلون", "PTFE"), ("PTFE", "Teflon")),
    "carbide": (("کاربید تنگستن", "الماسه", "کاربید"), ("tungsten carbide", "cemented carbide")),
    "ceramic": (("سرامیک", "آلومینا"), ("ceramic", "alumina")),
    "polyurethane": (("پلی‌اورتان", "PU"), ("polyurethane",)),
    "paperboard": (("مقوا", "کاغذ کرافت", "مقوای کنگره‌ای"), ("kraft paperboard", "corrugated board")),
}

# ------------------------------------------------------------------ processes (ids are the app's fixed list)

PROCESS_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "casting": (("ریخته‌گری", "ریخته گری ماسه‌ای", "ذوب و ریخته‌گری"), ("casting", "sand casting", "foundry")),
    "die_casting": (("ریخته‌گری تحت فشار", "دایکاست", "دایکست"), ("die casting", "HPDC")),
    "investment_casting": (("ریخته‌گری دقیق", "ریخته‌گری با موم", "ریخته گری مومی"), ("investment casting", "lost-wax casting")),
    "forging": (("فورج", "آهنگری", "فورجینگ گرم"), ("forging", "hot forging", "closed-die forging")),
    "machining": (("تراشکاری", "فرزکاری", "ماشینکاری", "تراش و فرز"), ("machining", "turning and milling")),
    "cnc_machining": (("ماشینکاری CNC", "تراش CNC", "فرز سی ان سی", "سی‌ان‌سی"), ("CNC machining", "5-axis CNC milling", "CNC turning")),
    "edm": (("وایرکات", "اسپارک", "فرسایش الکتریکی"), ("EDM", "wire EDM", "sinker EDM")),
    "grinding": (("سنگ‌زنی", "سنگ‌زنی دقیق", "سنگ محور"), ("grinding", "cylindrical grinding")),
    "gear_cutting": (("دنده‌زنی", "هاب‌زنی", "دنده‌تراشی"), ("gear hobbing", "gear cutting", "gear grinding")),
    "injection_moulding": (("تزریق پلاستیک", "قالب‌گیری تزریقی", "تزریق"), ("injection moulding", "plastic injection", "injection molding")),
    "blow_moulding": (("بادی", "قالب‌گیری بادی", "بادکنی"), ("blow moulding", "blow molding")),
    "extrusion": (("اکستروژن", "اکسترود", "اکستروژن پلاستیک"), ("extrusion",)),
    "rubber_moulding": (("پخت لاستیک", "قالب‌گیری لاستیک", "ولکانیزاسیون"), ("rubber moulding", "compression moulding", "vulcanising")),
    "mould_and_die_making": (("قالب‌سازی", "قالب سازی", "ساخت قالب"), ("mould making", "tool and die making", "toolmaking")),
    "sheet_metal": (("ورق‌کاری", "ورقکاری", "خم‌کاری ورق", "برش لیزر"), ("sheet metal fabrication", "laser cutting and bending")),
    "stamping": (("پرسکاری", "پرس‌کاری", "کشش عمیق"), ("stamping", "pressing", "deep drawing")),
    "welding": (("جوشکاری", "جوشکاری آرگون", "جوش CO2"), ("welding", "TIG/MIG welding")),
    "heat_treatment": (("عملیات حرارتی", "سختکاری", "کوئنچ و تمپر", "نیتراته", "کربوره"), ("heat treatment", "hardening", "nitriding", "carburising")),
    "surface_finishing": (("آبکاری", "آبکاری کروم", "گالوانیزه", "پوشش‌دهی"), ("plating", "chrome plating", "coating")),
    "painting": (("رنگ‌آمیزی", "رنگ الکترواستاتیک", "رنگ کوره‌ای"), ("painting", "powder coating line")),
    "electronics_assembly": (("مونتاژ برد", "مونتاژ SMD", "مونتاژ قطعات الکترونیکی", "لحیم‌کاری"), ("SMT assembly", "PCB assembly", "electronics assembly")),
    "pcb_fabrication": (("ساخت برد مدار چاپی", "تولید PCB", "فیبر مدار چاپی"), ("PCB fabrication", "printed circuit board manufacturing")),
    "winding": (("سیم‌پیچی", "سیم پیچی موتور", "کلاف‌پیچی"), ("coil winding", "motor winding")),
    "cable_making": (("کابل‌سازی", "روکش‌کاری کابل", "تولید سیم و کابل"), ("cable making", "cable extrusion")),
    "wire_drawing": (("مفتول‌کشی", "کشش مفتول", "سیم‌کشی فولاد"), ("wire drawing",)),
    "chemical_synthesis": (("سنتز", "سنتز شیمیایی", "فرایند شیمیایی"), ("chemical synthesis", "chemical process plant")),
    "polymerisation": (("پلیمریزاسیون", "پلیمرسازی"), ("polymerisation", "polymerization")),
    "compounding": (("کامپاندینگ", "کامپاند", "آمیزه‌سازی"), ("compounding", "twin-screw compounding")),
    "formulation": (("فرمولاسیون", "اختلاط", "میکس و فرمولاسیون"), ("formulation", "blending")),
    "powder_metallurgy": (("متالورژی پودر", "سینتر"), ("powder metallurgy", "sintering")),
    "assembly": (("مونتاژ", "مونتاژ مکانیکی", "اسمبل"), ("assembly", "mechanical assembly")),
    "textile": (("نساجی", "بافندگی", "ریسندگی"), ("weaving", "textile", "spinning")),
    "printing_packaging": (("چاپ", "چاپ فلکسو", "کارتن‌سازی", "چاپ افست"), ("printing", "flexo printing", "converting")),
    "refractory_forming": (("پخت نسوز", "شکل‌دهی سرامیک", "پرس آجر نسوز"), ("refractory forming", "ceramic firing")),
    "spring_making": (("فنرپیچی", "فنرسازی", "فنر پیچ"), ("spring coiling", "spring making")),
    "cold_heading": (("سردکوبی", "سرد‌کوبی پیچ", "حدیده‌کاری"), ("cold heading", "thread rolling")),
    "food_processing": (("فرآوری", "بسته‌بندی مواد غذایی"), ("food processing",)),
}

MACHINES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "cnc_machining": (("دستگاه CNC سه محور", "فرز CNC پنج محور", "تراش CNC", "مرکز ماشینکاری هاس"), ("3-axis VMC", "5-axis machining centre", "CNC lathes")),
    "edm": (("دستگاه وایرکات", "اسپارک CNC"), ("wire EDM machines", "sinker EDM")),
    "injection_moulding": (("دستگاه تزریق ۲۵۰ تن", "ماشین تزریق ۴۵۰ تن", "دستگاه تزریق هایتین"), ("injection machines 80-650 t", "Haitian injection presses")),
    "casting": (("کوره القایی ۲ تن", "خط قالب‌گیری ماسه‌ای", "کوره کوپل"), ("induction furnace", "sand moulding line")),
    "die_casting": (("دستگاه دایکاست ۴۰۰ تن", "دایکاست سرد کار"), ("400 t cold-chamber die casting cells",)),
    "forging": (("پتک ۲ تن", "پرس فورج ۱۶۰۰ تن"), ("1600 t forging press", "drop hammers")),
    "stamping": (("پرس ضربه‌ای ۲۰۰ تن", "پرس هیدرولیک ۵۰۰ تن"), ("200 t mechanical presses", "servo press line")),
    "sheet_metal": (("لیزر فایبر", "پرس برک CNC", "گیوتین"), ("fibre laser", "CNC press brake")),
    "heat_treatment": (("کوره اتمسفر کنترل", "کوره وکیوم", "کوره نیتراسیون"), ("vacuum furnace", "sealed quench furnace")),
    "electronics_assembly": (("خط SMT", "دستگاه پیک اند پلیس", "کوره ریفلو"), ("SMT line", "pick-and-place", "reflow oven", "AOI")),
    "gear_cutting": (("دستگاه هاب فاوتر", "دنده‌زن گلیسون"), ("Pfauter hobbing machine", "gear shaper")),
    "grinding": (("سنگ محور", "سنگ سطح"), ("cylindrical grinder", "surface grinder")),
    "extrusion": (("اکسترودر تک‌ماردون", "خط اکستروژن"), ("single-screw extruder", "extrusion line")),
    "welding": (("ربات جوش", "دستگاه جوش آرگون"), ("welding robots", "TIG sets")),
}

CERTIFICATIONS = (
    ("ISO 9001", "ایزو ۹۰۰۱"), ("IATF 16949", "IATF 16949"), ("ISO 14001", "ایزو ۱۴۰۰۱"),
    ("ISO 13485", "ایزو ۱۳۴۸۵"), ("API 6D", "API 6D"), ("CE", "نشان CE"), ("ISIRI", "استاندارد ملی ایران"),
    ("GMP", "GMP"), ("ISO 45001", "ایزو ۴۵۰۰۱"),
)

INDUSTRIES = (
    ("خودروسازی", "automotive"), ("لوازم خانگی", "home appliances"), ("پتروشیمی", "petrochemical"),
    ("نفت و گاز", "oil and gas"), ("بسته‌بندی", "packaging"), ("صنایع غذایی", "food"), ("دارویی", "pharmaceutical"),
    ("فولاد", "steel"), ("سیمان", "cement"), ("معدن", "mining"), ("نیروگاهی", "power generation"),
    ("کشاورزی", "agriculture"), ("ریلی", "railway"),
)

COUNTRIES = ("آلمان", "ایتالیا", "چین", "ترکیه", "کره جنوبی", "ژاپن", "هند", "تایوان", "فرانسه", "سوئد", "امارات")

PROVINCES: dict[str, tuple[str, tuple[str, ...]]] = {
    "EAZ": ("آذربایجان شرقی", ("شهرک صنعتی سلیمی", "شهرک صنعتی شهید رجایی", "شهرک صنعتی شرق تبریز", "شهرک صنعتی مرند", "ناحیه صنعتی سردرود", "شهرک صنعتی مراغه")),
    "THR": ("تهران", ("شهرک صنعتی عباس‌آباد", "شهرک صنعتی شمس‌آباد", "شهرک صنعتی چرمشهر", "شهرک صنعتی خاوران", "شهرک صنعتی نصیرآباد")),
    "ISF": ("اصفهان", ("شهرک صنعتی محمودآباد", "شهرک صنعتی جی", "شهرک صنعتی مورچه‌خورت", "شهرک صنعتی دولت‌آباد")),
    "KHR": ("خراسان رضوی", ("شهرک صنعتی توس", "شهرک صنعتی کلات", "شهرک صنعتی چناران")),
    "MKZ": ("مرکزی", ("شهرک صنعتی ایبک‌آباد", "شهرک صنعتی کاوه", "شهرک صنعتی خیرآباد")),
    "QZV": ("قزوین", ("شهرک صنعتی البرز", "شهرک صنعتی لیا", "شهرک صنعتی کاسپین")),
    "FRS": ("فارس", ("شهرک صنعتی بزرگ شیراز", "شهرک صنعتی شیراز ۲")),
    "ALB": ("البرز", ("شهرک صنعتی سیمین‌دشت", "شهرک صنعتی اشتهارد", "شهرک صنعتی هشتگرد")),
    "AZW": ("آذربایجان غربی", ("شهرک صنعتی ارومیه ۲", "شهرک صنعتی خوی")),
    "KZT": ("خوزستان", ("شهرک صنعتی شماره ۲ اهواز", "ناحیه صنعتی شوشتر")),
}

# Company names: prefix + specialty + brand word; English names are built alike.
NAME_PREFIX_FA = ("شرکت", "صنایع", "گروه صنعتی", "کارخانه", "تولیدی", "شرکت دانش‌بنیان", "مجتمع صنعتی")
NAME_BRAND_FA = ("سهند", "آذر", "پارس", "البرز", "سپاهان", "تبریز", "آریا", "کیمیا", "نوین", "پیشرو", "دقیق", "ایده‌پردازان",
                 "فن‌آوران", "کاوه", "دماوند", "ارس", "سبلان", "زاگرس", "خزر", "توس", "آتیه", "مهر", "نگین", "آرمان", "پویا",
                 "صبا", "رهنورد", "ایران", "شرق", "اطلس", "ستاره", "بهین", "پرتو", "امید", "فراز", "تکین", "راد", "برنا")
NAME_BRAND_EN = ("Sahand", "Azar", "Pars", "Alborz", "Sepahan", "Tabriz", "Arya", "Kimia", "Novin", "Pishro", "Daghigh", "Kaveh",
                 "Damavand", "Aras", "Sabalan", "Zagros", "Khazar", "Toos", "Atieh", "Mehr", "Negin", "Arman", "Pouya", "Saba",
                 "Atlas", "Setareh", "Behin", "Parto", "Omid", "Faraz", "Takin", "Rad", "Borna")
NAME_SUFFIX_EN = ("Co.", "Industries", "Industrial Group", "Manufacturing Co.", "Engineering", "Ltd.", "Technologies")

GROUP_SPECIALTY = {
    "tooling": (("قالب‌سازی", "ابزارسازی", "قالب و ابزار"), ("Mould & Die", "Tooling", "Precision Tools")),
    "transmission": (("قطعات انتقال قدرت", "یاتاقان‌سازی", "ماشین‌سازی"), ("Power Transmission", "Bearing", "Machine Building")),
    "fluid": (("هیدرولیک و پنوماتیک", "پمپ و شیرسازی", "آب‌بندی"), ("Hydraulics", "Pumps & Valves", "Sealing")),
    "rubber": (("لاستیک", "قطعات لاستیکی", "پلیمر"), ("Rubber", "Elastomer")),
    "metal_forming": (("ریخته‌گری", "فورج", "ذوب و ریخته‌گری", "پرس و قطعه‌سازی"), ("Foundry", "Forging", "Metal Works")),
    "fabrication": (("سازه‌های فلزی", "ساختمان و تجهیزات", "صنعتی"), ("Steel Structures", "Fabrication", "Process Equipment")),
    "metals": (("فلزات", "نورد و اکستروژن", "مفتول"), ("Metals", "Wire & Profile")),
    "electrical": (("الکترونیک", "برق صنعتی", "الکتریک", "کابل"), ("Electronics", "Electric", "Cable")),
    "polymer": (("پلاستیک", "پلیمر", "بسپار"), ("Plastics", "Polymer")),
    "chemical": (("شیمیایی", "پتروشیمی", "رنگ و رزین", "داروسازی"), ("Chemicals", "Petrochemical", "Resin")),
    "consumable": (("صنعتی", "ابزار", "فیلتر", "نسوز", "بسته‌بندی"), ("Industrial Supplies", "Abrasives", "Filters")),
    "automotive": (("قطعه‌سازی", "قطعات خودرو"), ("Auto Parts", "Automotive")),
    "equipment": (("ماشین‌سازی", "تجهیزات صنعتی", "مهندسی"), ("Machinery", "Engineering", "Equipment")),
    "medical": (("تجهیزات پزشکی",), ("Medical",)),
    "distractor": (("تولیدی", "صنایع", "فرآورده"), ("Products", "Industries")),
}

# ------------------------------------------------------------------ families

FAMILIES: tuple[Family, ...] = (
    # ---- tooling: moulds and dies
    F("injection_mould", "tooling", "mould_die", ["848071"], "2593",
      ["قالب تزریق پلاستیک", "قالب تزریقی", "قالب پلاستیک", "قالب تزریق"],
      ["plastic injection mould", "injection mold", "injection moulds for plastics"],
      ["mould_and_die_making", "cnc_machining", "edm", "heat_treatment"], ["tool_steel"],
      specs=["درب بطری ۲۸ میلی‌متری ۱۶ کویته", "سپر جلو خودرو", "سبد میوه", "بدنه کولر آبی", "قطعات داخلی یخچال",
             "ظروف یکبار مصرف ۸ کویته", "پایه صندلی پلاستیکی", "کانکتور برق ۴ کویته با رانر گرم"],
      alt_fa=["ابزار تولید درب بطری", "تولینگ قطعه داشبورد", "نمونه اولیه ابزار شکل‌دهی قطعه پلیمری"],
      unit="set", qty=(1, 6), weight=2.2),
    F("preform_mould", "tooling", "mould_die", ["848071"], "2593",
      ["قالب پریفرم", "قالب پریفرم پت", "قالب تزریق پریفرم"], ["PET preform mould", "preform injection mould"],
      ["mould_and_die_making", "cnc_machining", "heat_treatment"], ["tool_steel", "stainless_steel"],
      specs=["۴۸ کویته گلویی ۲۸ PCO", "۳۲ کویته ۲۵ گرمی", "۷۲ کویته با هات‌رانر"], unit="set", qty=(1, 3), weight=0.5),
    F("blow_mould", "tooling", "mould_die", ["848079"], "2593",
      ["قالب بادی", "قالب بادی پت", "قالب بطری"], ["blow mould", "bottle blow mold"],
      ["mould_and_die_making", "cnc_machining"], ["aluminium", "tool_steel"],
      specs=["بطری ۱.۵ لیتری نوشابه", "گالن ۲۰ لیتری", "ظرف شوینده ۴ لیتری"],
      alt_fa=["ابزار شکل‌دهی بطری نوشابه"], unit="set", qty=(1, 8), weight=0.7),
    F("die_casting_die", "tooling", "mould_die", ["848041"], "2593",
      ["قالب دایکاست", "قالب ریخته‌گری تحت فشار", "قالب دایکست آلومینیوم"], ["die casting die", "HPDC die", "die-casting mould"],
      ["mould_and_die_making", "cnc_machining", "edm", "heat_treatment"], ["tool_steel"],
      specs=["پوسته گیربکس", "هوزینگ الکتروموتور", "درب سیلندر موتور", "قاب ترموستات"],
      alt_fa=["ابزار تولید پوسته آلومینیومی گیربکس"], unit="set", qty=(1, 4), weight=0.9),
    F("press_die", "tooling", "mould_die", ["820730"], "2593",
      ["قالب پرس", "قالب برش و خم", "قالب پروگرسیو", "قالب کشش"], ["progressive die", "stamping die", "press tool"],
      ["mould_and_die_making", "cnc_machining", "edm", "heat_treatment"], ["tool_steel"],
      specs=["براکت شاسی", "بدنه کنتور", "لولای کابینت", "قطعات بدنه خودرو"],
      alt_fa=["ابزار برش ورق براکت", "ست تولید قطعات ورقی بدنه"], unit="set", qty=(1, 10), weight=1.4),
    F("forging_die", "tooling", "mould_die", ["820730"], "2593",
      ["قالب فورج", "قالب آهنگری", "قالب فورج داغ"], ["forging die", "hot forging dies"],
      ["mould_and_die_making", "cnc_machining", "heat_treatment"], ["tool_steel"],
      specs=["میل لنگ", "شاتون", "فلنج"], unit="set", qty=(1, 10), weight=0.5),
    F("extrusion_die", "tooling", "mould_die", ["820720"], "2593",
      ["قالب اکستروژن", "قالب اکستروژن آلومینیوم", "قالب پروفیل"], ["extrusion die", "aluminium extrusion dies"],
      ["mould_and_die_making", "cnc_machining", "edm", "heat_treatment"], ["tool_steel"],
      specs=["پروفیل در و پنجره", "هیت سینک", "پروفیل صنعتی ۴۰×۴۰"], unit="set", qty=(2, 30), weight=0.5),
    F("rubber_mould", "tooling", "mould_die", ["848079"], "2593",
      ["قالب لاستیک", "قالب پرس لاستیک", "قالب قطعات لاستیکی"], ["rubber mould", "rubber compression mold"],
      ["mould_and_die_making", "cnc_machining"], ["tool_steel", "carbon_steel"],
      specs=["اورینگ ۲۴ کویته", "دیافراگم", "دسته موتور"], unit="set", qty=(1, 10), weight=0.5),
    F("foundry_pattern", "tooling", "mould_die", ["848030"], "2593",
      ["مدل ریخته‌گری", "مدلسازی ریخته‌گری", "مدل چوبی و فلزی", "صفحه مدل"], ["foundry pattern", "casting patterns"],
      ["mould_and_die_making", "cnc_machining"], ["aluminium", "polyurethane"],
      specs=["پوسته پمپ", "بدنه شیر", "پروانه"], unit="set", qty=(1, 10), weight=0.5),
    F("cutting_tool", "tooling", "consumable", ["820770", "820750"], "2593",
      ["ابزار برشی", "فرز انگشتی", "مته", "ابزار فرز", "تیغ فرز"], ["end mill", "cutting tools", "drills and milling cutters"],
      ["grinding", "cnc_machining", "heat_treatment"], ["carbide", "tool_steel"],
      specs=["کاربایدی قطر ۱۰", "HSS قطر ۸", "فرز مدولی"], pn=["EM{a}-4F", "D{a}-HSS"], oems=["Sandvik", "Garant", "Guhring"],
      qty=(100, 5000), weight=0.6),
    F("carbide_insert", "tooling", "consumable", ["820900"], "2593",
      ["اینسرت", "تیغچه تراشکاری", "الماس تراشکاری", "تیغچه کاربایدی"], ["carbide insert", "turning inserts", "indexable inserts"],
      ["powder_metallurgy", "grinding"], ["carbide"],
      specs=["CNMG 120408", "TNMG 160404", "SNMG 120412"], pn=["CNMG1204{a:02d}", "WNMG0804{a:02d}"], oems=["Sandvik", "Iscar", "Kennametal"],
      qty=(1000, 50000), weight=0.3),

    # ---- power transmission
    F("ball_bearing", "transmission", "part", ["848210"], "2814",
      ["بلبرینگ", "بلبرینگ شیار عمیق", "یاتاقان غلتشی ساچمه‌ای"], ["ball bearing", "deep groove ball bearings"],
      ["grinding", "heat_treatment", "assembly"], ["alloy_steel"],
      specs=["درزگیر لاستیکی دوطرفه", "با لقی C3", "برای الکتروموتور"], pn=["62{a:02d}-2RS", "63{a:02d}-ZZ", "60{a:02d}-2RS1"],
      oems=["SKF", "FAG", "NSK", "NTN"], alt_fa=["قطعه گردنده الکتروموتور کولر"], qty=(5000, 200000), weight=0.6),
    F("roller_bearing", "transmission", "part", ["848220"], "2814",
      ["رولبرینگ", "رولبرینگ مخروطی", "بلبرینگ مخروطی"], ["tapered roller bearing", "roller bearings"],
      ["grinding", "heat_treatment", "assembly"], ["alloy_steel"],
      specs=["چرخ جلو کامیون", "برای گیربکس"], pn=["302{a:02d}", "322{a:02d}", "332{a:02d}"], oems=["Timken", "SKF", "Koyo"],
      qty=(1000, 50000), weight=0.3),
    F("bronze_bush", "transmission", "part", ["848330"], "2814",
      ["بوش برنزی", "یاتاقان لغزشی", "بوش برنجی", "یاتاقان برنزی"], ["bronze bushing", "plain bearing", "sleeve bearing"],
      ["casting", "machining"], ["bronze", "brass"],
      specs=["قطر داخلی ۶۰", "فلنج‌دار", "گرافیت‌دار خودروان"], qty=(200, 20000), job_shop=True, weight=0.6),
    F("gear", "transmission", "part", ["848340", "848390"], "2814",
      ["چرخدنده", "چرخ دنده", "دنده", "پینیون", "چرخ‌دنده مارپیچ"], ["gear", "spur gears", "helical gear", "pinion"],
      ["gear_cutting", "machining", "heat_treatment"], ["alloy_steel", "carbon_steel", "polyamide"],
      specs=["مدول ۳ تعداد دندانه ۴۲", "مدول ۵ مارپیچ", "سمانته و سنگ‌خورده"],
      alt_fa=["قطعه انتقال توان جعبه‌دنده آسیاب", "اجزای گردان دنده‌ای ماشین نساجی"], qty=(50, 5000), weight=1.0),
    F("gearbox", "transmission", "equipment", ["848340"], "2814",
      ["گیربکس صنعتی", "گیربکس", "جعبه دنده", "گیربکس حلزونی", "ردیوسر"], ["industrial gearbox", "gear reducer", "worm gearbox"],
      ["gear_cutting", "machining", "assembly"], ["cast_iron", "alloy_steel"],
      specs=["نسبت ۱:۴۰", "۵۵ کیلووات", "هلیکال شفت موازی"], oems=["SEW", "Flender", "Bonfiglioli"], pn=["R{a}7", "K{a}7"],
      unit="set", qty=(5, 200), weight=0.6),
    F("shaft", "transmission", "part", ["848310"], "2814",
      ["شفت", "محور", "میل‌لنگ", "شفت انتقال قدرت", "میل بادامک"], ["shaft", "transmission shaft", "crankshaft"],
      ["machining", "grinding", "heat_treatment"], ["alloy_steel", "carbon_steel", "stainless_steel"],
      specs=["طول ۱۲۰۰ قطر ۸۰", "هدایت القایی سخت شده", "جای خار دوطرفه"], qty=(20, 2000), job_shop=True, weight=0.7),
    F("coupling", "transmission", "part", ["848360"], "2814",
      ["کوپلینگ", "کوپلینگ فنری", "کوپلینگ لاستیکی", "کوپلینگ دنده‌ای"], ["coupling", "flexible coupling", "jaw coupling"],
      ["machining", "casting"], ["cast_iron", "carbon_steel"],
      specs=["سایز ۱۲۵", "برای پمپ"], oems=["Rexnord", "KTR"], qty=(50, 2000), weight=0.4),
    F("roller_chain", "transmission", "part", ["731511"], "2814",
      ["زنجیر صنعتی", "زنجیر غلتکی", "زنجیر و چرخ زنجیر"], ["roller chain", "industrial chain", "sprocket and chain"],
      ["stamping", "heat_treatment", "assembly"], ["alloy_steel"],
      pn=["08B-{a}", "10B-{a}", "16A-{a}"], oems=["Renold", "Tsubaki", "Iwis"], unit="m", qty=(500, 20000), weight=0.3),
    F("conveyor_idler", "transmission", "part", ["843139"], "2816",
      ["غلتک نوار نقاله", "غلطک کانوایر", "رولیک نقاله", "ایدلر"], ["conveyor idler", "conveyor roller", "idler rollers"],
      ["welding", "machining", "assembly"], ["carbon_steel", "pe"],
      specs=["قطر ۱۳۳ طول ۳۸۰", "برای معدن سنگ آهن", "غلتک ضربه‌گیر"], qty=(500, 20000), weight=0.5),
    F("spring", "transmission", "part", ["732020"], "2599",
      ["فنر", "فنر مارپیچ", "فنر فشاری", "فنر لول", "فنر کششی"], ["helical spring", "compression springs", "coil spring"],
      ["spring_making", "heat_treatment"], ["alloy_steel", "stainless_steel"],
      specs=["سیم ۶ میلی‌متر", "فنر سوپاپ", "فنر کمک"], alt_fa=["قطعه ارتجاعی سوپاپ"], qty=(5000, 500000), weight=0.7),
    F("fastener", "transmission", "part", ["731815", "731816"], "2593",
      ["پیچ و مهره", "پیچ", "مهره", "پیچ آلن", "گل‌میخ", "پیچ و مهره صنعتی"], ["bolts and nuts", "fasteners", "hex bolts", "studs"],
      ["cold_heading", "heat_treatment", "surface_finishing"], ["alloy_steel", "carbon_steel", "stainless_steel"],
      specs=["M12 گرید ۱۰.۹", "M20 گرید ۸.۸ گالوانیزه", "استاد بولت B7"], pn=["DIN933-M{a}", "ISO4017 M{a}"],
      alt_fa=["اتصالات رزوه‌ای شاسی"], qty=(10000, 2000000), weight=1.4),

    # ---- fluid power, pumps, valves, sealing
    F("hydraulic_cylinder", "fluid", "part", ["841221"], "2812",
      ["جک هیدرولیک", "سیلندر هیدرولیک", "جک روغنی"], ["hydraulic cylinder", "hydraulic ram"],
      ["machining", "welding", "assembly"], ["alloy_steel", "carbon_steel"],
      specs=["کورس ۵۰۰ قطر ۱۰۰", "دو طرفه", "تلسکوپی کمپرسی"], unit="pcs", qty=(10, 2000), weight=0.8),
    F("pneumatic_cylinder", "fluid", "part", ["841231"], "2812",
      ["جک پنوماتیک", "سیلندر پنوماتیک", "جک بادی"], ["pneumatic cylinder", "air cylinder"],
      ["machining", "assembly"], ["aluminium", "stainless_steel"],
      specs=["قطر ۵۰ کورس ۱۰۰", "ISO 15552"], pn=["DSBC-{a}0-100", "MB-{a}0-200"], oems=["Festo", "SMC", "Camozzi"],
      qty=(50, 5000), weight=0.4),
    F("hydraulic_pump", "fluid", "equipment", ["841360"], "2812",
      ["پمپ هیدرولیک", "پمپ دنده‌ای", "پمپ پیستونی", "پمپ پره‌ای"], ["hydraulic pump", "gear pump", "piston pump"],
      ["machining", "grinding", "assembly"], ["cast_iron", "aluminium"],
      pn=["A10VSO{a}", "PGP{a}"], oems=["Rexroth", "Parker", "Vickers"], qty=(10, 1000), weight=0.4),
    F("centrifugal_pump", "fluid", "equipment", ["841370"], "2813",
      ["پمپ سانتریفیوژ", "پمپ آب", "پمپ گریز از مرکز", "الکتروپمپ"], ["centrifugal pump", "water pump", "process pump"],
      ["casting", "machining", "assembly"], ["cast_iron", "stainless_steel", "bronze"],
      specs=["دبی ۱۰۰ متر مکعب ساعت", "هد ۵۰ متر", "پمپ اسلاری"], oems=["KSB", "Grundfos"], pn=["Etanorm {a}-200"],
      alt_fa=["تجهیز انتقال سیال خط خنک‌کاری"], unit="set", qty=(5, 500), weight=0.8),
    F("valve", "fluid", "part", ["848180"], "2813",
      ["شیر صنعتی", "شیر توپی", "شیر کشویی", "شیرآلات صنعتی", "ولو", "شیر پروانه‌ای"], ["industrial valve", "ball valve", "gate valve", "butterfly valve"],
      ["casting", "machining", "assembly"], ["stainless_steel", "carbon_steel", "brass", "ductile_iron"],
      specs=["سایز ۴ اینچ کلاس ۳۰۰", "فلنجی PN16", "سایز ۲ اینچ دنده‌ای"], oems=["Cameron", "KSB", "Tyco"],
      alt_fa=["تجهیز قطع و وصل جریان خط لوله گاز"], qty=(50, 5000), weight=1.0),
    F("pipe_fitting", "fluid", "part", ["730793"], "2599",
      ["اتصالات لوله", "زانو", "سه‌راهی", "اتصالات جوشی", "فلنج و اتصالات"], ["pipe fittings", "butt-weld elbows", "tees and reducers"],
      ["forging", "machining", "welding"], ["carbon_steel"],
      specs=["زانو ۹۰ درجه ۶ اینچ اسکجول ۴۰", "سه‌راهی مساوی ۸ اینچ"], qty=(500, 50000), weight=0.6),
    F("oil_seal", "fluid", "part", ["401693"], "2219",
      ["کاسه نمد", "اورینگ", "اویل سیل", "آب‌بند لاستیکی", "واشر لاستیکی"], ["oil seal", "O-ring", "rubber seals", "shaft seal"],
      ["rubber_moulding", "compounding"], ["nbr", "fkm", "epdm", "silicone"],
      specs=["۳۵×۵۲×۷", "سایز ۲-۲۱۲", "دولبه فنردار"], pn=["TC{a}x52x7", "OR-2-2{a:02d}"], oems=["Freudenberg", "Parker", "NOK"],
      alt_fa=["قطعه جلوگیری از نشت روغن پمپ"], qty=(10000, 1000000), weight=0.9),
    F("gasket", "fluid", "part", ["848410"], "2599",
      ["گسکت", "واشر نسوز", "گسکت اسپیرال", "واشر فلنج"], ["spiral wound gasket", "gaskets", "flange gasket"],
      ["stamping", "assembly"], ["stainless_steel", "ceramic"],
      specs=["کلاس ۶۰۰ سایز ۶ اینچ", "واشر سرسیلندر"], qty=(500, 50000), weight=0.4),
    F("hydraulic_hose", "fluid", "part", ["400942"], "2219",
      ["شلنگ هیدرولیک", "شیلنگ فشار قوی", "شلنگ"], ["hydraulic hose", "high-pressure hose"],
      ["extrusion", "rubber_moulding"], ["nbr"], specs=["دو لایه سیمی ۱/۲ اینچ", "SAE 100R2"], unit="m", qty=(1000, 50000), weight=0.3),

    # ---- rubber
    F("rubber_parts", "rubber", "part", ["401699"], "2219",
      ["قطعات لاستیکی", "لاستیک ضربه‌گیر", "دسته موتور", "قطعات لاستیک و فلز"], ["rubber parts", "rubber-to-metal parts", "anti-vibration mounts"],
      ["rubber_moulding", "compounding"], ["nbr", "epdm", "silicone"],
      specs=["بوش طبق", "لاستیک درب", "ضربه‌گیر کمک فنر"], alt_fa=["قطعه الاستومری جاذب ارتعاش"], qty=(1000, 200000), weight=1.0),
    F("conveyor_belt", "rubber", "part", ["401012"], "2219",
      ["تسمه نقاله", "نوار نقاله لاستیکی", "تسمه لاستیکی"], ["conveyor belt", "rubber conveyor belting"],
      ["rubber_moulding", "textile"], ["epdm"], specs=["عرض ۱۰۰۰ چهار لایه EP", "مقاوم به حرارت"], unit="m", qty=(500, 20000), weight=0.3),
    F("rubber_compound", "rubber", "raw_material", ["400591"], "2219",
      ["کامپاند لاستیک", "آمیزه لاستیکی", "کامپاند"], ["rubber compound", "masterbatch rubber"],
      ["compounding"], ["nbr", "epdm", "fkm"], specs=["سختی ۷۰ شور", "مقاوم به روغن"], unit="t", qty=(20, 2000), weight=0.4),

    # ---- castings, forgings, sheet metal
    F("iron_casting", "metal_forming", "part", ["732510"], "2431",
      ["قطعات چدنی", "ریخته‌گری چدن", "قطعات ریختگی چدن", "ریخته‌گری چدن نشکن"], ["grey iron castings", "ductile iron castings", "iron foundry parts"],
      ["casting", "machining"], ["cast_iron", "ductile_iron"],
      specs=["پوسته پمپ", "بدنه گیربکس", "دیسک ترمز", "منیفولد"], alt_fa=["پوسته جعبه‌دنده تراکتور"], unit="t", qty=(10, 3000), job_shop=True, weight=1.4),
    F("steel_casting", "metal_forming", "part", ["732599"], "2431",
      ["قطعات فولادی ریختگی", "ریخته‌گری فولاد", "فولاد ریختگی", "ریخته‌گری فولاد منگنزی"], ["steel castings", "manganese steel castings"],
      ["casting", "heat_treatment", "machining"], ["alloy_steel", "stainless_steel"],
      specs=["لاینر آسیاب", "فک سنگ‌شکن", "پره توربین"], alt_fa=["جداره داخلی آسیاب گلوله‌ای"], unit="t", qty=(10, 2000), job_shop=True, weight=0.9),
    F("investment_casting", "metal_forming", "part", ["732599"], "2431",
      ["ریخته‌گری دقیق", "قطعات ریخته‌گری دقیق", "ریخته‌گری به روش موم ریختنی"], ["investment castings", "lost wax castings", "precision castings"],
      ["investment_casting", "machining"], ["stainless_steel", "alloy_steel"],
      specs=["پروانه پمپ استیل", "قطعات توربین", "قطعات ماشین‌آلات نساجی"], qty=(500, 50000), weight=0.5),
    F("aluminium_casting", "metal_forming", "part", ["761699"], "2432",
      ["قطعات آلومینیومی دایکاست", "ریخته‌گری آلومینیوم", "قطعات آلومینیومی", "ریخته‌گری تحت فشار آلومینیوم"], ["aluminium die castings", "aluminum castings"],
      ["die_casting", "machining"], ["aluminium", "zinc_alloy"],
      specs=["پوسته گیربکس", "هوزینگ پمپ", "پایه آینه"], alt_fa=["پوسته سبک موتور کولر"], qty=(1000, 200000), weight=1.0),
    F("brass_parts", "metal_forming", "part", ["741980"], "2432",
      ["قطعات برنجی", "ریخته‌گری برنج", "قطعات برنجی فورج", "اتصالات برنجی"], ["brass parts", "brass fittings", "brass forgings"],
      ["casting", "forging", "machining"], ["brass", "bronze"],
      specs=["بدنه شیر گاز", "بوشن رزوه‌ای"], qty=(5000, 500000), weight=0.6),
    F("forged_parts", "metal_forming", "part", ["732619"], "2591",
      ["قطعات فورج", "قطعات آهنگری", "فورجینگ", "قطعات فورج گرم"], ["forged parts", "forgings", "closed die forgings"],
      ["forging", "heat_treatment", "machining"], ["alloy_steel", "carbon_steel"],
      specs=["میل‌لنگ", "شاتون", "فلنج گلودار", "سگدست"], alt_fa=["قطعه شکل‌داده‌شده گرم سیستم تعلیق"], unit="t", qty=(10, 2000), job_shop=True, weight=0.9),
    F("sheet_metal_parts", "metal_forming", "part", ["732690"], "2591",
      ["قطعات پرسی", "قطعات ورقی", "پرسکاری قطعات", "قطعات ورقکاری"], ["stamped parts", "sheet metal parts", "pressed components"],
      ["stamping", "sheet_metal", "welding"], ["carbon_steel", "stainless_steel", "aluminium"],
      specs=["براکت", "بدنه تابلو", "قاب ورقی"], alt_fa=["نگهدارنده فلزی خم‌کاری‌شده"], qty=(1000, 500000), job_shop=True, weight=1.3),
    F("machined_parts", "metal_forming", "part", ["848790"], "2592",
      ["قطعات ماشینکاری", "قطعات تراشکاری", "قطعات CNC", "قطعات دقیق ماشینکاری‌شده", "قطعات یدکی ماشین‌آلات"],
      ["CNC machined parts", "precision machined components", "machined spare parts"],
      ["cnc_machining", "machining", "grinding"], ["alloy_steel", "stainless_steel", "aluminium", "carbon_steel"],
      specs=["مطابق نقشه تلرانس ۰.۰۱", "بوش و پین", "فلنج", "قطعات یدکی ماشین‌آلات نساجی"],
      alt_fa=["لوازم یدکی خط تولید طبق نقشه", "قطعه مستهلک دستگاه پرکن"], qty=(50, 20000), job_shop=True, weight=2.0),
    F("grinding_media", "metal_forming", "consumable", ["732591"], "2431",
      ["گلوله آسیاب", "گلوله فولادی آسیاب", "ساچمه آسیاب"], ["grinding balls", "grinding media"],
      ["forging", "casting", "heat_treatment"], ["alloy_steel"], specs=["قطر ۸۰ میلی‌متر", "پرکروم"], unit="t", qty=(100, 10000), weight=0.3),

    # ---- fabrication and process equipment
    F("steel_structure", "fabrication", "equipment", ["730890"], "2511",
      ["سازه فلزی", "اسکلت فلزی", "سوله", "سازه صنعتی"], ["steel structure", "structural steel", "steel buildings"],
      ["welding", "sheet_metal", "painting"], ["carbon_steel"],
      specs=["سوله ۲۰ متر دهانه", "پایپ رک", "سکوی دسترسی"], unit="t", qty=(50, 5000), job_shop=True, weight=1.0),
    F("tank", "fabrication", "equipment", ["730900"], "2512",
      ["مخزن", "مخزن ذخیره", "مخزن استیل", "مخزن تحت فشار"], ["storage tank", "pressure vessel", "stainless steel tanks"],
      ["welding", "sheet_metal"], ["stainless_steel", "carbon_steel"],
      specs=["۵۰ متر مکعب", "استیل ۳۱۶ با همزن", "افقی دو جداره"], alt_fa=["ظرف فرایندی دوجداره"], unit="set", qty=(1, 50), weight=0.8),
    F("heat_exchanger", "fabrication", "equipment", ["841950"], "2819",
      ["مبدل حرارتی", "مبدل پوسته و لوله", "مبدل صفحه‌ای", "کولر روغن"], ["heat exchanger", "shell and tube heat exchanger", "plate heat exchanger"],
      ["welding", "machining", "assembly"], ["stainless_steel", "copper", "carbon_steel"],
      specs=["ظرفیت ۵۰۰ کیلووات", "لوله مسی"], oems=["Alfa Laval", "GEA"], unit="set", qty=(1, 50), weight=0.6),
    F("industrial_furnace", "fabrication", "equipment", ["841780", "851420"], "2815",
      ["کوره صنعتی", "کوره القایی", "کوره عملیات حرارتی", "کوره"], ["industrial furnace", "induction furnace", "heat treatment furnace"],
      ["welding", "assembly", "electronics_assembly"], ["carbon_steel", "ceramic"],
      specs=["ظرفیت ۲ تن", "کوره پیوسته تسمه‌ای"], unit="set", qty=(1, 5), weight=0.4),

    # ---- metals (semi-finished)
    F("aluminium_profile", "metals", "raw_material", ["760429"], "2420",
      ["پروفیل آلومینیوم", "پروفیل آلومینیومی", "شمش و پروفیل آلومینیوم"], ["aluminium profile", "aluminum extrusions"],
      ["extrusion", "surface_finishing"], ["aluminium"], specs=["۶۰۶۳ آنودایز", "پروفیل صنعتی شیاردار"], unit="t", qty=(20, 2000), weight=0.6),
    F("copper_wire", "metals", "raw_material", ["740811"], "2420",
      ["مفتول مس", "سیم مسی", "مفتول مسی"], ["copper wire rod", "copper wire"],
      ["wire_drawing", "casting"], ["copper"], specs=["۸ میلی‌متر", "لاکی برای سیم‌پیچی"], unit="t", qty=(50, 5000), weight=0.4),
    F("steel_wire", "metals", "raw_material", ["721720"], "2410",
      ["مفتول فولادی", "سیم فولادی گالوانیزه", "مفتول گالوانیزه"], ["galvanized steel wire", "steel wire"],
      ["wire_drawing", "surface_finishing"], ["carbon_steel"], specs=["قطر ۲.۵", "سیم خاردار"], unit="t", qty=(50, 5000), weight=0.4),
    F("steel_pipe", "metals", "raw_material", ["730630"], "2410",
      ["لوله فولادی", "لوله درزدار", "لوله فولادی جوشی"], ["welded steel pipe", "ERW pipes"],
      ["welding", "sheet_metal"], ["carbon_steel"], specs=["۲ اینچ گالوانیزه", "۶ اینچ API"], unit="t", qty=(50, 10000), weight=0.4),

    # ---- electrical and electronics
    F("pcb", "electrical", "part", ["853400"], "2610",
      ["برد مدار چاپی", "فیبر مدار چاپی", "PCB", "برد خام"], ["printed circuit board", "PCB", "multilayer PCB"],
      ["pcb_fabrication"], specs=["دو لایه متالیزه", "چهار لایه FR4"], qty=(1000, 100000), weight=0.4),
    F("control_board", "electrical", "part", ["853710"], "2610",
      ["برد کنترل", "برد الکترونیکی", "کنترلر", "برد کنترل الکترونیکی"], ["control board", "PCBA", "electronic controller"],
      ["electronics_assembly"], specs=["برد کنترل لباسشویی", "کنترلر دما", "برد درایور LED"],
      pn=["CB-{a}00", "MCU-{a}"], alt_fa=["ماژول فرمان دستگاه لباسشویی"], qty=(1000, 100000), weight=1.0),
    F("control_panel", "electrical", "equipment", ["853710"], "2710",
      ["تابلو برق", "تابلو برق صنعتی", "تابلو کنترل", "تابلو MCC"], ["control panel", "electrical switchboard", "MCC panel"],
      ["sheet_metal", "assembly"], ["carbon_steel"],
      specs=["تابلو فرمان PLC", "تابلو توزیع ۴۰۰ ولت"], unit="set", qty=(2, 100), weight=0.9),
    F("electric_motor", "electrical", "equipment", ["850152"], "2710",
      ["الکتروموتور", "موتور برق", "موتور الکتریکی", "الکتروموتور سه فاز"], ["electric motor", "induction motor", "three-phase motor"],
      ["winding", "machining", "assembly"], ["copper", "cast_iron", "aluminium"],
      specs=["۱۱ کیلووات ۱۴۵۰ دور", "ضد انفجار", "IE3"], oems=["Siemens", "WEG", "ABB"], pn=["1LE1{a}"], unit="pcs", qty=(20, 5000), weight=0.6),
    F("transformer", "electrical", "equipment", ["850422", "850433"], "2710",
      ["ترانسفورماتور", "ترانس", "ترانس توزیع", "ترانس خشک"], ["transformer", "distribution transformer", "dry type transformer"],
      ["winding", "assembly"], ["copper"], specs=["۱۰۰۰ کاوا ۲۰ کیلوولت", "۲۵۰ کاوا روغنی"], unit="set", qty=(2, 200), weight=0.4),
    F("power_cable", "electrical", "raw_material", ["854449"], "2732",
      ["کابل برق", "کابل فشار ضعیف", "سیم و کابل", "کابل افشان"], ["power cable", "low voltage cable", "flexible cable"],
      ["cable_making", "wire_drawing"], ["copper", "pvc"], specs=["۴×۱۶ مس", "NYY"], unit="m", qty=(10000, 500000), weight=0.6),
    F("wiring_harness", "electrical", "part", ["854430"], "2732",
      ["دسته سیم", "دسته‌سیم خودرو", "سیم‌کشی خودرو"], ["wiring harness", "cable harness"],
      ["cable_making", "assembly"], ["copper", "pvc"], specs=["دسته سیم موتور", "دسته سیم داشبورد"], unit="set", qty=(1000, 100000), weight=0.5),
    F("temperature_sensor", "electrical", "part", ["902519"], "2651",
      ["سنسور دما", "ترموکوپل", "ترموول", "حسگر دما"], ["temperature sensor", "thermocouple", "RTD PT100"],
      ["electronics_assembly", "assembly"], ["stainless_steel", "ceramic"],
      specs=["PT100 سه سیمه", "تیپ K غلاف استیل"], pn=["PT100-{a}", "TC-K-{a}"], oems=["Endress+Hauser", "WIKA"], qty=(100, 10000), weight=0.4),
    F("led_luminaire", "electrical", "equipment", ["940542"], "2740",
      ["چراغ LED", "پروژکتور ال‌ای‌دی", "چراغ خیابانی", "چراغ سوله"], ["LED luminaire", "LED floodlight", "high bay light"],
      ["electronics_assembly", "die_casting", "assembly"], ["aluminium"], specs=["۱۰۰ وات", "خیابانی ۱۵۰ وات"], qty=(500, 50000), weight=0.5),
    F("inverter", "electrical", "equipment", ["850440"], "2710",
      ["اینورتر", "درایو", "کنترل دور", "VFD"], ["frequency inverter", "variable speed drive", "VFD"],
      ["electronics_assembly", "assembly"], specs=["۲۲ کیلووات", "۴۰۰ ولت سه فاز"], pn=["ACS580-{a}", "G120-{a}"],
      oems=["ABB", "Siemens", "LS"], alt_fa=["تجهیز تنظیم سرعت موتور"], qty=(20, 2000), weight=0.3),

    # ---- polymer products and raw materials
    F("plastic_parts", "polymer", "part", ["392690"], "2220",
      ["قطعات پلاستیکی", "قطعات پلاستیکی تزریقی", "قطعات تزریقی", "قطعات پلیمری"], ["plastic injection parts", "injection moulded parts", "plastic components"],
      ["injection_moulding"], ["pp", "abs", "polyamide", "pom", "pc"],
      specs=["قاب داشبورد", "چرخ‌دنده پلاستیکی", "قطعات کولر"], alt_fa=["قطعه پلیمری داخل کابین"], qty=(10000, 1000000), weight=1.8),
    F("pet_preform", "polymer", "part", ["392330"], "2220",
      ["پریفرم", "پریفرم پت", "بطری پت"], ["PET preform", "PET bottles"], ["injection_moulding", "blow_moulding"], ["pet"],
      specs=["۲۵ گرمی", "۴۵ گرمی گلویی ۳۸"], unit="pcs", qty=(1000000, 50000000), weight=0.5),
    F("plastic_film", "polymer", "raw_material", ["392020"], "2220",
      ["فیلم BOPP", "فیلم پلی‌پروپیلن", "فیلم بسته‌بندی", "سلفون"], ["BOPP film", "packaging film", "cast PP film"],
      ["extrusion", "printing_packaging"], ["pp"], specs=["۲۰ میکرون", "متالایز"], unit="t", qty=(50, 5000), weight=0.5),
    F("pe_pipe", "polymer", "raw_material", ["391721"], "2220",
      ["لوله پلی‌اتیلن", "لوله پلی اتیلن", "لوله HDPE"], ["HDPE pipe", "polyethylene pipe"], ["extrusion"], ["pe"],
      specs=["۱۱۰ میلی‌متر PN10", "PE100"], unit="t", qty=(50, 5000), weight=0.6),
    F("polyethylene", "polymer", "raw_material", ["390110", "390120"], "2013",
      ["گرانول پلی‌اتیلن", "پلی‌اتیلن", "پلی اتیلن سبک", "پلی اتیلن سنگین"], ["polyethylene granules", "LDPE", "HDPE resin"],
      ["polymerisation"], ["pe"], specs=["گرید فیلم", "گرید تزریق"], unit="t", qty=(500, 50000), weight=0.3),
    F("pvc_compound", "polymer", "raw_material", ["390422"], "2013",
      ["کامپاند پی‌وی‌سی", "گرانول PVC", "کامپاند PVC نرم"], ["PVC compound", "flexible PVC granules"],
      ["compounding"], ["pvc"], specs=["گرید کابل", "گرید شیلنگ"], unit="t", qty=(50, 5000), weight=0.5),
    F("masterbatch", "polymer", "raw_material", ["320649"], "2013",
      ["مستربچ", "مستربچ رنگی", "مستربچ سفید", "مستربچ کربن بلک"], ["masterbatch", "colour masterbatch"],
      ["compounding"], ["pe", "pp"], specs=["سفید ۷۰٪ TiO2", "مشکی"], unit="t", qty=(20, 2000), weight=0.5),
    F("pu_foam", "polymer", "raw_material", ["392113"], "2220",
      ["فوم پلی‌اورتان", "فوم", "اسفنج پلی‌اورتان"], ["polyurethane foam", "PU foam"], ["formulation"], ["polyurethane"],
      specs=["دانسیته ۳۰", "فوم سرد صندلی"], unit="t", qty=(20, 2000), weight=0.4),

    # ---- chemicals
    F("epoxy_resin", "chemical", "raw_material", ["390730"], "2013",
      ["رزین اپوکسی", "اپوکسی", "رزین اپوکسی مایع"], ["epoxy resin", "liquid epoxy resin"], ["chemical_synthesis", "polymerisation"],
      specs=["اکی‌والان ۱۹۰", "گرید پوشش"], unit="t", qty=(20, 2000), weight=0.3),
    F("polyester_resin", "chemical", "raw_material", ["390791"], "2013",
      ["رزین پلی‌استر", "رزین پلی استر غیر اشباع", "رزین ایزوفتالیک"], ["unsaturated polyester resin", "UPR", "polyester resin"],
      ["chemical_synthesis", "polymerisation"], specs=["ارتوفتالیک", "برای لوله GRP"], unit="t", qty=(50, 5000), weight=0.3),
    F("industrial_paint", "chemical", "consumable", ["320890"], "2022",
      ["رنگ صنعتی", "رنگ پودری", "رنگ الکترواستاتیک", "رنگ اپوکسی", "پوشش صنعتی"], ["industrial paint", "powder coating", "epoxy coating"],
      ["formulation"], specs=["پرایمر زینک‌ریچ", "رنگ پودری پلی‌استر"], alt_fa=["لایه محافظ سطح سازه"], unit="t", qty=(10, 2000), weight=0.9),
    F("adhesive", "chemical", "consumable", ["350691"], "2029",
      ["چسب صنعتی", "چسب", "چسب حرارتی", "چسب هات ملت"], ["industrial adhesive", "hot melt adhesive", "glue"],
      ["formulation", "polymerisation"], specs=["چسب کارتن", "چسب پلی‌اورتان"], unit="t", qty=(10, 1000), weight=0.6),
    F("lubricant", "chemical", "consumable", ["271019", "340319"], "1920",
      ["روغن صنعتی", "گریس", "روانکار", "روغن هیدرولیک", "روغن دنده"], ["lubricating oil", "grease", "hydraulic oil"],
      ["formulation"], specs=["ایزو ۶۸", "گریس لیتیوم EP2"], oems=["Shell", "Mobil", "Castrol"], unit="t", qty=(10, 5000), weight=0.6),
    F("sulphuric_acid", "chemical", "raw_material", ["280700"], "2011",
      ["اسید سولفوریک", "جوهر گوگرد"], ["sulphuric acid", "sulfuric acid"], ["chemical_synthesis"], specs=["۹۸ درصد"],
      unit="t", qty=(1000, 100000), weight=0.2),
    F("caustic_soda", "chemical", "raw_material", ["281512"], "2011",
      ["سود سوزآور", "سود کاستیک", "سود مایع"], ["caustic soda", "sodium hydroxide"], ["chemical_synthesis"], specs=["۵۰ درصد مایع"],
      unit="t", qty=(1000, 50000), weight=0.2),
    F("titanium_dioxide", "chemical", "raw_material", ["320611"], "2011",
      ["دی‌اکسید تیتانیوم", "تیتان", "تیتانیوم دی اکسید"], ["titanium dioxide", "TiO2 pigment", "rutile"],
      ["chemical_synthesis"], specs=["روتایل", "آناتاز"], unit="t", qty=(100, 10000), weight=0.15),
    F("catalyst", "chemical", "raw_material", ["381519"], "2029",
      ["کاتالیست", "کاتالیزور", "کاتالیست پتروشیمی"], ["catalyst", "supported catalyst"], ["chemical_synthesis"],
      specs=["نیکل پایه آلومینا", "ریفرمینگ"], alt_fa=["ماده تسریع‌کننده واکنش واحد ریفرمر"], unit="t", qty=(5, 500), weight=0.2),
    F("surfactant", "chemical", "raw_material", ["340231"], "2023",
      ["اسید سولفونیک", "LABSA", "سورفکتانت", "اسید سولفونیک خطی"], ["LABSA", "linear alkylbenzene sulphonic acid", "surfactant"],
      ["chemical_synthesis"], specs=["۹۶ درصد"], unit="t", qty=(100, 10000), weight=0.3),
    F("pharma_api", "chemical", "raw_material", ["292429"], "2100",
      ["ماده موثره دارویی", "پاراستامول", "ماده اولیه دارویی", "API دارویی"], ["active pharmaceutical ingredient", "paracetamol API"],
      ["chemical_synthesis"], specs=["گرید BP", "پاراستامول پودری"], unit="t", qty=(10, 1000), weight=0.3),
    F("carbon_black", "chemical", "raw_material", ["280300"], "2011",
      ["دوده صنعتی", "کربن بلک", "دوده"], ["carbon black", "N330 carbon black"], ["chemical_synthesis"], specs=["N330", "N660"],
      unit="t", qty=(500, 20000), weight=0.15),
    F("water_chemicals", "chemical", "consumable", ["382499"], "2029",
      ["مواد شیمیایی تصفیه آب", "ضد رسوب", "پلی الکترولیت", "ضد خوردگی"], ["water treatment chemicals", "antiscalant", "corrosion inhibitor"],
      ["formulation"], specs=["ضد رسوب اسمز معکوس", "برج خنک‌کننده"], unit="t", qty=(5, 500), weight=0.4),

    # ---- consumables
    F("welding_electrode", "consumable", "consumable", ["831110"], "2599",
      ["الکترود جوشکاری", "الکترود", "الکترود ۶۰۱۳", "سیم جوش"], ["welding electrode", "E7018 electrodes", "welding rods"],
      ["formulation", "wire_drawing"], ["carbon_steel", "stainless_steel"], specs=["E7018 قطر ۳.۲", "استیل ۳۰۸"], unit="t", qty=(10, 1000), weight=0.3),
    F("grinding_wheel", "consumable", "consumable", ["680422"], "2399",
      ["سنگ سنباده", "سنگ فرز", "صفحه سنگ", "سنگ ساب"], ["grinding wheel", "abrasive disc", "cutting disc"],
      ["formulation", "refractory_forming"], ["ceramic"], specs=["۱۸۰×۶", "سنگ برش ۳۵۰"], qty=(10000, 500000), weight=0.3),
    F("filter", "consumable", "consumable", ["842123", "842131"], "2819",
      ["فیلتر روغن", "فیلتر هوا", "المنت فیلتر", "فیلتر هیدرولیک"], ["oil filter", "air filter", "filter element"],
      ["assembly", "sheet_metal"], ["paperboard"], specs=["برای موتور دیزل", "فیلتر هوا کمپرسور"],
      pn=["HF{a}553", "P55{a}148", "LF{a}70"], oems=["Fleetguard", "Donaldson", "Mann"], alt_fa=["مصرفی پالایش سیال موتور دیزل"], qty=(1000, 200000), weight=0.6),
    F("dust_filter_bag", "consumable", "consumable", ["591190"], "1399",
      ["کیسه فیلتر", "فیلتر کیسه‌ای", "کیسه غبارگیر"], ["filter bag", "dust collector bags"], ["textile"], specs=["پلی‌استر سوزنی", "نومکس"],
      qty=(1000, 50000), weight=0.3),
    F("refractory", "consumable", "consumable", ["690220", "381600"], "2391",
      ["آجر نسوز", "جرم نسوز", "نسوز", "بلوک نسوز", "جرم ریختنی نسوز"], ["refractory bricks", "refractory castable", "alumina bricks"],
      ["refractory_forming"], ["ceramic"], specs=["۷۰ درصد آلومینا", "منیزیت کربن"], alt_fa=["پوشش داخلی کوره ذوب"], unit="t", qty=(20, 5000), weight=0.5),
    F("brake_pad", "automotive", "part", ["681381"], "2930",
      ["لنت ترمز", "لنت", "لنت دیسکی", "لنت کفشکی"], ["brake pads", "brake linings"], ["formulation", "stamping"],
      specs=["لنت جلو سواری", "لنت کامیون"], pn=["WVA {a}087", "GDB{a}10"], oems=["TRW", "Bosch", "Textar"], qty=(10000, 500000), weight=0.4),
    F("carton", "consumable", "consumable", ["481910"], "1702",
      ["کارتن", "کارتن سه لایه", "جعبه مقوایی", "کارتن پنج لایه"], ["corrugated carton", "cardboard boxes"],
      ["printing_packaging"], ["paperboard"], specs=["چاپ فلکسو دو رنگ", "کارتن صادراتی"], qty=(10000, 2000000), weight=0.7),
    F("label", "consumable", "consumable", ["482110"], "1709",
      ["برچسب", "لیبل", "برچسب چاپی", "لیبل شیرینگ"], ["labels", "printed labels", "self-adhesive labels"],
      ["printing_packaging"], ["paperboard", "pp"], specs=["برچسب حرارتی", "لیبل بطری"], qty=(100000, 10000000), weight=0.4),
    F("nonwoven", "consumable", "raw_material", ["560392"], "1399",
      ["منسوج بی‌بافت", "اسپان باند", "الیاف بی‌بافت", "نبافته"], ["nonwoven fabric", "spunbond"], ["textile"], ["pp"],
      specs=["۲۰ گرمی", "ملت‌بلون"], unit="t", qty=(20, 2000), weight=0.3),

    # ---- automotive parts
    F("radiator", "automotive", "part", ["870891"], "2930",
      ["رادیاتور", "رادیاتور خودرو", "رادیاتور آب"], ["radiator", "automotive radiator"], ["sheet_metal", "assembly"],
      ["aluminium", "copper"], specs=["رادیاتور کامیون", "رادیاتور تراکتور"], qty=(1000, 50000), weight=0.4),
    F("shock_absorber", "automotive", "part", ["870880"], "2930",
      ["کمک فنر", "کمک‌فنر", "شاک آبزوربر"], ["shock absorber", "damper"], ["machining", "welding", "assembly"], ["carbon_steel"],
      specs=["کمک فنر جلو سواری", "کمک فنر کابین کامیون"], pn=["{a}4390"], oems=["Monroe", "Sachs", "KYB"], qty=(5000, 200000), weight=0.4),
    F("clutch", "automotive", "part", ["870893"], "2930",
      ["صفحه کلاچ", "دیسک و صفحه", "کلاچ"], ["clutch disc", "clutch kit"], ["stamping", "assembly"], ["carbon_steel"],
      specs=["قطر ۲۲۸", "کلاچ کامیون ۴۳۰"], oems=["Valeo", "Sachs", "LUK"], qty=(5000, 200000), weight=0.3),
    F("piston", "automotive", "part", ["840991"], "2930",
      ["پیستون", "رینگ پیستون", "پیستون موتور"], ["piston", "piston rings"], ["die_casting", "cnc_machining"], ["aluminium"],
      specs=["قطر ۷۸.۵", "استاندارد"], oems=["Mahle", "Kolbenschmidt"], qty=(5000, 200000), weight=0.3),

    # ---- equipment
    F("belt_conveyor", "equipment", "equipment", ["842833"], "2816",
      ["نوار نقاله", "کانوایر", "نقاله تسمه‌ای", "کانوایر تسمه‌ای"], ["belt conveyor", "conveyor system"],
      ["welding", "assembly", "sheet_metal"], ["carbon_steel"], specs=["طول ۵۰ متر عرض ۸۰۰", "شیب‌دار"], unit="set", qty=(1, 20), weight=0.6),
    F("packaging_machine", "equipment", "equipment", ["842240", "842230"], "2829",
      ["دستگاه بسته‌بندی", "ماشین پرکن", "دستگاه پرکن", "دستگاه لیبل‌زن", "دستگاه شیرینگ"], ["packaging machine", "filling machine", "labelling machine"],
      ["assembly", "sheet_metal", "electronics_assembly"], ["stainless_steel"],
      specs=["پرکن مایعات ۸ نازل", "بسته‌بندی عمودی پودر"], alt_fa=["خط اتوماتیک بسته‌بندی محصول نهایی"], unit="set", qty=(1, 10), weight=0.6),
    F("industrial_fan", "equipment", "equipment", ["841459"], "2819",
      ["فن صنعتی", "هواکش صنعتی", "بلوئر", "فن سانتریفیوژ"], ["industrial fan", "centrifugal blower"],
      ["sheet_metal", "welding", "assembly"], ["carbon_steel", "stainless_steel"], specs=["۱۵ کیلووات", "ضد اسید"], unit="set", qty=(2, 200), weight=0.5),
    F("air_compressor", "equipment", "equipment", ["841480"], "2813",
      ["کمپرسور هوا", "کمپرسور اسکرو", "کمپرسور"], ["air compressor", "screw compressor"], ["machining", "assembly"],
      ["cast_iron"], specs=["۳۷ کیلووات ۸ بار"], oems=["Atlas Copco", "Kaeser"], pn=["GA{a}"], unit="set", qty=(1, 50), weight=0.3),
    F("overhead_crane", "equipment", "equipment", ["842611"], "2816",
      ["جرثقیل سقفی", "جرثقیل", "پل سقفی", "کرین"], ["overhead crane", "EOT crane", "gantry crane"],
      ["welding", "assembly", "machining"], ["carbon_steel"], specs=["۱۰ تن دهانه ۲۰ متر", "دو پل"], unit="set", qty=(1, 10), weight=0.5),
    F("dust_collector", "equipment", "equipment", ["842139"], "2819",
      ["غبارگیر", "سیکلون", "فیلتر جت پالس", "سیستم غبارگیر"], ["dust collector", "bag filter house", "cyclone"],
      ["sheet_metal", "welding"], ["carbon_steel"], specs=["۲۰۰۰۰ متر مکعب ساعت"], unit="set", qty=(1, 20), weight=0.4),
    F("mixer_reactor", "equipment", "equipment", ["847982"], "2829",
      ["میکسر صنعتی", "همزن", "راکتور", "مخلوط‌کن صنعتی"], ["industrial mixer", "reactor with agitator", "ribbon blender"],
      ["welding", "machining", "assembly"], ["stainless_steel"], specs=["۲۰۰۰ لیتری استیل", "میکسر نواری"], unit="set", qty=(1, 20), weight=0.5),
    F("screw_barrel", "equipment", "part", ["847790"], "2829",
      ["ماردون و سیلندر", "ماردون", "ماردون اکسترودر", "سیلندر تزریق"], ["screw and barrel", "extruder screw", "injection screw barrel"],
      ["cnc_machining", "grinding", "heat_treatment"], ["alloy_steel", "tool_steel"],
      specs=["قطر ۶۵ نسبت ۳۰", "بایمتالیک"], alt_fa=["قطعه مارپیچ دستگاه شکل‌دهی پلاستیک"], qty=(2, 100), weight=0.4),

    # ---- medical
    F("syringe", "medical", "consumable", ["901831"], "3250",
      ["سرنگ", "سرنگ یکبار مصرف", "سرنگ انسولین"], ["syringe", "disposable syringes"], ["injection_moulding", "assembly"],
      ["pp"], specs=["۵ سی‌سی", "اتوماتیک غیرقابل استفاده مجدد"], unit="pcs", qty=(1000000, 50000000), weight=0.3),

    # ---- distractors: makers whose words overlap sourcing needs but who make something else
    F("concrete_formwork", "distractor", "equipment", ["730840"], "2511",
      ["قالب بتن", "قالب فلزی بتن", "قالب‌بندی ساختمان", "قالب دیوار بتنی"], ["concrete formwork", "shuttering"], ["welding", "sheet_metal"],
      ["carbon_steel"], weight=0.8),
    F("kitchenware", "distractor", "consumable", ["732393"], "2599",
      ["قالب کیک", "ظروف آشپزخانه", "قالب شیرینی", "ظروف استیل"], ["bakeware", "kitchen utensils"], ["stamping"], ["stainless_steel"], weight=0.6),
    F("art_casting", "distractor", "consumable", ["830629"], "3290",
      ["مجسمه برنزی", "تندیس ریخته‌گری", "ریخته‌گری هنری"], ["bronze statues", "art casting"], ["casting"], ["bronze", "brass"], weight=0.3),
    F("screwdriver", "distractor", "consumable", ["820540"], "2593",
      ["پیچ‌گوشتی", "پیچ گوشتی", "ابزار دستی"], ["screwdrivers", "hand tools"], ["forging"], ["alloy_steel"], weight=0.4),
    F("soap", "distractor", "consumable", ["340111"], "2023",
      ["صابون قالبی", "صابون", "صابون گلیسیرین"], ["bar soap", "toilet soap"], ["formulation"], weight=0.5),
    F("edible_oil", "distractor", "raw_material", ["151219"], "1040",
      ["روغن خوراکی", "روغن آفتابگردان", "روغن نباتی"], ["edible oil", "sunflower oil"], ["food_processing"], weight=0.5),
    F("hair_dye", "distractor", "consumable", ["330590"], "2023",
      ["رنگ مو", "رنگ موی بدون آمونیاک"], ["hair colour", "hair dye"], ["formulation"], weight=0.3),
    F("mattress", "distractor", "consumable", ["940421"], "3100",
      ["تشک فنری", "تشک", "تشک طبی فنری"], ["spring mattress", "mattress"], ["assembly", "spring_making"], weight=0.4),
    F("kitchen_cabinet", "distractor", "equipment", ["940340"], "3100",
      ["کابینت آشپزخانه", "کابینت", "کابینت ام‌دی‌اف"], ["kitchen cabinets"], ["assembly"], weight=0.5),
    F("dairy", "distractor", "raw_material", ["040120"], "1050",
      ["شیر پاستوریزه", "شیر و لبنیات", "شیر استریل"], ["pasteurised milk", "dairy products"], ["food_processing"], weight=0.6),
    F("carpet_tableau", "distractor", "consumable", ["570110"], "1399",
      ["تابلو فرش", "فرش دستباف", "تابلو فرش ابریشم"], ["carpet tableau", "hand-woven rugs"], ["textile"], weight=0.4),
    F("signage", "distractor", "equipment", ["940561"], "2740",
      ["تابلو تبلیغاتی", "تابلو چلنیوم", "تابلو روان LED"], ["illuminated signs", "LED signboards"], ["electronics_assembly", "sheet_metal"], weight=0.4),
)

FAMILY_BY_ID = {family.id: family for family in FAMILIES}

# Broken plurals and plural forms a writer uses instead of adding «ها».
PLURALS_FA = {
    "قطعه": "قطعات", "تجهیز": "تجهیزات", "محصول": "محصولات", "ماده": "مواد", "اتصال": "اتصالات",
}

# Sentences of a maker profile. {item} is a product name, {proc} a process word, {mat} a material, {ind} an industry.
MAKER_LINES_FA = (
    "طراحی و ساخت {item}",
    "تولید {item}",
    "تولید انواع {items}",
    "ساخت {item} مطابق نقشه و نمونه",
    "ساخت {item} از جنس {mat}",
    "تولیدکننده {items} برای صنایع {ind}",
    "مهندسی معکوس و ساخت {item} مشابه نمونه خارجی",
    "ساخت {items} {spec}",
    "تولید {item} با کیفیت قابل رقابت با نمونه وارداتی",
    "پذیرش سفارش {item} در تیراژ پایین و بالا",
)
MAKER_LINES_EN = (
    "Design and manufacture of {items}",
    "{items} made to drawing, {mat}",
    "Manufacturer of {items} for the {ind} industry",
    "We produce {items} ({spec})",
    "Reverse engineering and production of {items}",
    "Supplier of {items} to OEMs",
)
MAKER_LINES_MIXED = (
    "ساخت {en_item} با متریال {mat_en}",
    "تولید {item} ({en_item})",
    "{en_item} - تولید داخل، مشابه {oem}",
    "ساخت {item} برای {ind} - {en_item}",
)
PROCESS_LINES_FA = (
    "خدمات {proc} و {proc2}",
    "دارای واحد {proc} مجهز به {machine}",
    "مجهز به {machine}",
    "انجام {proc} قطعات صنعتی",
)
PROCESS_LINES_EN = (
    "In-house {proc} and {proc2}",
    "Equipped with {machine}",
    "{proc} services for industrial parts",
)
PN_LINES_FA = ("تولید {item} با شماره فنی {pns} معادل {oem}", "{item} سری {pns} قابل تعویض با {oem}")
PN_LINES_EN = ("{items}: {pns}, interchangeable with {oem}",)
CERT_LINES = ("دارای گواهینامه {cert}", "Certified {cert_en}", "استقرار سیستم مدیریت کیفیت {cert}")
TRADER_LINES = (
    "واردات و فروش {item} {oem}", "نمایندگی فروش {items} {oem}", "تامین و توزیع {items} اصلی", "Importer and distributor of {items}",
    "بازرگانی {items} و لوازم یدکی",
)
REPAIR_LINES = (
    "تعمیر و بازسازی {items}", "تعمیرات تخصصی {item}", "Repair and overhaul of {items}", "سرویس و نگهداری {items}",
)

NEED_DESCRIPTION_SENTENCES = (
    "این قلم در حال حاضر از {country} وارد می‌شود.",
    "مصرف سالانه حدود {qty} {unit} است.",
    "نقشه فنی و نمونه موجود است.",
    "مورد استفاده در خط تولید {ind}.",
    "به دنبال سازنده داخلی برای جایگزینی واردات هستیم.",
    "کیفیت باید معادل نمونه خارجی باشد.",
    "امکان ارسال نمونه برای تست وجود دارد.",
    "تامین از خارج به دلیل تحریم دشوار شده است.",
)
UNIT_FA = {"pcs": "عدد", "set": "دستگاه", "t": "تن", "m": "متر"}
