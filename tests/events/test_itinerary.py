"""The itinerary: every visit inside its unit's opening hours and pins kept (checked against brute force on random
small days), and a clear Persian reason when no order can work."""

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rownaq.events import itinerary, services
from rownaq.events.itinerary import Stop, plan_stage, travel_minutes
from tests.scope_cases import is_persian

from .conftest import SALIMI_UNITS

START = (38.05, 46.2)


def minutes(text: str) -> int:
    hours, mins = map(int, text.split(":"))
    return hours * 60 + mins


def salimi_stops(duration=45) -> list[Stop]:
    return [
        Stop(n, name, START[0] + dlat, START[1] + dlon, duration, minutes(opens), minutes(closes))
        for n, (name, (dlat, dlon), opens, closes) in enumerate(SALIMI_UNITS)
    ]


def assert_respects(plan, stops, day_start, day_end, speed, pinned=None):
    """Arrive no earlier than the road allows and the unit opens, leave by closing, keep pins, be back in time."""
    by_key = {s.key: s for s in stops}
    assert sorted(plan.order) == sorted(by_key)
    clock, here = day_start, START
    for position, key in enumerate(plan.order, start=1):
        stop = by_key[key]
        clock += travel_minutes(here, (stop.lat, stop.lon), speed)
        assert plan.arrivals[key] >= max(clock, stop.opens), stop.name
        assert plan.departures[key] == plan.arrivals[key] + stop.duration
        assert plan.departures[key] <= stop.closes, stop.name
        if pinned and key in pinned:
            assert pinned[key] == position
        clock, here = plan.departures[key], (stop.lat, stop.lon)
    assert clock + travel_minutes(here, START, speed) <= day_end


def feasible_by_brute_force(stops, day_start, day_end, speed, pinned) -> bool:
    for order in itertools.permutations(stops):
        if any(order.index(s) + 1 != pinned[s.key] for s in stops if s.key in pinned):
            continue
        clock, here, ok = day_start, START, True
        for stop in order:
            clock = max(clock + travel_minutes(here, (stop.lat, stop.lon), speed), stop.opens)
            if clock + stop.duration > stop.closes:
                ok = False
                break
            clock, here = clock + stop.duration, (stop.lat, stop.lon)
        if ok and clock + travel_minutes(here, START, speed) <= day_end:
            return True
    return False


def test_six_units_are_ordered_inside_their_opening_hours():
    stops = salimi_stops()
    plan = plan_stage(START, minutes("08:00"), minutes("16:00"), stops, 30)
    assert plan.feasible, plan.problems
    assert_respects(plan, stops, minutes("08:00"), minutes("16:00"), 30)
    late = stops[-1]  # opens 11:30: visited no earlier, whatever the distance
    assert plan.arrivals[late.key] >= minutes("11:30")


def test_pins_are_kept_and_the_rest_filled_in():
    stops = salimi_stops()
    pinned = {stops[3].key: 1, stops[0].key: 2}  # the unit closing at 13:00 first, then the one closing at 15:00
    plan = plan_stage(START, minutes("08:00"), minutes("16:00"), stops, 30, pinned)
    assert plan.feasible, plan.problems
    assert plan.order[:2] == [stops[3].key, stops[0].key]
    assert_respects(plan, stops, minutes("08:00"), minutes("16:00"), 30, pinned)


def test_a_window_shorter_than_the_visit_is_named():
    stops = salimi_stops()
    stops[2] = Stop(2, "قطعه‌سازی ارس (نمونه)", stops[2].lat, stops[2].lon, 90, minutes("09:00"), minutes("10:00"))
    plan = plan_stage(START, minutes("08:00"), minutes("16:00"), stops, 30)
    assert not plan.feasible
    assert plan.problems == ["ساعت کاری «قطعه‌سازی ارس (نمونه)» (۰۹:۰۰ تا ۱۰:۰۰) از مدت بازدید (۹۰ دقیقه) کوتاه‌تر است."]


def test_a_unit_unreachable_before_closing_is_named():
    far = Stop("far", "معدن مس سونگون (نمونه)", 38.70, 46.70, 60, minutes("07:00"), minutes("09:00"))
    plan = plan_stage(START, minutes("08:00"), minutes("18:00"), [*salimi_stops()[:2], far], 40)
    assert not plan.feasible
    assert len(plan.problems) == 1
    message = plan.problems[0]
    assert message.startswith("به «معدن مس سونگون (نمونه)» پیش از پایان ساعت کاری‌اش (۰۹:۰۰) نمی‌توان رسید")
    assert "زودترین رسیدن" in message and is_persian(message)


