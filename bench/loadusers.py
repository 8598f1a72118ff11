"""What the month-end load users type, without Django or locust (bench/locustfile.py drives them; tests read this).

A factory's month looks like its past year: the same shifts and headcount, each product near its usual output
(what its accepted history is built around, give or take 10%), exports in its usual range. Now and then a unit
has a special month (a large order): its output is well above the usual, the server asks why (a plausibility
question), and the user answers as a person would: a sentence beside each question, then sends again.
"""

from __future__ import annotations

import random
from decimal import Decimal
from html.parser import HTMLParser

EXPLANATION_PREFIX = "explain:"  # the form's field for the answer to a plausibility question (reporting.views)
SPECIAL_MONTH_SHARE = 0.05  # units whose month is unusual on purpose: they are asked, and they explain
SPECIAL_MONTH_FACTOR = Decimal("1.6")
HEADER_FIELDS = (
    "shifts_worked",
    "working_days",
    "employees_total",
    "employees_shift1",
    "employees_shift2",
    "employees_shift3",
    "domestic_sales_rial",
)
# What a person writes, by the kind of question (checks.Issue.code): utilisation over capacity, or far from history.
ANSWERS = {
    "utilisation": "سفارش ویژهٔ یک مشتری بزرگ؛ این ماه با اضافه‌کاری بیش از ظرفیت اسمی تولید کردیم.",
    "outlier": "این ماه سفارش ویژه داشتیم و تولید و فروش بیش از ماه‌های معمول بود.",
}
DEFAULT_ANSWER = "رقم درست است؛ علت آن در این ماه شرایط ویژهٔ کارخانه بود."


def figures(unit: dict, rng: random.Random, days_in_month: int = 31) -> dict:
    """The unit's figures for the month, near its own history: unit is a plan entry (shifts, employees, exporter,
    products with their monthly capacity and usual output)."""
    shifts = unit["shifts"]
    staff = max(shifts, int(unit["employees"] * rng.uniform(0.95, 1.04)))
    per_shift = [staff // shifts + (1 if i < staff % shifts else 0) if i < shifts else None for i in range(3)]
    special = rng.random() < SPECIAL_MONTH_SHARE
    production = {}
    for product in unit["products"]:
        usual = Decimal(product.get("usual") or Decimal(product["capacity"]) * Decimal("0.8"))
        factor = Decimal(str(round(rng.uniform(0.92, 1.06), 3)))
        if special:
            factor *= SPECIAL_MONTH_FACTOR
        production[product["id"]] = (usual * factor).quantize(Decimal("0.01"))
    return {
        "shifts_worked": shifts,
        "working_days": min(days_in_month, 22 + 2 * shifts - rng.randrange(2)),
        "employees_total": staff,
        "employees_shift1": per_shift[0],
        "employees_shift2": per_shift[1],
        "employees_shift3": per_shift[2],
        "domestic_sales_rial": staff * rng.randrange(300, 900) * 1_000_000,
        "production": production,
        "export": (rng.choice(["IQ", "AF", "AM", "AZ", "TR"]), Decimal(rng.randrange(20, 400)) * 1000, "USD")
        if unit["exporter"]
        else None,
        "special": special,
    }


def answer_for(key: str) -> str:
    """A user's explanation of the figure a warning key names ("<code>:<field>", checks.Issue.key)."""
    return ANSWERS.get(key.split(":", 1)[0], DEFAULT_ANSWER)


def answer_form_questions(fields: dict[str, str]) -> int:
    """Types an explanation into every empty explanation field of a form (in place); returns how many."""
    asked = [name for name, value in fields.items() if name.startswith(EXPLANATION_PREFIX) and not value.strip()]
    for name in asked:
        fields[name] = answer_for(name[len(EXPLANATION_PREFIX) :])
    return len(asked)


def answer_api_questions(body) -> dict[str, str]:
    """The explanations for the API's 400 that asks plausibility questions ({"warnings": [{"key": ...}]}), or {}
    when the answer is something else (a hard error)."""
    if not isinstance(body, dict) or not isinstance(body.get("warnings"), list):
        return {}
    return {w["key"]: answer_for(w["key"]) for w in body["warnings"] if isinstance(w, dict) and w.get("key")}


def fill_report_form(fields: dict[str, str], values: dict) -> None:
    """Puts the month's figures into the fields of the report form (in place), as a person types them."""
    for name in HEADER_FIELDS:
        fields[name] = "" if values[name] is None else str(values[name])
    for key, value in list(fields.items()):
        if (
            key.startswith("production-")
            and key.endswith("-product_id")
            and (value or "").isdigit()
            and int(value) in values["production"]
        ):
            fields[key.removesuffix("product_id") + "quantity"] = str(values["production"][int(value)])
    if values["export"] and "exports-0-country" in fields:
        country, value, currency = values["export"]
        fields.update({"exports-0-country": country, "exports-0-value": str(value), "exports-0-currency": currency})


def api_payload(unit: dict, period: str, values: dict) -> dict:
    return {
        "organisation": unit["id"],
        "period": period,
        **{
            k: values[k]
            for k in (
                "shifts_worked",
                "working_days",
                "employees_total",
                "employees_shift1",
                "employees_shift2",
                "employees_shift3",
            )
        },
        "domestic_sales_rial": str(values["domestic_sales_rial"]),
        "production": [{"product": pid, "quantity": str(q)} for pid, q in values["production"].items()],
        "exports": [
            {"country": values["export"][0], "value": str(values["export"][1]), "currency": values["export"][2]}
        ]
        if values["export"]
        else [],
    }


class FormFields(HTMLParser):
    """The fields a browser would send for the form marked data-testid="report-form" (no submit buttons)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.fields: dict[str, str] = {}
        self.select: str | None = None
        self.first_option: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("data-testid") == "report-form":
            self.inside = True
        if not self.inside or not a.get("name") and tag not in ("option",):
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields[a["name"]] = a.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select":
            self.select, self.first_option = a["name"], None
        elif tag == "option" and self.select:
            value = a.get("value", "")
            if self.first_option is None:
                self.first_option = value
                self.fields.setdefault(self.select, value)
            if "selected" in a:
                self.fields[self.select] = value
        elif tag == "textarea":
            self.textarea = a["name"]
            self.fields[self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data


def report_form(html: str) -> dict[str, str]:
    parser = FormFields()
    parser.feed(html)
    return parser.fields
