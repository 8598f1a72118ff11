"""Pages of the reporting app: public statistics, the dashboard and completeness, as their users see them."""

import pytest

from rownaq.reporting import services

from .conftest import accepted, fill


def test_public_page_hides_cells_of_fewer_than_three_units(world, month, more_units, client):
    accepted(world.unit_b, month, world.admin, employees=777)  # the only unit reporting in Marand
    for unit in more_units[:3]:
        accepted(unit, month, world.admin, employees=20)
    response = client.get(f"/stats/?level=province&id={world.eaz.pk}&period={month.code}")
    page = response.content.decode()
    assert "۷۷۷" not in page and "777" not in page
    # Tabriz (three units, 60) and the province's 837 are not both shown: one less the other is Marand's 777.
    # (Here the province's total is hidden itself: one unit of the four makes up most of it.)
    children = {row["name"]: row["employees"] for row in response.context["children"]}
    assert children["مرند"] is None
    assert children["تبریز"] is None or response.context["current"]["employees"] is None
    marand = client.get(f"/stats/?level=county&id={world.marand.pk}&period={month.code}").content.decode()
    assert "۷۷۷" not in marand and 'data-testid="suppression-note"' in marand


def test_dashboard_shows_unsuppressed_figures_inside_scope(world, month, client):
    accepted(world.unit_b, month, world.admin, employees=777)
    client.force_login(world.staff_province)
    page = client.get(f"/reports/dashboard/?level=county&id={world.marand.pk}&period={month.code}")
    assert "۷۷۷" in page.content.decode()
    client.force_login(world.staff_other_province)
    page = client.get(f"/reports/dashboard/?level=county&id={world.marand.pk}&period={month.code}")
    assert "۷۷۷" not in page.content.decode()


def test_unit_members_have_no_dashboard(world, client):
    client.force_login(world.member_a)
    assert client.get("/reports/dashboard/").status_code == 403
    assert client.get("/reports/completeness/").status_code == 403


def test_dashboard_tables_export_to_excel(world, month, more_units, client):
    from io import BytesIO

    from openpyxl import load_workbook

    for unit in more_units[:3]:
        accepted(unit, month, world.admin, employees=20)
    client.force_login(world.staff_province)
    response = client.get(f"/reports/dashboard/?level=province&id={world.eaz.pk}&period={month.code}&export=children")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "مکان" and ("تبریز", 3) == rows[1][:2]


def test_completeness_counts_expected_received_and_late(world, month, more_units, client):
    accepted(world.unit_a, month, world.admin)
    report = fill(services.start_report(more_units[0], month, None))
    services.submit(report, None)
    client.force_login(world.staff_province)
    page = client.get(f"/reports/completeness/?period={month.code}&by=estate")
    rows = {row.label: row for row in page.context["rows"]}
    salimi = rows["شهرک صنعتی سلیمی"]
    assert (salimi.expected, salimi.received) == (5, 2)
    assert world.unit_b in list(page.context["silent"])


@pytest.mark.parametrize("user_attr", ["member_a", "staff_salimi"])
def test_entry_form_shows_history_and_saves(world, month, client, user_attr):
    earlier = fill(services.start_report(world.unit_a, month.previous(), None), employees=71)
    services.submit(earlier, None)
    report = services.start_report(world.unit_a, month, None)
    client.force_login(getattr(world, user_attr))
    page = client.get(f"/reports/{report.pk}/edit/").content.decode()
    assert "۷۱" in page  # last month's figure beside the field


def test_report_list_search_finds_the_unit_with_arabic_letters(world, month, client):
    accepted(world.unit_a, month, world.admin)
    client.force_login(world.staff_province)
    page = client.get("/reports/", {"q": "قالبسازي"})
    assert page.status_code == 200
    assert [r.organisation for r in page.context["object_list"]] == [world.unit_a]


