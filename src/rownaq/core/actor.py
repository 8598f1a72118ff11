"""Who is acting right now: set by the request middleware, by management commands and by tests.

Change records read it, so every save through a view, the API, the admin or a command names its author.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

_current_actor: ContextVar[object | None] = ContextVar("rownaq_current_actor", default=None)


def current_actor():
    return _current_actor.get()


@contextlib.contextmanager
def acting_as(user) -> Iterator[None]:
    token = _current_actor.set(user)
    try:
        yield
    finally:
        _current_actor.reset(token)
