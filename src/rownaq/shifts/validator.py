"""An independent checker of a roster: hard-rule violations and the objective, recomputed from scratch.

Written apart from the solver on purpose (plain loops over each employee's line of days, no shared constraint
code), so that a bug in the model shows up here as a violation or an objective mismatch.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .problem import OFF, RosterProblem


@dataclass(frozen=True)
class Violation:
    rule: str
    employee: str | None
    day: int | None
    detail: str = ""


@dataclass
class Evaluation:
    violations: list[Violation]
    objective: int
    parts: dict[str, int] = field(default_factory=dict)

    @property
    def feasible(self) -> bool:
        return not self.violations


def _runs(line: list[bool]) -> list[tuple[bool, int, int]]:
    """Maximal runs of equal values as (value, first day, length)."""
    runs = []
    start = 0
    for day in range(1, len(line) + 1):
        if day == len(line) or line[day] != line[start]:
            runs.append((line[start], start, day - start))
            start = day
    return runs


def check(problem: RosterProblem, roster) -> Evaluation:
    violations: list[Violation] = []
    horizon = problem.horizon
    shifts = {s.id: s for s in problem.shifts}

    if len(roster) != len(problem.employees):
        violations.append(
            Violation("shape", None, None, f"{len(roster)} roster lines for {len(problem.employees)} employees")
        )
        return Evaluation(violations, objective=-1)

    for employee, line in zip(problem.employees, roster):
        who = employee.id
        if len(line) != horizon:
            violations.append(Violation("shape", who, None, f"{len(line)} days instead of {horizon}"))
            continue
        unknown = [(d, s) for d, s in enumerate(line) if s is not OFF and s not in shifts]
        for day, shift_id in unknown:
            violations.append(Violation("unknown_shift", who, day, f"shift {shift_id!r}"))
        if unknown:
            continue

        worked = [s is not OFF for s in line]

        for day in sorted(employee.days_off):
            if 0 <= day < horizon and worked[day]:
                violations.append(Violation("day_off", who, day, f"works {line[day]} on a day off"))

        for shift_id, limit in employee.max_shifts.items():
            count = line.count(shift_id)
            if count > limit:
                violations.append(Violation("max_shifts", who, None, f"{count} x {shift_id}, limit {limit}"))

        minutes = sum(shifts[s].minutes for s in line if s is not OFF)
        if minutes > employee.max_minutes:
            violations.append(Violation("max_minutes", who, None, f"{minutes} > {employee.max_minutes}"))
        if minutes < employee.min_minutes:
            violations.append(Violation("min_minutes", who, None, f"{minutes} < {employee.min_minutes}"))

        for is_work, first, length in _runs(worked):
            last = first + length - 1
            inside = first > 0 and last < horizon - 1  # a run touching either end of the horizon is exempt
            exempt = problem.boundary_runs_exempt and not inside
            if is_work:
                if length > employee.max_consecutive:
                    violations.append(
                        Violation("max_consecutive", who, first, f"{length} working days from day {first}")
                    )
                if length < employee.min_consecutive and not exempt:
                    violations.append(
                        Violation("min_consecutive", who, first, f"{length} working days from day {first}")
                    )
            elif length < employee.min_consecutive_off and not exempt:
                violations.append(Violation("min_consecutive_off", who, first, f"{length} days off from day {first}"))

        weekends_worked = [days for days in problem.weekends() if any(worked[d] for d in days)]
        if len(weekends_worked) > employee.max_weekends:
            violations.append(
                Violation("max_weekends", who, None, f"{len(weekends_worked)} weekends, limit {employee.max_weekends}")
            )

        for day in range(horizon - 1):
            today, tomorrow = line[day], line[day + 1]
            if today is not OFF and tomorrow is not OFF and tomorrow in shifts[today].banned_next:
                violations.append(Violation("banned_succession", who, day, f"{today} then {tomorrow}"))

        for limit in employee.window_limits:
            for first in range(max(1, horizon - limit.days + 1)):
                window = line[first : first + limit.days]
                window_minutes = sum(shifts[s].minutes for s in window if s is not OFF)
                if window_minutes > limit.max_minutes:
                    violations.append(
                        Violation(
                            "window_minutes", who, first, f"{window_minutes} min in {limit.days} days from day {first}"
                        )
                    )

        for limit in employee.run_limits:
            on_set = [s is not OFF and s in limit.shifts for s in line]
            for is_on, first, length in _runs(on_set):
                if is_on and length > limit.max_days:
                    violations.append(
                        Violation(
                            "run_limit",
                            who,
                            first,
                            f"{length} days in a row on {sorted(limit.shifts)} from day {first}",
                        )
                    )

    by_id = {e.id: i for i, e in enumerate(problem.employees)}
    parts = {"on_requests": 0, "off_requests": 0, "under_cover": 0, "over_cover": 0, "successions": 0, "balances": 0}
    for request in problem.requests:
        cell = roster[by_id[request.employee]][request.day]
        if request.on and cell != request.shift:
            parts["on_requests"] += request.weight
        if not request.on and cell == request.shift:
            parts["off_requests"] += request.weight
    for requirement in problem.cover:
        staffed = sum(1 for line in roster if line[requirement.day] == requirement.shift)
        if staffed < requirement.required:
            parts["under_cover"] += (requirement.required - staffed) * requirement.under_weight
        if staffed > requirement.required:
            parts["over_cover"] += (staffed - requirement.required) * requirement.over_weight
    for rule in problem.successions:
        for line in roster:
            parts["successions"] += rule.weight * sum(
                1 for a, b in zip(line, line[1:]) if a == rule.before and b == rule.after
            )
    for balance in problem.balances:
        for employee, line in zip(problem.employees, roster):
            if employee.id in balance.targets:
                count = sum(1 for day, s in enumerate(line) if s in balance.shifts and day in balance.days)
                parts["balances"] += balance.weight * max(0, count - balance.targets[employee.id])
    return Evaluation(violations, objective=sum(parts.values()), parts=parts)
