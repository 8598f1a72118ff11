"""Query budgets: the pages staff open at month-end make the same number of queries with more data."""
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rownaq.core.national_id import make_national_id
from rownaq.registry.models import Organisation, Product
from rownaq.reporting import services

from .conftest import accepted, fill

PAGES = ["/reports/", "/reports/?status=submitted", "/reports/completeness/",
         "/reports/dashboard/?level=province&id={eaz}", "/stats/?level=province&id={eaz}"]


def add_units(world, month, count, start):
    for n in range(start, start + count):
        unit = Organisation.objects.create(
            kind=Organisation.Kind.UNIT, name=f"واحد بودجه {n} (نمونه)", county=world.tabriz, estate=world.salimi,
            national_id=make_national_id(f"4{n:02d}0123456"), isic=world.isic, usual_shifts=2, employees=50)
        Product.objects.create(organisation=unit, name="قطعه", hs=world.hs, annual_capacity=Decimal(1200),
                               unit=Product.Unit.PIECE)
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