def test_public_page_opens_on_the_latest_month_complete_enough_and_says_how_complete(world, month, more_units, client):
    """Salimi has five units. Four reported the month before; one early report for the latest month must not
    become the default (it would stand for the estate, or be blanked): the page stays on the complete month."""
    from rownaq.core.persian import to_persian_digits

    previous = month.previous()
    for unit in [world.unit_a, *more_units[:3]]:
        accepted(unit, previous, world.admin, employees=20)
    accepted(more_units[3], month, world.admin, employees=31)
    url = f"/stats/?level=estate&id={world.salimi.pk}"
    page = client.get(url).content.decode()
    assert f"آمار عمومی تولید صنعتی — {world.salimi}، {previous.label}" in page
    assert 'data-testid="kpi-employees">۸۰<' in page  # four units x 20 employees, published
    assert f'{to_persian_digits(4)}</span> از <span class="num">{to_persian_digits(5)}</span> واحد' in page
    assert "۳۱" not in page.split('data-testid="trend"')[0]  # the early report's figure is not the headline

    accepted(world.unit_a, month, world.admin, employees=20)
    accepted(more_units[0], month, world.admin, employees=20)  # now 3 of 5 = 60%: the latest month is published
    page = client.get(url).content.decode()
    assert f"آمار عمومی تولید صنعتی — {world.salimi}، {month.label}" in page


def test_a_month_not_yet_ended_is_never_shown(world, month, more_units, client):
    current = services.current_month()
    page = client.get(f"/stats/?level=estate&id={world.salimi.pk}&period={current.code}").content.decode()
    assert current.label not in page.split("<h1")[1].split("</h1>")[0]


def test_the_trend_marks_months_without_reports_as_gaps(world, month, more_units, client):
    from rownaq.reporting import areas

    for unit in [world.unit_a, *more_units[:2]]:
        accepted(unit, month.previous().previous(), world.admin)
        accepted(unit, month, world.admin)
    area = areas.Area("estate", world.salimi)
    chart = areas.build(area, month, "", suppressed=False)["chart"]  # staff in scope: whole figures
    assert chart["shift3"][-1] == 100.0 and chart["shift3"][-2] is None and chart["shift3"][-3] == 100.0
    assert chart["labels"][-2].endswith("(بدون داده)")
    page = client.get(f"/stats/?level=estate&id={world.salimi.pk}&period={month.code}").content.decode()
    assert "بدون گزارش" in page.split('data-testid="trend"')[1]


def test_trade_tables_are_totalled_in_rials_where_rates_exist(world, month, more_units, client):
    import datetime as dt
    from decimal import Decimal

    from rownaq.core.models import ExchangeRate

    units = [world.unit_a, *more_units[:2]]
    for unit in units:  # three units, each 1,000 EUR and 500 USD to Syria: both currency cells published
        accepted(
            unit,
            month,
            world.admin,
            exports=[
                {"country": "SY", "value": Decimal("1000"), "currency": "EUR"},
                {"country": "SY", "value": Decimal("500"), "currency": "USD"},
            ],
        )
    url = f"/stats/?level=estate&id={world.salimi.pk}&period={month.code}"
    page = client.get(url).content.decode()
    exports = page.split('data-testid="exports"')[1].split("</div></div>")[0]
    assert "جمع به ریال داده نمی‌شود" in exports and "دلار آمریکا" in exports  # no rates yet: it says why
    ExchangeRate.objects.create(
        currency="EUR", rial_per_unit=Decimal("700000"), valid_from=dt.date(2020, 1, 1), source="نرخ نمونه"
    )
    ExchangeRate.objects.create(
        currency="USD", rial_per_unit=Decimal("600000"), valid_from=dt.date(2020, 1, 1), source="نرخ نمونه"
    )
    ExchangeRate.objects.create(
        currency="USD",
        rial_per_unit=Decimal("999999"),
        valid_from=month.last_day() + dt.timedelta(days=1),
        source="نرخ نمونهٔ بعدی",
    )  # not yet in force that month
    page = client.get(url).content.decode()
    # Syria, by destination: 3,000 EUR x 700,000 + 1,500 USD x 600,000 = 3,000,000,000 rials
    assert "۳٬۰۰۰٬۰۰۰٬۰۰۰" in page.split('data-testid="exports"')[1].split("</div></div>")[0]


def test_the_division_asked_for_is_read_in_any_digits_by_pages_and_api_alike():
    from rownaq.reporting import areas

    assert areas.division_from({"division": "۲۸"}) == areas.division_from({"division": "28"}) == "28"
    assert areas.division_from({"division": "٢٨٠١"}) == "28" and areas.division_from({}) == ""
