from django.urls import reverse

from rownaq.core.scoping import access_of

# (title, url name, who sees it)
NAVIGATION = [
    ("پیشخوان", "home", lambda a: a.is_authenticated),
    ("واحدها و سازمان‌ها", "registry:organisation-list", lambda a: a.is_staff or bool(a.organisation_ids)),
    ("گزارش‌های ماهانه", "reporting:report-list", lambda a: a.is_staff or a.is_unit_member),
    ("پرونده‌ها", "cases:case-list", lambda a: a.is_staff or a.is_unit_member or a.is_partner),
    ("جلسات", "cases:meeting-list", lambda a: a.is_staff or a.is_partner),
    ("ساخت داخل", "sourcing:need-list", lambda a: a.is_staff or a.is_unit_member),
    ("آمار", "reporting:dashboard", lambda a: a.is_staff or a.is_press or a.is_partner),
    ("آمار عمومی", "public-stats", lambda a: not a.is_authenticated or not (a.is_staff or a.is_press or a.is_partner)),
    ("تورهای رسانه‌ای", "events:tour-list", lambda a: a.is_staff),
    ("برنامهٔ نوبت‌کاری", "shifts:home", lambda a: a.is_staff or a.is_unit_member),
    ("نشست‌های صادراتی", "events:export-meeting-list", lambda a: a.is_staff or a.is_unit_member or a.is_partner),
    ("تورها و دعوت‌های من", "events:mine", lambda a: a.is_authenticated and not a.is_staff),
    ("شهرک‌ها", "places:estate-list", lambda a: a.is_authenticated),
    # Reference codes and the API guide are staff's tools: a factory's people do not use them.
    ("کدهای مرجع", "registry:hs-list", lambda a: a.is_staff),
    ("راهنمای API", "api-docs", lambda a: a.is_staff),
    ("سلامت سامانه", "health", lambda a: a.is_admin),
]


def navigation(request):
    access = access_of(getattr(request, "user", None))
    path = request.path
    items = [
        {"title": title, "url": reverse(name), "active": False}
        for title, name, visible in NAVIGATION
        if visible(access)
    ]
    # The item whose address is the longest prefix of this page's is the current one (so /cases/meetings/ marks
    # «جلسات», not «پرونده‌ها» too).
    matching = [item for item in items if path == item["url"] or (item["url"] != "/" and path.startswith(item["url"]))]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_items": items, "access": access}
