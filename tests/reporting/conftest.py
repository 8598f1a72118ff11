from decimal import Decimal

import pytest

from rownaq.core.jalali import JalaliMonth
from rownaq.registry.models import Organisation, Product
from rownaq.reporting import services


@pytest.fixture
def month():
    """The month units report now (the previous Jalali month)."""
    return services.latest_reportable_month()


def fill(report, shifts=3, employees=90, quantity=Decimal("8"), exports=(), imports=()):
    """Give a draft report valid figures (unit A's product has a capacity of 100 a year: 8.33 a month)."""
    report.shifts_worked = shifts
    report.working_days = 24
    report.employees_total = employees
    report.employees_shift1 = employees // 3
    report.save()
    products = dict.fromkeys(report.organisation.products.all(), quantity)
    services.set_production(report, products)
    services.replace_lines(report, exports=list(exports), imports=list(imports))
    return report


@pytest.fixture
def more_units(world):
    """Four more units in Salimi so that statistics cells can reach the publication threshold of three."""
    units = []
    for n in range(4):
        from rownaq.core.national_id import make_national_id

        unit = Organisation.objects.create(
            kind=Organisation.Kind.UNIT,
            name=f"واحد آماری {n} (نمونه)",
            county=world.tabriz,
            estate=world.salimi,
            national_id=make_national_id(f"30{n}1234567"),
            isic=world.isic,
            usual_shifts=2,
            employees=50,
        )
        Product.objects.create(
            organisation=unit, name="قطعه", hs=world.hs, annual_capacity=Decimal(1200), unit=Product.Unit.PIECE
        )
        units.append(unit)
    return units


def accepted(unit, month: JalaliMonth, reviewer, **figures):
    report = services.start_report(unit, month, None)
    fill(report, **figures)
    services.submit(report, None)
    services.accept(report, reviewer)
    report.refresh_from_db()
    return report
