"""Every URL the project routes, as (requestable path, name): shared by the anonymous URL test and the permission
matrix, so that both walk the same routes and a new URL reaches both."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

ADMIN_PREFIX = "admin/"


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else ""
            for route, name in walk(entry.url_patterns, prefix + str(entry.pattern)):
                yield route, (namespace + name) if name and not name.startswith(namespace) else name
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name


def concrete(route: str) -> str | None:
    """A requestable path for a route, with made-up values for its parameters."""
    if "(?P<format>" in route or r"\." in route:
        return None  # DRF's format-suffix twins of the plain routes
    route = route.replace("^", "").replace("$", "")
    route = re.sub(r"\(\?P<[^>]+>[^)]*\)", "1", route)
    route = re.sub(r"<uuid:[^>]+>", "00000000-0000-4000-8000-000000000000", route)
    route = re.sub(r"<int:[^>]+>", "1", route)
    route = re.sub(r"<(str:|slug:|path:)?[^>]+>", "x", route)
    return "/" + route


def routes():
    """(path, name) of every routed URL but the Django admin's (which guards itself and is tested by Django)."""
    seen = set()
    for route, name in walk(get_resolver().url_patterns):
        if route.startswith(ADMIN_PREFIX):
            continue
        path = concrete(route)
        if path and path not in seen:
            seen.add(path)
            yield path, name
