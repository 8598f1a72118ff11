"""The OpenAPI schema is clean and complete, and its docs page works offline (vendored Swagger UI)."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

import rownaq.urls  # noqa: F401  (the URLconf imports every app's api module, which registers its viewsets)
from rownaq.core.api import router

DETAIL = r"\{[^}/]+\}"


@pytest.fixture(scope="module")
def generated():
    """The schema and the warnings and errors drf-spectacular reported while generating it."""
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    problems = {"warnings": dict(GENERATOR_STATS._warn_cache), "errors": dict(GENERATOR_STATS._error_cache)}
    GENERATOR_STATS.reset()
    return schema, problems


def test_schema_is_generated_without_warnings_or_errors(generated):
    schema, problems = generated
    assert problems == {"warnings": {}, "errors": {}}
    validate_schema(schema)  # raises on a schema that is not valid OpenAPI 3
    assert schema["openapi"].startswith("3.")


def router_endpoints() -> list[tuple[str, str]]:
    """(method, path with {pk} for the lookup) for every route the shared router serves."""
    endpoints = []
    for prefix, viewset, _ in router.registry:
        if hasattr(viewset, "list"):
            endpoints.append(("get", f"/api/{prefix}/"))
        if hasattr(viewset, "create"):
            endpoints.append(("post", f"/api/{prefix}/"))
        for method, action in (
            ("get", "retrieve"),
            ("put", "update"),
            ("patch", "partial_update"),
            ("delete", "destroy"),
        ):
            if hasattr(viewset, action):
                endpoints.append((method, f"/api/{prefix}/{{pk}}/"))
        for extra in viewset.get_extra_actions():
            middle = "{pk}/" if extra.detail else ""
            for method in extra.mapping:
                endpoints.append((method, f"/api/{prefix}/{middle}{extra.url_path}/"))
    return endpoints


def test_router_is_not_empty():
    prefixes = {prefix for prefix, _, _ in router.registry}
    assert {"organisations", "products", "estates", "provinces", "counties", "hs", "isic"} <= prefixes


@pytest.mark.parametrize("method, path", router_endpoints(), ids=lambda value: value)
def test_every_router_endpoint_is_in_the_schema(generated, method, path):
    schema, _ = generated
    pattern = re.escape(path).replace(re.escape("{pk}"), DETAIL)  # the schema names the lookup {id}, {code}...
    matching = [documented for documented in schema["paths"] if re.fullmatch(pattern, documented)]
    assert matching, f"{path} is missing from the schema"
    assert any(method in schema["paths"][documented] for documented in matching), f"{method.upper()} {path}"


def test_schema_is_served(client, world):
    client.force_login(world.nobody)
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    body = response.json()
    assert body["info"]["title"] == settings.SPECTACULAR_SETTINGS["TITLE"]
    assert "/api/organisations/" in body["paths"]


REMOTE_URL = re.compile(r"(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s\"'<>)]*")


def test_docs_page_renders_from_local_files_only(client, world):
    """Swagger UI comes from the vendored static files (and its start-up script from this site), so the docs work
    inside an intranet with no internet."""
    client.force_login(world.nobody)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert REMOTE_URL.findall(html) == [], "the docs page must work without the internet"
    assets = [asset.replace("&amp;", "&") for asset in re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)]
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    for asset in assets:
        assert asset.startswith("/") and not asset.startswith("//"), f"{asset} is not served by this site"
        if asset.startswith(settings.STATIC_URL):
            assert finders.find(asset.removeprefix(settings.STATIC_URL)), f"{asset} is not among the static files"
        else:
            served = client.get(asset)
            assert served.status_code == 200, asset
            assert REMOTE_URL.findall(served.content.decode()) == [], f"{asset} loads from the internet"
