"""Statistical disclosure control of published tables: primary suppression (threshold and p% dominance rules) and
secondary suppression (an LP per sensitive cell, the way tau-argus' and sdcTable's LP heuristics do it). Pure: no
Django; reporting/publication.py feeds it the month's contributions and applies its answer.

A *table set* is cells linked by additive relations (a total equals the sum of its parts), built here from
per-unit contributions classified along hierarchies (place: province > county > estate; ISIC division; country or
HS chapter). Every cell that any published table shows is in it once, whichever page or export shows it, so one
pattern answers the public page, the API, the Excel files and the press kit alike.

Primary rules, for a cell with n > 0 contributing units:
- threshold: n < min_units;
- p% rule, for each magnitude variable: X - x1 - x2 < p/100 * x1 (x1 >= x2 the two largest contributions), i.e.
  the second-largest contributor could estimate the largest to within p% by subtracting its own figure.
Secondary suppression: every sensitive cell must keep a *protection interval* of +-q% of its value (q >= p): an
attacker who knows every published cell, every relation and that figures are non-negative must not be able to
bound it more tightly. For each sensitive cell, variable and direction, a min-cost LP finds a perturbation of the
table that moves the cell by q% while keeping every relation, moving published cells only at a cost; the published
cells it moves are suppressed too. The perturbation then stays consistent with everything published, so the
attacker's bound is at least q% away (Fischetti & Salazar's LP model, solved one cell at a time, as the heuristic
of Kelly, Golden and Assad does). Cost of hiding a cell: 1 + its units, so small cells are hidden before totals.
A perturbation, once all its cells are hidden, also protects every other sensitive cell it moves far enough
(scaled either way as far as no cell goes below zero), so most sensitive cells need no LP of their own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from ortools.linear_solver import pywraplp

THRESHOLD = "threshold"
DOMINANCE = "dominance"
SECONDARY = "secondary"
PRIMARY = (THRESHOLD, DOMINANCE)


@dataclass(frozen=True)
class Rules:
    min_units: int = 3  # threshold rule: a cell needs at least this many units
    p_percent: float = 10.0  # p% dominance rule
    protection_percent: float = 15.0  # +-q% interval every sensitive cell keeps against an attacker

    def __post_init__(self):
        if self.min_units < 1 or self.p_percent < 0 or self.protection_percent < self.p_percent:
            raise ValueError("min_units >= 1 and 0 <= p_percent <= protection_percent")


@dataclass
class Cell:
    units: int = 0
    values: dict[str, float] = field(default_factory=dict)
    largest: dict[str, list[float]] = field(default_factory=dict)  # the two largest contributions, descending
    published: bool = True  # False: a cell no table shows (e.g. total exports): free to the attacker, no cost

    def add(self, values: dict[str, float]) -> None:
        self.units += 1
        for name, value in values.items():
            self.values[name] = self.values.get(name, 0.0) + value
            top = self.largest.setdefault(name, [])
            top.append(value)
            top.sort(reverse=True)
            del top[2:]


Key = tuple  # one node of each dimension's hierarchy
Relation = tuple[Key, tuple[Key, ...]]  # (total, parts): total = sum(parts)


@dataclass
class TableSet:
    variables: tuple[str, ...]  # magnitude variables the rules protect
    cells: dict[Key, Cell] = field(default_factory=dict)
    relations: set[Relation] = field(default_factory=set)

    def merge(self, other: TableSet) -> None:
        """Join another table sharing some cells (same key, same contributions): e.g. exports by country and by
        chapter share their totals."""
        for key, cell in other.cells.items():
            self.cells.setdefault(key, cell)
        self.relations |= other.relations


Hierarchy = dict[Hashable, Hashable | None]  # node -> parent (the root's parent is None)


def chain(hierarchy: Hierarchy, node) -> list:
    nodes = []
    while node is not None:
        nodes.append(node)
        node = hierarchy[node]
    return nodes


def cross_table(
    contributions: Iterable[tuple[tuple, dict[str, float]]],
    hierarchies: Sequence[Hierarchy],
    variables: tuple[str, ...],
    published=lambda key: True,
) -> TableSet:
    """The table set of every combination of hierarchy nodes a contribution reaches, and its relations: along each
    dimension, a node's cell is the sum of its children's cells (the other coordinates fixed). A contribution is
    one unit's figures at its leaf coordinates; absent cells are empty (known zeros)."""
    table = TableSet(variables)
    children: list[dict] = [defaultdict(set) for _ in hierarchies]
    for leaves, values in contributions:
        chains = [chain(h, leaf) for h, leaf in zip(hierarchies, leaves)]
        for dim, nodes in enumerate(chains):
            for child, parent in zip(nodes, nodes[1:]):
                children[dim][parent].add(child)
        keys: list[Key] = [()]
        for nodes in chains:
            keys = [key + (node,) for key in keys for node in nodes]
        for key in keys:
            cell = table.cells.get(key)
            if cell is None:
                cell = table.cells[key] = Cell(published=published(key))
            cell.add(values)
    for key in table.cells:
        for dim, node in enumerate(key):
            parts = tuple(
                sorted((key[:dim] + (child,) + key[dim + 1 :] for child in children[dim].get(node, ())), key=repr)
            )
            parts = tuple(part for part in parts if part in table.cells)
            if parts:
                table.relations.add((key, parts))
    return table


