"""The cases pages work offline and under a strict CSP: no inline scripts, styles or handlers; static files exist."""

from pathlib import Path

import pytest

from tests.web.test_static import audit, missing_static_files

APP_DIR = Path(__file__).resolve().parents[2] / "src" / "rownaq" / "cases"
TEMPLATES = sorted((APP_DIR / "templates").rglob("*.html"))


def test_there_are_templates():
    assert len(TEMPLATES) >= 9


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_template_is_allowed_by_a_strict_csp_and_needs_no_internet(template):
    text = template.read_text(encoding="utf-8")
    result = audit(text)
    assert result.inline_scripts == 0
    assert result.inline_styles == []
    assert result.event_handlers == []
    assert result.external_urls == []
    assert missing_static_files(text) == []


def test_the_chart_script_is_our_own_static_file():
    script = (APP_DIR / "static" / "cases" / "case_charts.js").read_text(encoding="utf-8")
    assert "case-stats-data" in script and "http" not in script
