"""History pages in Persian: field labels, values as pages show them (choices, related records, Jalali dates, yes/no,
Persian digits), people by name, never database ids (core/history.py)."""

import datetime as dt

from rownaq.core import history
from rownaq.core.actor import acting_as
from rownaq.core.audit import history_for
from rownaq.core.jalali import format_jalali_date
from rownaq.shifts.models import Shift


def test_an_update_is_shown_with_labels_and_display_values(world):
    world.staff_province.first_name, world.staff_province.last_name = "مریم", "احمدی"
    world.staff_province.save()
    with acting_as(world.staff_province):
        unit = world.unit_a
        unit.employees, unit.status, unit.county, unit.estate = 1500, "semi_active", world.marand, None
        unit.is_exporter, unit.licence_date = True, dt.date(2025, 3, 21)
        unit.save()
    entry = history.present(history_for(world.unit_a).filter(action="update"))[0]
    assert entry.actor == "مریم احمدی"
    changes = {change.label: (change.before, change.after) for change in entry.changes}
    assert changes["تعداد کارکنان"] == ("۱۲۰", "۱٬۵۰۰")
    assert changes["وضعیت"] == ("فعال", "نیمه‌فعال")
    assert changes["شهرستان"] == ("تبریز", "مرند")
    assert changes["شهرک/ناحیهٔ صنعتی"] == ("شهرک صنعتی سلیمی", "—")
    assert changes["صادرکننده"] == ("خیر", "بله")
    assert changes["تاریخ پروانه"] == ("—", format_jalali_date(dt.date(2025, 3, 21)))
    assert entry.subject == f"{world.unit_a._meta.verbose_name}: {world.unit_a.name}"


def test_times_codes_and_people_without_a_full_name(world):
    with acting_as(world.member_a):
        Shift.objects.create(unit=world.unit_a, code="ش", name="شب", start=dt.time(22), end=dt.time(6))
    entry = history.present(history_for(world.unit_a).filter(content_type__model="shift"))[0]
    assert entry.actor == "unit.a"  # no full name: the username
    changes = {change.label: change.after for change in entry.changes}
    assert changes["ساعت شروع"] == "۲۲:۰۰" and changes["واحد"] == world.unit_a.name
    assert "۲۲:۰۰" in entry.subject


def test_the_history_page_shows_no_raw_values(world, client):
    with acting_as(world.staff_province):
        world.unit_a.employees = 130
        world.unit_a.isic = None
        world.unit_a.save()
    client.force_login(world.staff_province)
    page = client.get(f"/registry/organisations/{world.unit_a.pk}/history/").content.decode()
    assert "تعداد کارکنان" in page and "۱۳۰" in page and "<code>employees</code>" not in page
    assert ">130<" not in page and ">2822<" not in page
    assert "Manufacture of metal-forming" in page and 'lang="en"' in page  # the old ISIC class, by its title
