"""Permission matrix: shifts (rules in shifts_rules.py)."""

import pytest

from tests.permissions.matrix import run_rule
from tests.permissions.shifts_rules import RULES


@pytest.mark.parametrize("name", sorted(RULES))
def test_every_role_meets_the_rule(name, scene, db):
    failures = run_rule(name, RULES[name], scene, scene.clients)
    assert not failures, "\n".join(failures)
