"""Issue 7's journey in real Chromium: a unit defines 3 shifts, 2 posts and 30 workers (two under 18, three in a
hazardous post), generates a 4-week roster, pins one shift by hand and re-solves; the stored roster breaks no rule
of the Labour Law (labour_law.check); a pin the Law forbids is refused with its article; the premium sheet
downloads and holds the worker's row; the roster prints without the planner's controls."""

import datetime as dt
import re
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from rownaq.shifts import payroll, services
from rownaq.shifts.models import Assignment, Post, Roster, Shift, Worker
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SOLVE = 60_000  # ms to wait for a page that runs the solver
FIRST = dt.date(2025, 3, 22)  # 1404/01/02, a Saturday


def add_shift(page, unit, code, name, start, end):
    page.goto(f"/shifts/units/{unit.pk}/")
    page.get_by_test_id("add-shift").click()
    page.fill("#id_code", code)
    page.fill("#id_name", name)
    page.fill("#id_start", start)
    page.fill("#id_end", end)
    page.click("[data-testid=record-form] button[type=submit]")
    page.wait_for_url(re.compile(r"/shifts/units/\d+/#shifts$"))


def add_post(page, unit, name, skill, needs, hazardous=False):
    page.goto(f"/shifts/units/{unit.pk}/")
    page.get_by_test_id("add-post").click()
    page.fill("#id_name", name)
    page.fill("#id_skill", skill)
    if hazardous:
        page.check("#id_hazardous")
    for shift, people in needs.items():
        page.fill(f"#id_need_{shift.pk}", people)
    page.click("[data-testid=post-form] button[type=submit]")
    page.wait_for_url(re.compile(r"/shifts/units/\d+/#posts$"))


def add_workers(page, unit, names, skill, wage, hazardous=False, hours="44"):
    page.goto(f"/shifts/units/{unit.pk}/")
    page.get_by_test_id("add-workers").click()
    page.fill("#id_names", "\n".join(names))
    page.fill("#id_skills", skill)
    page.fill("#id_hourly_wage", wage)
    page.fill("#id_contract_hours", hours)
    if hazardous:
        page.check("#id_hazardous")
    page.click("[data-testid=worker-bulk-form] button[type=submit]")
    page.wait_for_url(re.compile(r"/shifts/units/\d+/#workers$"))


def add_young_worker(page, unit, name, birth):
    page.goto(f"/shifts/units/{unit.pk}/")
    page.get_by_test_id("add-worker").click()
    page.fill("#id_name", name)
    page.fill("#id_skills", "مونتاژ")
    page.fill("#id_birth_date", birth)
    page.keyboard.press("Escape")  # close the date picker
    page.fill("#id_hourly_wage", "۸۰٬۰۰۰")
    page.click("[data-testid=worker-form] button[type=submit]")
    page.wait_for_url(re.compile(r"/shifts/units/\d+/#workers$"))


