"""Permission matrix: events (rules in events_rules.py)."""

import pytest

from tests.permissions.events_rules import RULES
from tests.permissions.matrix import run_rule


@pytest.mark.parametrize("name", sorted(RULES))
def test_every_role_meets_the_rule(name, scene, db):
    failures = run_rule(name, RULES[name], scene, scene.clients)
    assert not failures, "\n".join(failures)
