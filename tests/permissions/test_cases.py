"""Permission matrix: cases (rules in cases_rules.py)."""

import pytest

from tests.permissions.cases_rules import RULES
from tests.permissions.matrix import run_rule


@pytest.mark.parametrize("name", sorted(RULES))
def test_every_role_meets_the_rule(name, scene, db):
    failures = run_rule(name, RULES[name], scene, scene.clients)
    assert not failures, "\n".join(failures)