def test_unit_plans_a_lawful_three_shift_roster_pins_a_shift_and_downloads_premiums(world, page, guard, task_worker):
    unit = world.unit_a
    login(page, "unit.a")
    page.goto("/shifts/")
    page.wait_for_url(f"**/shifts/units/{unit.pk}/")  # a member of one unit goes straight to it
    assert page.locator("html").get_attribute("dir") == "rtl"

    # Three shifts: morning 06-14, evening 14-22, night 22-06 (night work under Art. 53).
    add_shift(page, unit, "ص", "صبح", "06:00", "14:00")
    add_shift(page, unit, "ع", "عصر", "14:00", "22:00")
    add_shift(page, unit, "ش", "شب", "22:00", "06:00")
    morning, evening, night = (Shift.objects.get(unit=unit, code=c) for c in ("ص", "ع", "ش"))
    expect(page.get_by_test_id("shift-table")).to_contain_text("کار شب")

    # Two posts: an assembly line, and a hazardous furnace post (its turns are cut to 6 hours, Art. 52).
    add_post(page, unit, "خط مونتاژ", "مونتاژ", {morning: "۴", evening: "۴", night: "۳"})
    add_post(page, unit, "کوره", "ذوب", {morning: "1", evening: "1"}, hazardous=True)
    line, furnace = Post.objects.get(unit=unit, name="خط مونتاژ"), Post.objects.get(unit=unit, name="کوره")

    # Thirty workers: 25 on the line, 3 at the furnace (hazardous), 2 apprentices under 18.
    add_workers(page, unit, [f"کارگر خط {n:02d}" for n in range(1, 26)], "مونتاژ", "۱۰۰٬۰۰۰")
    add_workers(page, unit, [f"کوره‌کار {n}" for n in range(1, 4)], "ذوب", "120000", hazardous=True, hours="36")
    add_young_worker(page, unit, "کارآموز ۱", "1388/05/01")
    add_young_worker(page, unit, "کارآموز ۲", "1387/11/20")
    expect(page.get_by_test_id("worker-counts")).to_contain_text("۳۰")
    expect(page.get_by_test_id("worker-counts")).to_contain_text("۲ زیر ۱۸ سال")
    assert Worker.objects.filter(unit=unit).count() == 30
    assert sum(w.is_under_18(FIRST) for w in Worker.objects.filter(unit=unit)) == 2
    assert Worker.objects.filter(unit=unit, hazardous=True).count() == 3

    # Generate four weeks.
    page.get_by_test_id("new-roster").click()
    page.wait_for_url("**/shifts/rosters/new/?unit=*")
    page.fill("#id_title", "برنامهٔ فروردین")
    page.fill("#id_first_date", "1404/01/02")
    page.keyboard.press("Escape")
    page.select_option("#id_weeks", "4")
    page.fill("#id_time_limit", "3")
    page.click("[data-testid=roster-form] button[type=submit]")
    page.wait_for_url(re.compile(r"/shifts/rosters/\d+/$"), timeout=SOLVE)
    roster = Roster.objects.get(title="برنامهٔ فروردین")
    # solved by the task worker while the page shows its progress; the page shows the roster when it is done
    expect(page.get_by_test_id("roster-status")).to_have_text("تولیدشده", timeout=SOLVE)
    expect(page.get_by_test_id("law-checked")).to_be_visible()
    grid = page.get_by_test_id("roster-grid")
    expect(grid.locator("tbody tr")).to_have_count(30)
    expect(grid).to_contain_text("۱۴۰۴/۰۱/۰۲")
    assert services.stored_violations(roster) == []
    young = list(Worker.objects.filter(unit=unit, name__startswith="کارآموز"))
    assert not Assignment.objects.filter(roster=roster, worker__in=young, shift=night).exists()
    assert set(Assignment.objects.filter(roster=roster, post=furnace).values_list("minutes", flat=True)) == {360}

    # Pin one shift by hand: a line worker on the night of 1404/01/05, then the rest is solved again.
    worker = Worker.objects.get(unit=unit, name="کارگر خط 07")
    day = FIRST + dt.timedelta(days=3)
    grid.locator(f"tr[data-worker='{worker.pk}'] td[data-date='{day.isoformat()}'] a").click()
    page.wait_for_url(re.compile(r"worker=\d+&date=2025-03-25#pin$"))
    form = page.get_by_test_id("pin-form")
    expect(form.locator("#id_worker")).to_have_value(str(worker.pk))
    expect(form.locator("#id_date")).to_have_value(day.isoformat())
    form.locator("#id_cell").select_option(label="شب — خط مونتاژ")
    form.locator("#id_time_limit").fill("3")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/shifts/rosters/\d+/\?week=1#grid$"), timeout=SOLVE)
    expect(page.get_by_test_id("job-result")).to_contain_text("تثبیت شد", timeout=SOLVE)
    pinned_cell = page.get_by_test_id("roster-grid").locator(
        f"tr[data-worker='{worker.pk}'] td[data-date='{day.isoformat()}'] a"
    )
    expect(pinned_cell).to_have_class(re.compile(r"\bcell-pinned\b"))
    expect(pinned_cell).to_contain_text("ش")
    expect(page.get_by_test_id("pinned-count")).to_have_text("۱")
    cell = Assignment.objects.get(roster=roster, worker=worker, date=day)
    assert (cell.shift, cell.post, cell.pinned) == (night, line, True)
    assert services.stored_violations(roster) == [], "no rule is broken after the re-solve"

    # A pin the Law forbids is refused with its article, and nothing changes.
    before = sorted(Assignment.objects.filter(roster=roster).values_list("worker_id", "date", "shift_id", "pinned"))
    apprentice = young[0]
    form = page.get_by_test_id("pin-form")
    form.locator("#id_worker").select_option(str(apprentice.pk))
    form.locator("#id_date").select_option((FIRST + dt.timedelta(days=5)).isoformat())
    form.locator("#id_cell").select_option(label="شب — خط مونتاژ")
    form.locator("button[type=submit]").click()
    expect(page.locator(".alert-danger").last).to_contain_text("مادهٔ ۸۳", timeout=SOLVE)
    assert (
        sorted(Assignment.objects.filter(roster=roster).values_list("worker_id", "date", "shift_id", "pinned"))
        == before
    )

    # Per worker and per post views.
    page.goto(f"/shifts/rosters/{roster.pk}/workers/{worker.pk}/")
    expect(page.get_by_test_id("worker-days")).to_contain_text("شب")
    page.goto(f"/shifts/rosters/{roster.pk}/posts/{furnace.pk}/")
    expect(page.get_by_test_id("post-days")).to_contain_text("کوره‌کار")

    # The premium sheet downloads, with the pinned worker's row as payroll needs it.
    page.goto(f"/shifts/rosters/{roster.pk}/")
    page.get_by_test_id("premiums-tab").click()
    expect(page.get_by_test_id("premium-table")).to_contain_text(worker.name)
    with page.expect_download() as download_info:
        page.get_by_test_id("premium-download").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as handle:
        sheet = load_workbook(BytesIO(handle.read())).active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in r])) for r in sheet.iter_rows(min_row=2)]
    mine = [r for r in rows if r["نام کارگر"] == worker.name]
    assert len(mine) == 1 and mine[0]["ماه"] == "فروردین ۱۴۰۴"
    minutes = sum(Assignment.objects.filter(roster=roster, worker=worker).values_list("minutes", flat=True))
    assert Decimal(str(mine[0]["ساعات کار"])) == Decimal(minutes) / 60
    expected = next(r for r in payroll.premium_rows(roster) if r.worker == worker)
    assert mine[0]["جمع فوق‌العاده‌ها (ریال)"] == int(expected.total)
    assert mine[0]["فوق‌العادهٔ نوبت‌کاری (ریال)"] == int(expected.amount("shift")) > 0
    assert mine[0]["مزد ساعتی (ریال)"] == 100_000

    # Printable: on paper the grid stays and the planner's controls go.
    page.goto(f"/shifts/rosters/{roster.pk}/")
    page.emulate_media(media="print")
    expect(page.get_by_test_id("roster-grid")).to_be_visible()
    expect(page.get_by_test_id("pin-form")).to_be_hidden()
    expect(page.locator("header")).to_be_hidden()
    page.emulate_media(media="screen")

    # The simulator shows what three shifts need and give.
    page.goto(f"/shifts/units/{unit.pk}/simulator/")
    expect(page.get_by_test_id("skill-table")).to_contain_text("مونتاژ")
    expect(page.get_by_test_id("output-table")).to_contain_text("قالب تزریق پلاستیک")