def primary(table: TableSet, rules: Rules) -> dict[Key, str]:
    """Cells sensitive by the threshold rule, then by the p% rule on any variable."""
    sensitive = {}
    for key, cell in table.cells.items():
        if not cell.published or cell.units == 0:
            continue  # an empty cell reveals nothing
        if cell.units < rules.min_units:
            sensitive[key] = THRESHOLD
            continue
        for name in table.variables:
            top = cell.largest.get(name, [])
            if len(top) == 2 and top[0] > 0:
                rest = cell.values[name] - top[0] - top[1]
                if rest < rules.p_percent / 100 * top[0]:
                    sensitive[key] = DOMINANCE
                    break
    return sensitive


def components(table: TableSet) -> list[set]:
    parent = {key: key for key in table.cells}

    def find(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for total, parts in table.relations:
        for part in parts:
            a, b = find(total), find(part)
            if a != b:
                parent[a] = b
    groups = defaultdict(set)
    for key in table.cells:
        groups[find(key)].add(key)
    return list(groups.values())


class _PerturbationLP:
    """min sum(cost * |move|) over the cells of a component such that every relation still holds, no cell goes
    below zero, and one chosen cell moves by a given amount. Built once per component and variable, re-solved with
    other bounds and costs (GLOP re-solves incrementally)."""

    def __init__(self, table: TableSet, keys: set, variable: str, hidden: set):
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        # Each solve differs from the last in a few bounds and costs: start from the last basis, skip presolve.
        self.parameters = pywraplp.MPSolverParameters()
        self.parameters.SetIntegerParam(self.parameters.PRESOLVE, self.parameters.PRESOLVE_OFF)
        self.parameters.SetIntegerParam(self.parameters.INCREMENTALITY, self.parameters.INCREMENTALITY_ON)
        self.value = {key: table.cells[key].values.get(variable, 0.0) for key in keys}
        infinity = self.solver.infinity()
        self.up = {key: self.solver.NumVar(0, infinity, "") for key in keys}
        self.down = {key: self.solver.NumVar(0, self.value[key], "") for key in keys}
        for total, parts in table.relations:
            if total not in keys:
                continue
            row = self.solver.Constraint(0, 0)
            row.SetCoefficient(self.up[total], 1)
            row.SetCoefficient(self.down[total], -1)
            for part in parts:
                row.SetCoefficient(self.up[part], -1)
                row.SetCoefficient(self.down[part], 1)
        self.objective = self.solver.Objective()
        self.objective.SetMinimization()
        self.free: set[Key] = set()
        for key in keys:
            weight = 1.0 + table.cells[key].units
            self.objective.SetCoefficient(self.up[key], weight)
            self.objective.SetCoefficient(self.down[key], weight)
        self.hide(hidden)

    def hide(self, keys: Iterable) -> None:
        """Moving a hidden cell costs nothing (only the changed coefficients are set: re-solves stay cheap)."""
        for key in set(keys) - self.free:
            if key in self.up:
                self.objective.SetCoefficient(self.up[key], 0.0)
                self.objective.SetCoefficient(self.down[key], 0.0)
                self.free.add(key)

    def perturbation(self, target: Key, amount: float, upward: bool) -> dict[Key, float]:
        """A cheapest perturbation moving `target` by `amount` (up or down): each moved cell and its move."""
        move, still = (self.up, self.down) if upward else (self.down, self.up)
        move[target].SetBounds(amount, amount)
        still[target].SetBounds(0, 0)
        status = self.solver.Solve(self.parameters)
        moves = {}
        if status == pywraplp.Solver.OPTIMAL:
            scale = max(amount, 1.0) * 1e-7
            for key, up in self.up.items():
                change = up.solution_value() - self.down[key].solution_value()
                if abs(change) > scale:
                    moves[key] = change
        self.up[target].SetBounds(0, self.solver.infinity())
        self.down[target].SetBounds(0, self.value[target])
        if status != pywraplp.Solver.OPTIMAL:
            raise RuntimeError(f"no perturbation protects {target!r}")  # cannot happen: totals may always move
        return moves


def required(value: float, rules: Rules) -> float:
    """The protection a sensitive figure needs on each side (the LP asks a little more, so that an attacker's
    bound, computed with other tolerances, is never short of it)."""
    return abs(value) * rules.protection_percent / 100


def protect(table: TableSet, rules: Rules) -> dict[Key, str]:
    """Every cell to hide, with its reason: THRESHOLD or DOMINANCE (primary) or SECONDARY."""
    status = primary(table, rules)
    hidden = set(status) | {key for key, cell in table.cells.items() if not cell.published}
    for keys in components(table):
        sensitive = [key for key in keys if status.get(key) in PRIMARY]
        for variable in table.variables:
            _protect(table, keys, sensitive, variable, rules, status, hidden)
    return status


def _protect(
    table: TableSet, keys: set, sensitive: list, variable: str, rules: Rules, status: dict, hidden: set
) -> None:
    value = {key: table.cells[key].values.get(variable, 0.0) for key in sensitive}
    # The move each sensitive figure needs up and down (a little more than the interval, for solver tolerances).
    need = {}
    for key in sensitive:
        amount = required(value[key], rules) * 1.0001 + 1e-6
        if value[key] > 0:
            need[(key, True)] = amount
            need[(key, False)] = min(amount, value[key])
    problem = None
    # Largest figures first: their complements often protect the smaller ones at no further cost.
    for key in sorted(sensitive, key=lambda k: (-value[k], repr(k))):
        for upward in (True, False):
            if (key, upward) not in need:
                continue
            problem = problem or _PerturbationLP(table, keys, variable, hidden)
            moves = problem.perturbation(key, need[(key, upward)], upward)
            added = set(moves) - hidden
            for cell in added:
                status[cell] = SECONDARY
            hidden |= added
            problem.hide(added)
            # Every cell of the perturbation is hidden now, so it (scaled, either way, as far as no cell goes
            # below zero) protects every sensitive cell it moves far enough: no LP for those.
            forward = min((problem.value[c] / -m for c, m in moves.items() if m < 0), default=float("inf"))
            backward = min((problem.value[c] / m for c, m in moves.items() if m > 0), default=float("inf"))
            for cell, m in moves.items():
                for direction, reach in ((m > 0, forward * abs(m)), (m < 0, backward * abs(m))):
                    if (cell, direction) in need and need[(cell, direction)] <= reach:
                        del need[(cell, direction)]


def summary(status: dict[Key, str]) -> dict[str, int]:
    counts = dict.fromkeys((THRESHOLD, DOMINANCE, SECONDARY), 0)
    for reason in status.values():
        counts[reason] += 1
    return counts
