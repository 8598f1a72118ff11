"""Query budgets: the pages staff open at month-end make the same number of queries with more data."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rownaq.core.national_id import make_national_id
from rownaq.registry.models import Organisation, Product
from rownaq.reporting import services

from .conftest import accepted, fill

PAGES = [
    "/reports/",
    "/reports/?status=submitted",
    "/reports/completeness/",
    "/reports/dashboard/?level=province&id={eaz}",
    "/stats/?level=province&id={eaz}",
]


def add_units(world, month, count, start):
    for n in range(start, start + count):
        unit = Organisation.objects.create(
            kind=Organisation.Kind.UNIT,
            name=f"واحد بودجه {n} (نمونه)",
            county=world.tabriz,
            estate=world.salimi,
            national_id=make_national_id(f"4{n:02d}0123456"),
            isic=world.isic,
            usual_shifts=2,
            employees=50,
        )
        Product.objects.create(
            organisation=unit, name="قطعه", hs=world.hs, annual_capacity=Decimal(1200), unit=Product.Unit.PIECE
        )
        if n % 2:
            accepted(unit, month, world.admin, exports=[{"country": "SY", "value": Decimal(100), "currency": "EUR"}])
        else:
            services.submit(fill(services.start_report(unit, month, None)), None)


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", PAGES)
def test_a_page_makes_as_many_queries_with_twice_the_data(page, world, month, client):
    url = page.format(eaz=world.eaz.pk)
    client.force_login(world.staff_province)
    add_units(world, month, 8, 0)
    queries(client, url)  # warm caches (content types, sessions)
    few = queries(client, url)
    add_units(world, month, 8, 8)
    queries(client, url)  # the month's publication pattern is computed once per change of its reports
    assert queries(client, url) == few


# A unit member's month-end: home, the report list, the month's form (with the year beside every figure) and the
# API's look-up. Their queries must not grow with the unit's history nor with its export lines.
MEMBER_PAGES = [
    "/",
    "/reports/?organisation={unit}",
    "/reports/{report}/edit/",
    "/api/reports/?organisation={unit}&year={year}&month={month}",
]


@pytest.mark.parametrize("page", MEMBER_PAGES)
def test_a_members_page_makes_as_many_queries_with_a_year_of_history(page, world, month, client):
    client.force_login(world.member_a)
    report = fill(
        services.start_report(world.unit_a, month, None),
        exports=[{"country": "IQ", "value": Decimal(100), "currency": "USD", "hs": world.hs}],
    )
    for back in range(1, 4):
        accepted(world.unit_a, month - back, world.admin)
    url = page.format(unit=world.unit_a.pk, report=report.pk, year=month.year, month=month.month)
    queries(client, url)
    few = queries(client, url)
    for back in range(4, 13):
        accepted(
            world.unit_a,
            month - back,
            world.admin,
            exports=[
                {"country": "IQ", "value": Decimal(100 + back), "currency": "USD", "hs": world.hs},
                {"country": "TR", "value": Decimal(50), "currency": "USD", "hs": world.hs},
            ],
        )
    fill(
        report,
        exports=[
            {"country": "IQ", "value": Decimal(100), "currency": "USD", "hs": world.hs},
            {"country": "SY", "value": Decimal(70), "currency": "EUR", "hs": world.hs},
            {"country": "TR", "value": Decimal(30), "currency": "USD", "hs": world.hs},
        ],
    )
    queries(client, url)
    assert queries(client, url) == few
