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
    response = client.get(f"/reports/dashboard/?level=province&id={world.eaz.pk}&period={month.code}"
                          "&export=children")
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
