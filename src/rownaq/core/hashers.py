"""Password hashing: Argon2id with OWASP's parameters (Password Storage Cheat Sheet), chosen knowingly.

Django's Argon2 defaults (t=2, m=100 MiB, p=8) cost about 245 ms of CPU per sign-in on this project's 2-core
server (measured by `make bench-load`): at month-end, when hundreds of unit members sign in within the hour,
sign-ins alone took a core. OWASP lists five equally strong Argon2id configurations, from m=47,104 KiB (46 MiB),
t=1, p=1 to m=7,168 KiB (7 MiB), t=5, p=1; we take the one with the most memory, m=46 MiB, t=1, p=1, since memory
is what makes each guess expensive on a GPU or ASIC, and 46 MiB per sign-in is nothing for the server. Measured
on that server (argon2-cffi, one verification, load average ~9): Django's defaults 233 ms of CPU, m=46 MiB t=1
59 ms, m=19 MiB t=2 27 ms (OWASP rates the two equal; if sign-ins ever dominate month-end, that one halves their
cost again without leaving OWASP's list). One lane
(p=1): the server's cores serve other requests, and parallel lanes cost an attacker nothing extra. Never set
below OWASP's minimum (tests/core/test_hashers.py holds the floor). Hashes made with other parameters still
verify, and Django re-hashes them with these at the user's next sign-in.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher

# OWASP's minimum configurations for Argon2id (memory in KiB: passes), all with p=1; a hasher must meet one.
OWASP_MINIMUMS = {47_104: 1, 19_456: 2, 12_288: 3, 9_216: 4, 7_168: 5}


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id, m=46 MiB, t=1, p=1 (OWASP). The algorithm name stays "argon2": every stored hash still reads."""

    time_cost = 1
    memory_cost = 47_104  # KiB = 46 MiB
    parallelism = 1
