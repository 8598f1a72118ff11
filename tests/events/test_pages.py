"""The organiser's forms: a stage (Jalali date, the estate's position by default, times in order) and its visits
(units of the estate only, hours in order, pins within the day's visits)."""

import datetime as dt

from rownaq.core.jalali import format_jalali_date
from rownaq.events.models import TourStage, Visit


def stage_payload(world, **changes):
    return {
        "number": "3",
        "date": "۱۴۰۵/۰۲/۱۰",
        "estate": world.salimi.pk,
        "meeting_point": "درِ شهرک",
        "meeting_latitude": "",
        "meeting_longitude": "",
        "start_time": "08:00",
        "end_time": "15:00",
        "speed_kmh": "40",
    } | changes


def test_stage_form_defaults_the_meeting_point_to_the_estate(client, world, tour):
    client.force_login(world.staff_province)
    response = client.post(f"/events/tours/{tour.pk}/stages/new/", stage_payload(world))
    assert response.status_code == 302
    stage = TourStage.objects.get()
    assert (format_jalali_date(stage.date), float(stage.meeting_latitude), float(stage.meeting_longitude)) == (
        "۱۴۰۵/۰۲/۱۰",
        38.05,
        46.2,
    )
    assert response["Location"] == stage.get_absolute_url()


def test_stage_form_errors_are_persian(client, world, tour):
    client.force_login(world.staff_province)
    url = f"/events/tours/{tour.pk}/stages/new/"
    response = client.post(
        url, stage_payload(world, date="1405/13/01", end_time="07:00", estate=world.marand_estate.pk)
    )
    errors = response.context["form"].errors
    assert response.status_code == 200 and not TourStage.objects.exists()
    assert "end_time" in errors and errors["end_time"] == ["ساعت پایان باید پس از ساعت شروع باشد."]
    assert "date" in errors
    # Marand has no position: the meeting point needs one.
    assert errors["meeting_latitude"] == ["این شهرک موقعیت ثبت‌شده ندارد؛ موقعیت محل گردهمایی را وارد کنید."]
    # An estate of another province is not offered.
    response = client.post(url, stage_payload(world, estate=world.tehran_estate.pk))
    assert "estate" in response.context["form"].errors


def test_stage_numbers_are_unique_in_a_tour(client, world, stage):
    client.force_login(world.staff_province)
    response = client.post(f"/events/tours/{stage.tour_id}/stages/new/", stage_payload(world, number="2"))
    assert response.context["form"].errors["number"] == ["این شماره را مرحلهٔ دیگری از همین تور دارد."]


def test_visits_are_units_of_the_estate_with_sound_hours_and_pins(client, world, stage, salimi_units):
    client.force_login(world.staff_province)
    url = f"/events/stages/{stage.pk}/visits/new/"

    def add(unit, **changes):
        return client.post(
            url,
            {
                "visit-organisation": unit.pk,
                "visit-duration_minutes": "40",
                "visit-opens": "08:00",
                "visit-closes": "16:00",
                "visit-pinned_position": "",
            }
            | changes,
        )

    assert add(salimi_units[0]).status_code == 302
    assert add(salimi_units[0]).status_code == 200  # already visited: no longer offered
    assert add(world.unit_b).status_code == 200  # not in Salimi
    response = add(salimi_units[1], **{"visit-opens": "14:00", "visit-closes": "09:00"})
    assert response.context["form"].errors["closes"] == ["پایان ساعت کاری باید پس از آغاز آن باشد."]
    response = add(salimi_units[1], **{"visit-pinned_position": "3"})
    assert response.context["form"].errors["pinned_position"] == ["جایگاه باید بین ۱ و ۲ باشد."]
    assert add(salimi_units[1], **{"visit-pinned_position": "2"}).status_code == 302
    response = add(salimi_units[2], **{"visit-pinned_position": "2"})
    assert response.context["form"].errors["pinned_position"] == ["بازدید دیگری به این جایگاه سنجاق شده است."]
    assert list(Visit.objects.values_list("organisation", "pinned_position").order_by("id")) == [
        (salimi_units[0].pk, None),
        (salimi_units[1].pk, 2),
    ]


def test_the_printable_schedule_and_the_plan_button(client, world, stage, visits):
    client.force_login(world.staff_province)
    assert client.post(f"/events/stages/{stage.pk}/plan/").status_code == 302
    page = client.get(f"/events/stages/{stage.pk}/schedule/").content.decode()
    assert 'data-testid="printable-schedule"' in page and "data-print" in page
    first = Visit.objects.get(position=1)
    assert f"{first.arrival:%H:%M}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in page
    visits[-1].pinned_position = 1
    visits[-1].save()
    client.post(f"/events/stages/{stage.pk}/plan/")
    page = client.get(f"/events/stages/{stage.pk}/").content.decode()
    assert "با ساعت‌های کاری واحدها جور نمی‌شود" in page and 'data-testid="plan-problems"' in page


def test_mine_lists_a_units_visits_and_its_consent(client, world, stage):
    Visit.objects.create(stage=stage, organisation=world.unit_a, arrival=dt.time(9), departure=dt.time(9, 40))
    client.force_login(world.member_a)
    page = client.get("/events/mine/").content.decode()
    assert str(stage) in page and f"/events/consent/{world.unit_a.pk}/" in page
    assert client.get(stage.get_absolute_url()).status_code == 200
    assert client.get(f"/events/tours/{stage.tour_id}/").status_code == 404
