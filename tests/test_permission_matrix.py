"""The permission matrix is complete: every URL the project routes (but Django's admin) has a rule giving, for each
of the eight roles (anonymous, press, member of unit A, member of unit B, partner body, staff of another province,
staff of A's province, administrator), what each of its actions must meet; and no rule names a URL that is gone.

The rules are data, one module per app in tests/permissions/*_rules.py, played by tests/permissions/test_*.py
(run them with this file: `pytest tests/test_permission_matrix.py tests/permissions`)."""

from collections import Counter

import pytest

from tests.permissions import cases_rules, core_rules, events_rules, reporting_rules, shifts_rules, sourcing_rules
from tests.permissions.matrix import ROLES, WRITES, Check, Policy
from tests.urlwalk import routes

RULE_MODULES = (core_rules, reporting_rules, cases_rules, events_rules, shifts_rules, sourcing_rules)
ROUTES = list(routes())


def all_rules() -> dict:
    rules, owners = {}, Counter()
    for module in RULE_MODULES:
        for name, checks in module.RULES.items():
            owners[name] += 1
            rules[name] = checks
    twice = sorted(name for name, count in owners.items() if count > 1)
    assert not twice, f"URLs with a rule in more than one module: {twice}"
    return rules


def test_every_routed_url_has_a_rule():
    rules = all_rules()
    unnamed = sorted(path for path, name in ROUTES if not name)
    assert not unnamed, f"routes without a name cannot be given a rule: {unnamed}"
    missing = sorted(f"{name} ({path})" for path, name in ROUTES if name not in rules)
    assert not missing, "URLs without a permission rule (add one to tests/permissions/*_rules.py): " + ", ".join(
        missing
    )


def test_every_rule_names_a_routed_url():
    routed = {name for _, name in ROUTES}
    stale = sorted(set(all_rules()) - routed)
    assert not stale, f"rules for URLs that are no longer routed: {stale}"


@pytest.mark.parametrize("name, checks", sorted(all_rules().items()))
def test_every_rule_judges_all_eight_roles(name, checks):
    assert checks, f"{name}: a rule needs at least one check"
    for check in checks:
        assert isinstance(check, Check) and isinstance(check.policy, Policy)
        assert tuple(sorted(check.policy)) == tuple(sorted(ROLES)), name
        assert check.method in WRITES | {"get"}, name


def test_the_matrix_is_large_enough_to_mean_something():
    rules = all_rules()
    pairs = sum(len(check.policy) for checks in rules.values() for check in checks)
    writes = sum(1 for checks in rules.values() for check in checks if check.method in WRITES)
    assert len(rules) >= 200 and pairs >= 8 * len(rules) and writes >= 100, (len(rules), pairs, writes)
