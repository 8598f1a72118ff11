"""The month-end load users behave like people: a factory's figures fit its history, and a plausibility question is
answered (bench.loadusers, driven by the locust users of make bench-load)."""

import random
from decimal import Decimal

from bench.loadusers import (
    EXPLANATION_PREFIX,
    answer_api_questions,
    answer_form_questions,
    api_payload,
    figures,
    fill_report_form,
    report_form,
)
from rownaq.core.jalali import JalaliMonth
from rownaq.reporting import checks

UNIT = {
    "id": 7,
    "shifts": 2,
    "employees": 120,
    "exporter": True,
    "products": [
        {"id": 11, "capacity": "1000.00", "usual": "700.00"},
        {"id": 12, "capacity": "50.00", "usual": "40.00"},
    ],
}
PERIOD = JalaliMonth(1405, 8)


def history_of(unit, rng) -> dict[str, list[float]]:
    """A year as loadbench seeds it: each product at its usual level give or take 10%."""
    series = {}
    for _ in range(12):
        staff = int(unit["employees"] * rng.uniform(0.95, 1.04))
        series.setdefault("employees_total", []).append(float(staff))
        series.setdefault("working_days", []).append(float(22 + 2 * unit["shifts"] - rng.randrange(2)))
        series.setdefault("export_value", []).append(float(rng.randrange(20, 400) * 1000))
        for p in unit["products"]:
            series.setdefault(f"production:{p['id']}", []).append(
                float(Decimal(p["usual"]) * Decimal(str(round(rng.uniform(0.9, 1.08), 3))))
            )
    return series


def warnings_for(values, history):
    return checks.soft_warnings(
        checks.ReportFigures(
            period=PERIOD,
            shifts_worked=values["shifts_worked"],
            working_days=values["working_days"],
            employees_total=values["employees_total"],
            employees_by_shift=[values["employees_shift1"], values["employees_shift2"], values["employees_shift3"]],
            production=[
                checks.ProductionFigure(str(pid), q, Decimal(p["capacity"]))
                for (pid, q), p in zip(values["production"].items(), UNIT["products"])
            ],
            exports=[checks.MoneyFigure(values["export"][0], values["export"][1], "USD")],
        ),
        history,
    )


def test_most_months_raise_no_question_and_special_months_do():
    asked_usual = asked_special = special = 0
    for n in range(400):
        rng = random.Random(n)
        values = figures(UNIT, rng, PERIOD.days)
        assert not checks.hard_errors(
            checks.ReportFigures(
                period=PERIOD,
                shifts_worked=values["shifts_worked"],
                working_days=values["working_days"],
                employees_total=values["employees_total"],
                employees_by_shift=[values["employees_shift1"], values["employees_shift2"], values["employees_shift3"]],
            ),
            JalaliMonth(1405, 9),
        )
        asked = bool(warnings_for(values, history_of(UNIT, random.Random(10_000 + n))))
        special += values["special"]
        if values["special"]:
            asked_special += asked
        else:
            asked_usual += asked
    assert 5 <= special <= 40
    assert asked_special == special  # a special month is always asked about
    assert asked_usual <= 0.05 * (400 - special)  # an ordinary month almost never


def test_a_form_question_is_answered_in_its_field_and_nothing_else_changes():
    html = """<form data-testid="report-form" method="post">
      <input type="hidden" name="csrfmiddlewaretoken" value="t"><input name="employees_total" value="120">
      <textarea name="explain:outlier:production:11"></textarea>
      <textarea name="explain:utilisation:production:11">already typed</textarea>
      <textarea name="problems_note"></textarea></form>"""
    fields = report_form(html)
    assert answer_form_questions(fields) == 1
    assert fields["explain:outlier:production:11"].strip()
    assert fields["explain:utilisation:production:11"] == "already typed"
    assert fields["problems_note"] == "" and fields["employees_total"] == "120"
    assert answer_form_questions(report_form("<form data-testid='report-form'><input name='a' value='1'></form>")) == 0


def test_an_api_question_is_answered_by_key_and_a_hard_error_is_not():
    body = {
        "detail": "...",
        "warnings": [
            {"key": "outlier:employees_total", "field": "employees_total", "message": "..."},
            {"key": "utilisation:production:x", "field": "p"},
        ],
    }
    answers = answer_api_questions(body)
    assert set(answers) == {"outlier:employees_total", "utilisation:production:x"}
    assert all(text.strip() for text in answers.values())
    assert answer_api_questions({"employees_total": ["تعداد کل کارکنان را وارد کنید."]}) == {}
    assert answer_api_questions(None) == {}


def test_the_figures_reach_the_form_and_the_api_alike():
    values = figures(UNIT, random.Random(3), PERIOD.days)
    fields = {
        "production-0-product_id": "12",
        "production-0-quantity": "",
        "production-1-product_id": "11",
        "exports-0-country": "",
        "exports-0-value": "",
        "exports-0-currency": "",
    }
    fill_report_form(fields, values)
    assert fields["production-0-quantity"] == str(values["production"][12])
    assert fields["production-1-quantity"] == str(values["production"][11])
    assert fields["employees_total"] == str(values["employees_total"]) and fields["employees_shift3"] == ""
    assert fields["exports-0-country"] == values["export"][0]
    payload = api_payload(UNIT, PERIOD.code, values)
    assert {line["product"] for line in payload["production"]} == {11, 12}
    assert payload["exports"][0]["currency"] == "USD"


def test_the_explanation_fields_are_the_ones_the_form_reads():
    from rownaq.reporting.views import EXPLANATION_PREFIX as FORM_PREFIX

    assert EXPLANATION_PREFIX == FORM_PREFIX
