"""Reader for the Curtois & Qu shift-scheduling benchmark text format (schedulingbenchmarks.org, Instance1..24).

Readings that reproduce the published optima (see the calibration notes): days start at 0 on a Monday, so a
weekend is days 7k+5 and 7k+6; minimum run lengths bind only runs strictly inside the horizon; `X=0` in
MaxShifts means never X; days off are hard.
"""

from __future__ import annotations

from pathlib import Path

from rownaq.shifts.problem import CoverRequirement, Employee, RosterProblem, Shift, ShiftRequest

DATA_DIR = Path(__file__).with_name("data") / "curtois"

# Best published objective value of each instance, and where it comes from (BEST_KNOWN_SOURCE). 1-12: the best
# known (optimal) values of schedulingbenchmarks.org. 13-19: the best value found in the published 60-minute
# comparisons (Curtois & Qu 2014's tables of Gurobi, branch and price and an ejection chain; Rahimian, Akartunali
# & Levine 2017's IP+VNS hybrid; ORProjects/NRP for 18 and 19), as tabulated side by side in the ORProjects/NRP
# repository (ComputationalResults/README.md); the benchmark site's own table, which lists proved optima for
# 1-22, could not be read from here, so these are upper bounds of the site's values. 20-24: no value from a
# source was found; they are left out rather than guessed.
BEST_KNOWN = {
    1: 607,
    2: 828,
    3: 1001,
    4: 1716,
    5: 1143,
    6: 1950,
    7: 1056,
    8: 1300,
    9: 439,
    10: 4631,
    11: 3443,
    12: 4040,
    13: 1905,
    14: 1279,
    15: 3928,
    16: 3225,
    17: 5750,
    18: 4650,
    19: 3218,
}
_SITE = "schedulingbenchmarks.org (best known)"
_VNS = "Rahimian, Akartunali & Levine 2017 (IP+VNS, 60 min), via ORProjects/NRP's table"
_ORP = "ORProjects/NRP (60 min), GitHub; not peer-reviewed"
BEST_KNOWN_SOURCE = {
    **dict.fromkeys(range(1, 13), _SITE),
    13: _VNS,
    14: _VNS,
    15: _VNS,
    16: "Rahimian et al. 2017 and ORProjects/NRP (60 min); lower bound 3224 by this engine",
    17: _VNS,
    18: _ORP,
    19: _ORP,
}


class InstanceFormatError(ValueError):
    pass


def _sections(text: str) -> dict[str, list[list[str]]]:
    sections: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            current = sections.setdefault(line, [])
            continue
        if current is None:
            raise InstanceFormatError(f"line {number}: data before any SECTION_ header")
        current.append([field.strip() for field in line.split(",")])
    return sections


def parse(text: str, name: str = "instance") -> RosterProblem:
    sections = _sections(text)
    try:
        horizon = int(sections["SECTION_HORIZON"][0][0])
        shift_rows = sections["SECTION_SHIFTS"]
        staff_rows = sections["SECTION_STAFF"]
    except (KeyError, IndexError, ValueError) as exc:
        raise InstanceFormatError(f"{name}: missing or malformed horizon, shifts or staff section") from exc

    shifts = tuple(
        Shift(
            id=row[0],
            minutes=int(row[1]),
            banned_next=frozenset(s for s in (row[2].split("|") if len(row) > 2 else []) if s),
        )
        for row in shift_rows
    )
    shift_ids = {s.id for s in shifts}

    days_off: dict[str, set[int]] = {}
    for row in sections.get("SECTION_DAYS_OFF", []):
        days_off.setdefault(row[0], set()).update(int(day) for day in row[1:] if day != "")

    employees = []
    for row in staff_rows:
        if len(row) != 8:
            raise InstanceFormatError(f"{name}: staff line for {row[0]!r} has {len(row)} fields, expected 8")
        max_shifts = {}
        for item in filter(None, row[1].split("|")):
            shift_id, _, limit = item.partition("=")
            if shift_id not in shift_ids:
                raise InstanceFormatError(f"{name}: staff {row[0]} limits unknown shift {shift_id!r}")
            max_shifts[shift_id] = int(limit)
        employees.append(
            Employee(
                id=row[0],
                max_shifts=max_shifts,
                max_minutes=int(row[2]),
                min_minutes=int(row[3]),
                max_consecutive=int(row[4]),
                min_consecutive=int(row[5]),
                min_consecutive_off=int(row[6]),
                max_weekends=int(row[7]),
                days_off=frozenset(days_off.get(row[0], ())),
            )
        )

    requests = []
    for section, on in (("SECTION_SHIFT_ON_REQUESTS", True), ("SECTION_SHIFT_OFF_REQUESTS", False)):
        for row in sections.get(section, []):
            requests.append(ShiftRequest(employee=row[0], day=int(row[1]), shift=row[2], weight=int(row[3]), on=on))

    cover = tuple(
        CoverRequirement(
            day=int(row[0]), shift=row[1], required=int(row[2]), under_weight=int(row[3]), over_weight=int(row[4])
        )
        for row in sections.get("SECTION_COVER", [])
    )
    return RosterProblem(
        name=name, horizon=horizon, shifts=shifts, employees=tuple(employees), requests=tuple(requests), cover=cover
    )


def load(path: str | Path) -> RosterProblem:
    path = Path(path)
    return parse(path.read_text(encoding="ascii"), name=path.stem)


def load_instance(number: int) -> RosterProblem:
    """Instance1..Instance24 as shipped with Rownaq."""
    problem = load(DATA_DIR / f"Instance{number}.txt")
    problem.meta["best_known"] = BEST_KNOWN.get(number)
    problem.meta["number"] = number
    return problem
