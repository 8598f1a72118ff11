"""The Curtois & Qu reader on the shipped instance files."""

import pytest

from bench.curtois import (
    BEST_KNOWN,
    DATA_DIR,
    InstanceFormatError,
    load_instance,
    parse,
)


def test_instance1_counts():
    p = load_instance(1)
    assert p.horizon == 14
    assert [(s.id, s.minutes, s.banned_next) for s in p.shifts] == [("D", 480, frozenset())]
    assert [e.id for e in p.employees] == list("ABCDEFGH")
    a = p.employees[0]
    assert (a.max_shifts, a.max_minutes, a.min_minutes) == ({"D": 14}, 4320, 3360)
    assert (a.max_consecutive, a.min_consecutive, a.min_consecutive_off, a.max_weekends) == (5, 2, 2, 1)
    assert a.days_off == frozenset({0})
    assert sum(r.on for r in p.requests) == 21 and sum(not r.on for r in p.requests) == 5
    assert len(p.cover) == 14 and p.cover[1].required == 7
    assert (p.cover[0].under_weight, p.cover[0].over_weight) == (100, 1)
    assert p.weekends() == [(5, 6), (12, 13)]
    assert p.meta["best_known"] == 607 == BEST_KNOWN[1]


def test_banned_successions_and_zero_limits():
    p = load_instance(5)
    shifts = {s.id: s for s in p.shifts}
    assert shifts["L"].banned_next == frozenset({"E"}) and shifts["E"].banned_next == frozenset()
    assert p.employees[0].max_shifts["L"] == 0 and not p.employees[0].may_work("L")


def test_every_shipped_instance_parses():
    sizes = {n: (len(p.employees), p.horizon) for n, p in ((n, load_instance(n)) for n in (1, 12, 24))}
    assert sizes == {1: (8, 14), 12: (60, 28), 24: (150, 364)}
    assert len(list(DATA_DIR.glob("Instance*.txt"))) == 24


def test_malformed_staff_line_is_reported():
    text = "SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,480,\nSECTION_STAFF\nA,D=7,100\n"
    with pytest.raises(InstanceFormatError, match="8"):
        parse(text)
