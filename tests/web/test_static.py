"""The pages must work with no internet and under a strict CSP (script-src 'self').

These checks read the template and static files directly: no server, no test client, no network.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

SOURCE_DIR = Path(__file__).resolve().parents[2] / "src" / "rownaq"
WEB_DIR = SOURCE_DIR / "web"
TEMPLATE_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
# A {% static %} path in a web template may name a file another app ships, as Django's app finder allows.
STATIC_DIRS = [STATIC_DIR, *sorted(path for path in SOURCE_DIR.glob("*/static") if path != STATIC_DIR)]

STATIC_TAG = re.compile(r"""{%\s*static\s+(?P<quote>["'])(?P<path>[^"']+)(?P=quote)""")
URL_ATTRIBUTES = {"src", "href", "action", "formaction", "srcset", "poster", "data", "cite", "background"}
EXTERNAL_URL = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*(?P<quote>["']?)(?P<url>[^"')]*)(?P=quote)\s*\)""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*["']?(?P<url>[^"')\s;]+)""", re.IGNORECASE)
# Template comments never reach the browser, so markup mentioned in them is not audited.
TEMPLATE_COMMENT = re.compile(r"{#.*?#}|{%\s*comment\b.*?%}.*?{%\s*endcomment\s*%}", re.DOTALL)


def templates() -> list[Path]:
    return sorted(path for path in TEMPLATE_DIR.rglob("*") if path.is_file())


def static_paths_in(text: str) -> list[str]:
    return [match["path"] for match in STATIC_TAG.finditer(text)]


def missing_static_files(text: str) -> list[str]:
    return [path for path in static_paths_in(text) if not any((root / path).is_file() for root in STATIC_DIRS)]


class MarkupAudit(HTMLParser):
    """Collects what a strict CSP or an offline network would break in one template's markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.external_urls: list[str] = []
        self.inline_scripts = 0
        self.inline_styles: list[str] = []
        self.event_handlers: list[str] = []
        self._script_has_src: bool | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value and EXTERNAL_URL.match(value):
                self.external_urls.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.inline_styles.append(f"<{tag} style=...>")
            if name.startswith("on"):
                self.event_handlers.append(f"<{tag} {name}=...>")
        if tag == "style":
            self.inline_styles.append("<style> element")
        if tag == "script":
            self._script_has_src = any(name == "src" and value for name, value in attrs)
            if not self._script_has_src:
                self.inline_scripts += 1

    def handle_data(self, data):
        # A <script src=...> must not carry code of its own either.
        if self._script_has_src and data.strip():
            self.inline_scripts += 1

    def handle_endtag(self, tag):
        if tag == "script":
            self._script_has_src = None


def audit(text: str) -> MarkupAudit:
    parser = MarkupAudit()
    parser.feed(TEMPLATE_COMMENT.sub("", text))
    parser.close()
    return parser


def external_css_urls(css: str) -> list[str]:
    urls = [match["url"] for match in CSS_URL.finditer(css)] + [match["url"] for match in CSS_IMPORT.finditer(css)]
    return [url for url in urls if not url.strip().lower().startswith("data:") and EXTERNAL_URL.match(url)]


def test_templates_exist():
    names = {path.relative_to(TEMPLATE_DIR).as_posix() for path in templates()}
    assert {"base.html", "registration/login.html", "web/_form_field.html", "web/_pagination.html"} <= names


def test_base_template_loads_the_vendored_files():
    referenced = static_paths_in((TEMPLATE_DIR / "base.html").read_text(encoding="utf-8"))
    assert {
        "vendor/vazirmatn/vazirmatn.css",
        "vendor/bootstrap/css/bootstrap.rtl.min.css",
        "vendor/bootstrap/js/bootstrap.bundle.min.js",
        "vendor/htmx/htmx.min.js",
        "vendor/jalalidatepicker/jalalidatepicker.min.js",
        "rownaq/app.css",
        "rownaq/app.js",
    } <= set(referenced)


@pytest.mark.parametrize("template", templates(), ids=lambda path: path.relative_to(TEMPLATE_DIR).as_posix())
def test_every_static_path_exists(template):
    assert missing_static_files(template.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("template", templates(), ids=lambda path: path.relative_to(TEMPLATE_DIR).as_posix())
def test_no_external_urls_in_markup(template):
    assert audit(template.read_text(encoding="utf-8")).external_urls == []


@pytest.mark.parametrize("template", templates(), ids=lambda path: path.relative_to(TEMPLATE_DIR).as_posix())
def test_markup_is_allowed_by_a_strict_csp(template):
    result = audit(template.read_text(encoding="utf-8"))
    assert result.inline_scripts == 0, "inline <script>: move the code to a static file, pass data in data-*"
    assert result.inline_styles == [], "inline style: use a class in rownaq/app.css"
    assert result.event_handlers == [], "inline event handler: bind it in rownaq/app.js"


def test_base_template_has_no_inline_script():
    base = audit((TEMPLATE_DIR / "base.html").read_text(encoding="utf-8"))
    assert base.inline_scripts == 0


@pytest.mark.parametrize(
    "stylesheet", sorted(STATIC_DIR.rglob("*.css")), ids=lambda p: p.relative_to(STATIC_DIR).as_posix()
)
def test_stylesheets_fetch_nothing_from_outside(stylesheet):
    assert external_css_urls(stylesheet.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "stylesheet", sorted(STATIC_DIR.rglob("*.css")), ids=lambda p: p.relative_to(STATIC_DIR).as_posix()
)
def test_stylesheet_relative_urls_exist(stylesheet):
    # collectstatic with the manifest storage fails on a url() or source map that points at a missing file.
    css = stylesheet.read_text(encoding="utf-8")
    relative = [
        match["url"].split("?")[0].split("#")[0]
        for match in CSS_URL.finditer(css)
        if match["url"] and not re.match(r"^\s*(data:|[a-z]+:|/|#)", match["url"], re.IGNORECASE)
    ]
    assert [url for url in relative if not (stylesheet.parent / url).is_file()] == []
    assert "sourceMappingURL" not in css


def test_vendored_packages_carry_their_licence():
    vendor = STATIC_DIR / "vendor"
    packages = [path for path in vendor.iterdir() if path.is_dir()]
    assert packages, "run scripts/vendor-static.sh"
    for package in packages:
        assert any(package.glob("LICENSE*")) or any(package.glob("OFL*")), package.name


# The checks above must be able to fail: they are run here on markup known to be wrong.


def test_checks_catch_a_missing_static_file():
    assert missing_static_files("{% load static %}<link href=\"{% static 'vendor/nowhere/missing.css' %}\">") == [
        "vendor/nowhere/missing.css"
    ]


def test_checks_catch_external_urls():
    bad = (
        '<script src="https://unpkg.com/htmx.org"></script>'
        '<link rel="stylesheet" href="//cdn.example.com/x.css">'
        '<img src="HTTP://example.com/a.png">'
    )
    assert len(audit(bad).external_urls) == 3
    assert audit('<a href="{% url \'home\' %}">x</a><img src="/static/a.png">').external_urls == []


def test_checks_catch_inline_scripts_styles_and_handlers():
    assert audit("<script>alert(1)</script>").inline_scripts == 1
    assert audit('<script src="/static/a.js">alert(1)</script>').inline_scripts == 1
    assert audit('<script src="/static/a.js" defer></script>').inline_scripts == 0
    assert audit('<div style="color: red" onclick="go()"></div>').inline_styles
    assert audit('<div onclick="go()"></div>').event_handlers
    assert audit("<style>p {}</style>").inline_styles
    assert audit("{# no <script> here #}{% comment %}<style>{% endcomment %}").inline_styles == []


def test_checks_catch_external_css():
    assert external_css_urls('@import url("https://fonts.googleapis.com/css2?family=Vazirmatn");') != []
    assert external_css_urls("a { background: url(https://example.com/a.png) }") != []
    inline_svg = "a { background: url(\"data:image/svg+xml,%3csvg xmlns='http://www.w3.org/2000/svg'\") }"
    assert external_css_urls(inline_svg) == []
