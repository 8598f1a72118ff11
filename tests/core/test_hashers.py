"""Password hashing stays at or above OWASP's minimum for Argon2id, and hashes made before still sign in."""

import argon2
import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, get_hasher, make_password

from rownaq import settings as production_settings
from rownaq.core.hashers import OWASP_MINIMUMS, Argon2idHasher


@pytest.fixture(autouse=True)
def production_hashers(settings, fast_password_hashing):
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS


def test_the_hasher_is_argon2id_at_or_above_an_owasp_configuration():
    hasher = get_hasher()
    assert isinstance(hasher, Argon2idHasher)
    assert hasher.parallelism >= 1
    assert any(hasher.memory_cost >= memory and hasher.time_cost >= passes for memory, passes in OWASP_MINIMUMS.items())
    encoded = make_password("month-end 1405")
    parameters = argon2.extract_parameters("$" + encoded.split("$", 1)[1])
    assert parameters.type is argon2.Type.ID
    assert (parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (47_104, 1, 1)


def test_a_hash_made_with_djangos_defaults_still_signs_in_and_is_upgraded():
    old = Argon2PasswordHasher().encode("month-end 1405", Argon2PasswordHasher().salt())
    assert get_hasher("argon2").must_update(old)
    upgraded = []
    assert check_password("month-end 1405", old, setter=upgraded.append)
    assert upgraded == ["month-end 1405"]
    assert not check_password("wrong", old)
