"""Ordering a tour stage's visits: a vehicle leaves the meeting point at the start time, visits every unit inside
its opening hours for its visit duration, and is back by the end time. OR-Tools routing with time windows; the
organizer may pin visits to positions and the solver fills the rest. Pure: no Django.

When no order works, `explain()` says why in Persian, naming the visit and the rule (its window cannot be reached,
its window is shorter than the visit, the pinned order breaks a window, or the day is simply too short).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from rownaq.core.persian import to_persian_digits

ROAD_FACTOR = 1.3  # roads are longer than the straight line between two points


@dataclass(frozen=True)
class Stop:
    key: object
    name: str
    lat: float
    lon: float
    duration: int  # minutes on site
    opens: int  # minutes after midnight
    closes: int  # the visit must end by this time


@dataclass
class Plan:
    feasible: bool
    order: list[object] = field(default_factory=list)
    arrivals: dict = field(default_factory=dict)  # key -> minutes after midnight
    departures: dict = field(default_factory=dict)
    return_time: int | None = None
    travel_minutes: int = 0
    problems: list[str] = field(default_factory=list)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def travel_minutes(a, b, speed_kmh: float) -> int:
    return math.ceil(distance_km(a, b) * ROAD_FACTOR / speed_kmh * 60)


def clock(minutes: int) -> str:
    """Minutes since midnight as a 24-hour time for a Persian message, «۰۸:۳۰»."""
    return to_persian_digits(f"{minutes // 60:02d}:{minutes % 60:02d}")


def _matrix(start, stops: list[Stop], speed: float) -> list[list[int]]:
    points = [start] + [(s.lat, s.lon) for s in stops]
    return [[0 if i == j else travel_minutes(p, q, speed) for j, q in enumerate(points)] for i, p in enumerate(points)]


def plan_stage(
    start: tuple[float, float],
    day_start: int,
    day_end: int,
    stops: list[Stop],
    speed_kmh: float = 40,
    pinned: dict[object, int] | None = None,
    time_limit_s: float = 5.0,
) -> Plan:
    """pinned: {stop key: 1-based position}. Minimises total travel subject to every window."""
    pinned = pinned or {}
    problems = explain(start, day_start, day_end, stops, speed_kmh, pinned)
    if problems:
        return Plan(False, problems=problems)
    if not stops:
        return Plan(True, return_time=day_start)
    matrix = _matrix(start, stops, speed_kmh)
    manager = pywrapcp.RoutingIndexManager(len(matrix), 1, 0)
    routing = pywrapcp.RoutingModel(manager)

    def transit(i, j):
        a, b = manager.IndexToNode(i), manager.IndexToNode(j)
        service = stops[a - 1].duration if a else 0
        return matrix[a][b] + service

    def travel_only(i, j):
        return matrix[manager.IndexToNode(i)][manager.IndexToNode(j)]

    time_cb = routing.RegisterTransitCallback(transit)
    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(travel_only))
    routing.AddDimension(time_cb, day_end - day_start, day_end, False, "time")
    time = routing.GetDimensionOrDie("time")
    start_index = routing.Start(0)
    time.CumulVar(start_index).SetRange(day_start, day_start)
    time.CumulVar(routing.End(0)).SetRange(day_start, day_end)
    for n, stop in enumerate(stops, start=1):
        # Arrival (= start of the visit, after any wait) must leave room to finish before closing.
        time.CumulVar(manager.NodeToIndex(n)).SetRange(stop.opens, stop.closes - stop.duration)
    if pinned:
        routing.AddConstantDimension(1, len(stops) + 1, True, "position")
        position = routing.GetDimensionOrDie("position")
        for n, stop in enumerate(stops, start=1):
            if stop.key in pinned:
                position.CumulVar(manager.NodeToIndex(n)).SetValue(pinned[stop.key])
    routing.AddVariableMinimizedByFinalizer(time.CumulVar(routing.End(0)))
    # A day's handful of visits is usually solved by greedy descent in milliseconds; guided local search runs
    # until its time limit whatever it finds, so it is kept for the cases the quick search cannot solve.
    quick = pywrapcp.DefaultRoutingSearchParameters()
    quick.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    quick.time_limit.FromMilliseconds(int(time_limit_s * 1000))
    solution = routing.SolveWithParameters(quick)
    if solution is None:
        thorough = pywrapcp.DefaultRoutingSearchParameters()
        thorough.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
        thorough.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
        thorough.time_limit.FromMilliseconds(int(time_limit_s * 1000))
        solution = routing.SolveWithParameters(thorough)
    if solution is None:
        return Plan(False, problems=_diagnose(start, day_start, day_end, stops, speed_kmh, pinned))
    plan = Plan(True)
    index = solution.Value(routing.NextVar(start_index))
    previous = 0
    while not routing.IsEnd(index):
        node = manager.IndexToNode(index)
        stop = stops[node - 1]
        arrival = solution.Min(time.CumulVar(index))
        plan.order.append(stop.key)
        plan.arrivals[stop.key] = arrival
        plan.departures[stop.key] = arrival + stop.duration
        plan.travel_minutes += matrix[previous][node]
        previous = node
        index = solution.Value(routing.NextVar(index))
    plan.travel_minutes += matrix[previous][0]
    plan.return_time = solution.Min(time.CumulVar(index))
    return plan


def explain(
    start, day_start: int, day_end: int, stops: list[Stop], speed_kmh: float, pinned: dict[object, int] | None = None
) -> list[str]:
    """Reasons no plan can exist that are visible one stop (or one pin) at a time; empty when none is found."""
    problems = []
    if day_end <= day_start:
        problems.append("زمان پایان مرحله باید پس از زمان شروع باشد.")
    if speed_kmh <= 0:
        problems.append("سرعت حرکت باید بیشتر از صفر باشد.")
        return problems
    for stop in stops:
        out = travel_minutes(start, (stop.lat, stop.lon), speed_kmh)
        if stop.closes - stop.opens < stop.duration:
            problems.append(
                f"ساعت کاری «{stop.name}» ({clock(stop.opens)} تا {clock(stop.closes)}) از مدت بازدید "
                f"({to_persian_digits(stop.duration)} دقیقه) کوتاه‌تر است."
            )
            continue
        earliest = max(day_start + out, stop.opens)
        if earliest + stop.duration > stop.closes:
            problems.append(
                f"به «{stop.name}» پیش از پایان ساعت کاری‌اش ({clock(stop.closes)}) نمی‌توان رسید: "
                f"زودترین رسیدن {clock(day_start + out)} است."
            )
        elif earliest + stop.duration + out > day_end:
            problems.append(f"بازدید از «{stop.name}» و بازگشت تا {clock(day_end)} ممکن نیست.")
    pinned = pinned or {}
    positions = sorted(pinned.values())
    if len(set(positions)) != len(positions):
        problems.append("دو بازدید به یک جایگاه سنجاق شده‌اند.")
    if positions and (positions[0] < 1 or positions[-1] > len(stops)):
        problems.append(f"جایگاه سنجاق‌شده باید بین ۱ و {to_persian_digits(len(stops))} باشد.")
    total = sum(s.duration for s in stops)
    if not problems and day_start + total > day_end:
        problems.append(f"مجموع مدت بازدیدها ({to_persian_digits(total)} دقیقه) از طول مرحله بیشتر است.")
    return problems


def _diagnose(start, day_start, day_end, stops, speed_kmh, pinned) -> list[str]:
    """Why the whole set fails when each stop alone is fine: the pins, or which single visit to drop."""
    quick = 1.0
    if pinned and plan_stage(start, day_start, day_end, stops, speed_kmh, None, quick).feasible:
        names = "، ".join(f"«{s.name}» در جایگاه {to_persian_digits(pinned[s.key])}" for s in stops if s.key in pinned)
        return [f"ترتیب سنجاق‌شده ({names}) با ساعت‌های کاری واحدها جور نمی‌شود؛ بدون آن برنامه‌ریزی ممکن است."]
    droppable = []
    for stop in stops:
        rest = [s for s in stops if s.key != stop.key]
        rest_pins = {k: v for k, v in (pinned or {}).items() if k != stop.key and v <= len(rest)}
        if plan_stage(start, day_start, day_end, rest, speed_kmh, rest_pins, quick).feasible:
            droppable.append(stop.name)
    message = f"هیچ ترتیبی از بازدیدها با ساعت‌های کاری واحدها و زمان پایان مرحله ({clock(day_end)}) جور نمی‌شود"
    if droppable:
        return [message + "؛ با حذف یکی از این بازدیدها ممکن می‌شود: " + "، ".join(f"«{n}»" for n in droppable)]
    return [message + "؛ چند بازدید را حذف یا مدت بازدیدها را کوتاه‌تر کنید."]
