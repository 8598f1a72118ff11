"""Staff record one-off closures of the partner bodies in their places on the calendar page; deadlines count them."""

import datetime as dt

from django.urls import reverse

from rownaq.cases import closures, services
from rownaq.core.jalali import format_jalali_date
from rownaq.core.models import Holiday

from .conftest import SATURDAY, next_weekday


def post(client, user, **data):
    client.force_login(user)
    return client.post(reverse("cases:closures"), data)


def test_staff_close_a_body_for_a_day_and_its_deadline_moves(client, bodies, clock):
    saturday = clock.set(next_weekday(SATURDAY))
    sunday = saturday + dt.timedelta(days=1)
    assert services.due_after(1, saturday, body=bodies.chamber) == sunday
    response = post(
        client, bodies.staff_province, date=format_jalali_date(sunday), title="آلودگی هوا", body=bodies.chamber.pk
    )
    assert response.status_code == 302
    assert services.due_after(1, saturday, body=bodies.chamber) == sunday + dt.timedelta(days=1)
    assert services.due_after(1, saturday, body=bodies.customs) == sunday
    page = client.get(reverse("cases:closures")).content.decode()
    assert "آلودگی هوا" in page and bodies.chamber.name in page


def test_only_an_administrator_closes_every_office(client, bodies, clock):
    day = clock.set(next_weekday(SATURDAY)) + dt.timedelta(days=2)
    response = post(client, bodies.staff_province, date=format_jalali_date(day), title="بارش برف")
    assert response.status_code == 400 and not Holiday.objects.exists()
    assert post(client, bodies.admin, date=format_jalali_date(day), title="بارش برف").status_code == 302
    assert Holiday.dates() == {day}


def test_staff_elsewhere_cannot_close_a_tabriz_body_and_members_never_see_the_page(client, bodies):
    day = format_jalali_date(dt.date.today() + dt.timedelta(days=3))
    assert post(client, bodies.staff_other_province, date=day, title="x", body=bodies.chamber.pk).status_code == 400
    client.force_login(bodies.partner)
    assert client.get(reverse("cases:closures")).status_code == 403
    assert not Holiday.objects.exists()
    assert list(closures.bodies_user_may_close(bodies.staff_salimi)) == []  # the Chamber is outside the estate


def test_a_closure_on_an_official_holiday_is_refused(bodies):
    day = dt.date.today() + dt.timedelta(days=5)
    Holiday.objects.create(date=day, title="عید سعید فطر", kind=Holiday.Kind.LUNAR)
    try:
        closures.add_closure(bodies.staff_province, date=day, title="آلودگی", body=bodies.chamber)
    except closures.ClosureError as exc:
        assert "همهٔ ادارات" in str(exc)
    else:
        raise AssertionError("a closure was added on an official holiday")