def test_a_pin_that_breaks_a_window_is_blamed_on_the_pin():
    stops = salimi_stops()
    late = stops[-1]  # opens 11:30; first, it leaves no time for the unit closing at 13:00
    plan = plan_stage(START, minutes("08:00"), minutes("16:00"), stops, 30, {late.key: 1})
    assert not plan.feasible
    assert plan.problems == [
        (
            "ترتیب سنجاق‌شده («ماشین‌سازی سلیمی (نمونه)» در جایگاه ۱) با ساعت‌های کاری واحدها "
            "جور نمی‌شود؛ بدون آن برنامه‌ریزی ممکن است."
        )
    ]


def test_a_day_too_short_names_the_visits_to_drop():
    stops = salimi_stops(duration=60)
    plan = plan_stage(START, minutes("08:00"), minutes("14:05"), stops, 30)
    assert not plan.feasible
    assert len(plan.problems) == 1
    assert plan.problems[0].startswith(
        "هیچ ترتیبی از بازدیدها با ساعت‌های کاری واحدها و زمان پایان مرحله (۱۴:۰۵) "
        "جور نمی‌شود؛ با حذف یکی از این بازدیدها ممکن می‌شود: «فولاد سلیمی (نمونه)»"
    )


def test_pins_outside_the_day_or_twice_the_same_place_are_refused():
    stops = salimi_stops()[:3]
    assert "دو بازدید به یک جایگاه سنجاق شده‌اند." in itinerary.explain(START, 480, 960, stops, 30, {0: 1, 1: 1})
    assert "جایگاه سنجاق‌شده باید بین ۱ و ۳ باشد." in itinerary.explain(START, 480, 960, stops, 30, {0: 4})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_plan_is_feasible_exactly_when_some_order_is(data):
    count = data.draw(st.integers(1, 5))
    stops = []
    for key in range(count):
        opens = data.draw(st.integers(8 * 4, 14 * 4)) * 15
        closes = opens + data.draw(st.integers(2, 24)) * 15
        stops.append(
            Stop(
                key,
                f"واحد {key}",
                START[0] + data.draw(st.floats(-0.1, 0.1)),
                START[1] + data.draw(st.floats(-0.1, 0.1)),
                data.draw(st.sampled_from([20, 30, 45, 60])),
                opens,
                closes,
            )
        )
    pinned = {}
    if data.draw(st.booleans()):
        pinned[data.draw(st.integers(0, count - 1))] = data.draw(st.integers(1, count))
    day_end = data.draw(st.sampled_from([14 * 60, 16 * 60, 18 * 60]))
    plan = plan_stage(START, 8 * 60, day_end, stops, 30, pinned)
    assert plan.feasible == feasible_by_brute_force(stops, 8 * 60, day_end, 30, pinned)
    if plan.feasible:
        assert_respects(plan, stops, 8 * 60, day_end, 30, pinned)
    else:
        assert plan.problems and all(is_persian(p) for p in plan.problems)


# ---------------------------------------------------------------- stored on the stage


def test_planning_a_stage_stores_times_inside_every_units_hours(stage, visits):
    plan = services.plan_itinerary(stage)
    assert plan.feasible
    stage.refresh_from_db()
    assert stage.planned_at is not None and stage.plan_problems == []
    stored = list(stage.visits.order_by("position"))
    assert [v.position for v in stored] == [1, 2, 3, 4, 5, 6]
    for visit in stored:
        assert visit.opens <= visit.arrival < visit.departure <= visit.closes
        assert (
            visit.departure
            == (dt.datetime.combine(stage.date, visit.arrival) + dt.timedelta(minutes=visit.duration_minutes)).time()
        )
    assert stage.start_time <= stored[0].arrival and stored[-1].departure <= stage.end_time


def test_an_impossible_stage_keeps_persian_problems_and_no_times(stage, visits):
    services.plan_itinerary(stage)
    visits[-1].pinned_position = 1
    visits[-1].save()
    plan = services.plan_itinerary(stage)
    assert not plan.feasible
    stage.refresh_from_db()
    assert stage.plan_problems == [
        (
            "ترتیب سنجاق‌شده («ماشین‌سازی سلیمی (نمونه)» در جایگاه ۱) با ساعت‌های کاری "
            "واحدها جور نمی‌شود؛ بدون آن برنامه‌ریزی ممکن است."
        )
    ]
    assert not stage.visits.filter(arrival__isnull=False).exists()


def test_changing_the_visits_forgets_the_old_schedule(stage, visits):
    services.plan_itinerary(stage)
    services.clear_plan(stage)
    stage.refresh_from_db()
    assert stage.planned_at is None and not stage.visits.filter(position__isnull=False).exists()
