"""An attacker of the published statistics: reads every table a month publishes (reporting.areas.build with suppression,
the same builder the public page, the API, the Excel exports and the press kit use) for every area and division
filter, writes down what anyone knows about how the tables add up, and solves linear programmes for the tightest
bounds of each hidden cell. It is written from the published rows alone, not from disclosure.py's table model.

What the attacker knows: every published figure; that a total is the sum of its children (area = sum of the
child areas listed under it; an area's all-divisions figure = sum of its division rows; exports by country and by
HS chapter add up to the same total); that an area or division with no row has nothing; that figures are
non-negative. Trade "outside estates" is not an area of its own, so it is an unknown (zero if the stat table shows
no unit outside estates there).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ortools.linear_solver import pywraplp

from rownaq.places.models import County, Estate, Province
from rownaq.reporting import areas as area_stats
from rownaq.reporting import publication
from rownaq.reporting.models import StatCell

STAT_VARIABLES = ("employees", "utilisation_sum")


@dataclass
class Publication:
    """Cells (name -> published value or None when hidden), true values, and relations total = sum(parts)."""

    published: dict = field(default_factory=dict)
    true: dict = field(default_factory=dict)
    relations: set = field(default_factory=set)
    latent: set = field(default_factory=set)  # unknowns no table shows
    zero: set = field(default_factory=set)  # latent cells known to be empty

    units: dict = field(default_factory=dict)

    def cell(self, name, shown, whole, units):
        self.published[name] = shown
        self.true[name] = whole
        self.units[name] = units

    def relate(self, total, parts):
        self.relations.add((total, tuple(sorted(parts, key=repr))))


def areas(month) -> list[area_stats.Area]:
    """Every area with accepted reports in the month."""
    cells = StatCell.objects.filter(period_index=month.index, units__gt=0)
    found = [area_stats.Area("national", None)]
    for level, model, column in (
        ("province", Province, "province_id"),
        ("county", County, "county_id"),
        ("estate", Estate, "estate_id"),
    ):
        ids = set(cells.values_list(column, flat=True)) - {0}
        found += [area_stats.Area(level, place) for place in model.objects.filter(pk__in=ids).order_by("pk")]
    return found


def _node(area: area_stats.Area):
    return (area.level, area.place_id)


def read(month) -> Publication:
    """Everything the month publishes, as the attacker sees it, and the truth to judge the attack by. (A trend's
    other months are those months' own cells: each month is read, and attacked, on its own.)"""
    trend_months, area_stats.TREND_MONTHS = area_stats.TREND_MONTHS, 1
    try:
        return _read(month)
    finally:
        area_stats.TREND_MONTHS = trend_months


def _read(month) -> Publication:
    pub = Publication()
    for area in areas(month):
        whole = whole_all = area_stats.build(area, month, "", suppressed=False)
        shown = area_stats.build(area, month, "", suppressed=True)
        filters = [""] + [row["key"] for row in whole["divisions"] if row["key"] != ""]
        # A unit without an ISIC class is a division row but no filter reaches it: its trade is unknown.
        unclassified = any(row["key"] == "" for row in whole["divisions"])
        _divisions(pub, area, whole, shown)
        for division in filters:
            if division:
                whole = area_stats.build(area, month, division, suppressed=False)
                shown = area_stats.build(area, month, division, suppressed=True)
            _stats(pub, area, division, whole, shown)
            _trade(pub, area, division, whole, shown)
        _trade_divisions(pub, area, filters[1:], unclassified, whole_all)
    return pub


def _stat_name(place, division, variable):
    return ("stat", place, division, variable)


def _divisions(pub, area, whole, shown):
    for variable in STAT_VARIABLES:
        total = _stat_name(_node(area), "", variable)
        parts = []
        for full, row in zip(whole["divisions"], shown["divisions"]):
            name = _stat_name(_node(area), ("division", full["key"]), variable)
            pub.cell(name, row[variable], full[variable], full["units"])
            parts.append(name)
        if parts:
            pub.relate(total, parts)


def _stats(pub, area, division, whole, shown):
    filter_node = ("division", division) if division else ""
    for variable in STAT_VARIABLES:
        name = _stat_name(_node(area), filter_node, variable)
        pub.cell(name, shown["current"][variable], whole["current"][variable], whole["current"]["units"])
        parts = []
        for full, row in zip(whole["children"], shown["children"]):
            child = (whole["child_level"], full["key"]) if full["key"] else ("outside", area.place_id)
            part = _stat_name(child, filter_node, variable)
            pub.cell(part, row[variable], full[variable], full["units"])
            parts.append(part)
        if parts:
            pub.relate(name, parts)


TRADE_TABLES = (
    ("exports", "export", "country"),
    ("export_chapters", "export", "chapter"),
    ("imports", "import", "chapter"),
)


def _trade_name(flow, by, key, currency, place, division):
    return ("trade", flow, by, key, currency, place, division)


def _trade(pub, area, division, whole, shown):
    filter_node = ("division", division) if division else ""
    totals = defaultdict(list)
    for table, flow, by in TRADE_TABLES:
        for full, row in zip(whole[table], shown[table]):
            name = _trade_name(flow, by, full["key"], full["currency"], _node(area), filter_node)
            pub.cell(name, row["value"], full["value"], full["units"])
            totals[(flow, by, full["currency"])].append(name)
    for (flow, by, currency), parts in totals.items():
        if flow == "export" and by == "country":
            total = ("trade-total", flow, currency, _node(area), filter_node)
            pub.latent.add(total)
            pub.true[total] = sum(whole_value(pub, p) for p in parts)
            pub.relate(total, parts)
            pub.relate(total, totals.get((flow, "chapter", currency), []))
    # Place relations: this area's trade = its child areas' trade (+ outside estates, unknown, for a county).
    if area.level == "estate":
        return
    child_level = area_stats.CHILD_LEVEL[area.level]
    children = [row["key"] for row in whole["children"]]
    for table, flow, by in TRADE_TABLES:
        for full in whole[table]:
            total = _trade_name(flow, by, full["key"], full["currency"], _node(area), filter_node)
            parts = [
                _trade_name(flow, by, full["key"], full["currency"], (child_level, key), filter_node)
                for key in children
                if key
            ]
            if area.level == "county":
                outside = ("trade-outside", flow, by, full["key"], full["currency"], area.place_id, filter_node)
                pub.latent.add(outside)
                if 0 not in children:
                    pub.zero.add(outside)
                parts.append(outside)
            pub.relate(total, parts)


def _trade_divisions(pub, area, divisions, unclassified, whole):
    """An area's trade over all divisions = the sum of its trade with each division filter (plus, for units
    without an ISIC class, an unknown)."""
    for table, flow, by in TRADE_TABLES:
        for full in whole[table]:
            total = _trade_name(flow, by, full["key"], full["currency"], _node(area), "")
            parts = [
                _trade_name(flow, by, full["key"], full["currency"], _node(area), ("division", d)) for d in divisions
            ]
            if unclassified:
                rest = ("trade-unclassified", flow, by, full["key"], full["currency"], _node(area))
                pub.latent.add(rest)
                parts.append(rest)
            pub.relate(total, parts)


def whole_value(pub, name):
    return float(pub.true.get(name) or 0)


def bounds(pub: Publication, variables=None) -> dict:
    """The tightest interval the attacker gets for every hidden cell (LP over unknowns, published cells fixed,
    cells named in a relation but shown nowhere are zero)."""
    hidden = {name for name, value in pub.published.items() if value is None} | (pub.latent - pub.zero)
    by_variable = defaultdict(list)
    for total, parts in pub.relations:
        by_variable[_variable_of(total, parts)].append((total, parts))
    answer = {}
    for relations in by_variable.values():
        solver = pywraplp.Solver.CreateSolver("GLOP")
        # A finite cap keeps every LP bounded; it is far above any figure, so reaching it means "no upper bound".
        cap = 2 * max(abs(whole_value(pub, name)) for total, parts in relations for name in (total, *parts)) + 1
        unknown = {}

        def term(name):
            if name in hidden:
                if name not in unknown:  # noqa: B023 (called in this iteration only)
                    unknown[name] = solver.NumVar(0, cap, "")  # noqa: B023 (called in this iteration only)
                return unknown[name], 0.0  # noqa: B023 (called in this iteration only)
            return None, float(pub.published.get(name) or 0)

        for total, parts in relations:
            constant, coefficients = 0.0, defaultdict(int)
            for name, sign in [(total, 1)] + [(part, -1) for part in parts]:
                var, value = term(name)
                if var is None:
                    constant += sign * value
                else:
                    coefficients[var] += sign
            if any(coefficients.values()):  # a relation of published cells only tells nothing new
                row = solver.Constraint(-constant, -constant)
                for var, coefficient in coefficients.items():
                    row.SetCoefficient(var, coefficient)
        # Each LP differs from the last only in its objective: start from the last basis.
        parameters = pywraplp.MPSolverParameters()
        parameters.SetIntegerParam(parameters.PRESOLVE, parameters.PRESOLVE_OFF)
        parameters.SetIntegerParam(parameters.INCREMENTALITY, parameters.INCREMENTALITY_ON)
        objective = solver.Objective()
        for name, var in unknown.items():
            if name in pub.latent:
                continue
            interval = []
            for maximise in (False, True):
                objective.Clear()
                objective.SetCoefficient(var, 1)
                objective.SetOptimizationDirection(maximise)
                status = solver.Solve(parameters)
                assert status == pywraplp.Solver.OPTIMAL, (name, status)
                interval.append(var.solution_value())
            answer[name] = tuple(interval)
    return answer


def _variable_of(total, parts):
    if total[0] == "stat":
        return total[3]
    if total[0] == "trade-total" or total[0] == "trade":
        return "value"
    return "value"


def publication_key(name):
    """The name publication.py gives the cell the attacker calls `name` (to ask why it is hidden)."""
    nodes = {"national": lambda i: publication.NATIONAL, "outside": lambda i: ("e0", i)}

    def place(node):
        level, place_id = node
        return nodes[level](place_id) if level in nodes else (level[0], place_id)

    def division(node):
        return publication.TOTAL_DIVISION if node == "" else node[1]

    if name[0] == "stat":
        return publication.stat_key(place(name[1]), division(name[2]))
    _, flow, by, key, currency, area, filter_node = name
    return publication.trade_key(flow, currency, place(area), division(filter_node), by, key)


def check(pub: Publication, sensitive: set, percent: float) -> list[str]:
    """Every sensitive hidden cell's interval must reach percent% below and above its true value."""
    found = bounds(pub)
    failures = []
    for name in sensitive:
        if name not in found:
            failures.append(f"{name}: published")
            continue
        low, high = found[name]
        value = whole_value(pub, name)
        margin = value * percent / 100
        slack = 1e-6 * max(1.0, value)
        if low > value - margin + slack or high < value + margin - slack:
            failures.append(f"{name}: true {value}, attacker's bounds [{low:.3f}, {high:.3f}]")
    return failures


def violated(pub: Publication) -> list:
    """Relations the true figures do not satisfy (a wrong model of the tables, not an attack)."""
    bad = []
    for total, parts in pub.relations:
        if pub.latent & {total, *parts}:
            continue
        value = whole_value(pub, total) - sum(whole_value(pub, part) for part in parts)
        if abs(value) > 1e-6 * max(1.0, whole_value(pub, total)):
            bad.append((total, parts, value))
    return bad
