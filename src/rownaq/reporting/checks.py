"""Validation of a monthly report, without Django: hard errors block submission, soft warnings are shown to the
unit and flagged for the reviewer.

Outliers are judged against the unit's own history with the median absolute deviation (a robust z-score), so one
strange month in the past does not hide a strange month now.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from rownaq.core.jalali import JalaliMonth
from rownaq.core.persian import format_number, to_persian_digits

UTILISATION_WARNING_PERCENT = Decimal(120)
# Iglewicz & Hoaglin: a modified z-score above 3.5 is a likely outlier.
ROBUST_Z_LIMIT = 3.5
MIN_HISTORY = 4


@dataclass(frozen=True)
class Issue:
    field: str
    message: str
    code: str = ""

    @property
    def key(self) -> str:
        """Names one warning (the same field can raise two) so the unit's explanation is tied to it."""
        return f"{self.code}:{self.field}"


@dataclass
class ProductionFigure:
    product: str
    quantity: Decimal | None
    monthly_capacity: Decimal | None  # nominal annual capacity / 12


@dataclass
class MoneyFigure:
    label: str
    value: Decimal | None
    currency: str
    quantity: Decimal | None = None


@dataclass
class ReportFigures:
    period: JalaliMonth
    shifts_worked: int | None
    working_days: int | None
    employees_total: int | None
    employees_by_shift: list[int | None] = field(default_factory=list)
    production: list[ProductionFigure] = field(default_factory=list)
    exports: list[MoneyFigure] = field(default_factory=list)
    imports: list[MoneyFigure] = field(default_factory=list)
    domestic_sales: Decimal | None = None


def utilisation_percent(quantity: Decimal | None, monthly_capacity: Decimal | None) -> Decimal | None:
    if quantity is None or not monthly_capacity:
        return None
    return (Decimal(quantity) * 100 / Decimal(monthly_capacity)).quantize(Decimal("0.1"))


# The first month a report may be for: the organization's registry and reference data (HS, ISIC Rev.4) cover no
# earlier period, so anything before it is a typo (a report for 1200/01 was once accepted).
FIRST_REPORTABLE_MONTH = JalaliMonth(1390, 1)


def period_error(
    period: JalaliMonth, current: JalaliMonth, first: JalaliMonth = FIRST_REPORTABLE_MONTH
) -> Issue | None:
    """Whether a month can be reported: it has ended (so never the current month, nor a later one), and it is not
    before `first`, the first month the organization's data can exist for (a typo such as 1200/01 is refused)."""
    if period >= current:
        return Issue(
            "period", f"ماه {period.label} هنوز تمام نشده است؛ گزارش هر ماه پس از پایان آن ثبت می‌شود.", "not_ended"
        )
    if period < first:
        return Issue(
            "period",
            f"ماه {period.label} پیش از آغاز گزارش‌گیری سامانه ({first.label}) است؛ سال و ماه را بررسی کنید.",
            "too_early",
        )
    return None


def hard_errors(
    figures: ReportFigures, current: JalaliMonth, first: JalaliMonth = FIRST_REPORTABLE_MONTH
) -> list[Issue]:
    errors: list[Issue] = []
    if (issue := period_error(figures.period, current, first)) is not None:
        errors.append(issue)
    if figures.shifts_worked not in (1, 2, 3):
        errors.append(Issue("shifts_worked", "تعداد نوبت کاری باید ۱، ۲ یا ۳ باشد.", "shifts"))
    if figures.working_days is None or not 0 <= figures.working_days <= figures.period.days:
        errors.append(
            Issue("working_days", f"روزهای کاری باید بین ۰ و {to_persian_digits(figures.period.days)} باشد.", "days")
        )
    if figures.employees_total is None or figures.employees_total < 0:
        errors.append(Issue("employees_total", "تعداد کل کارکنان را (صفر یا بیشتر) وارد کنید.", "employees"))
    by_shift = [n for n in figures.employees_by_shift if n is not None]
    if any(n < 0 for n in by_shift):
        errors.append(Issue("employees_by_shift", "تعداد کارکنان نوبت‌ها نمی‌تواند منفی باشد.", "negative"))
    elif figures.employees_total is not None and sum(by_shift) > figures.employees_total:
        errors.append(Issue("employees_by_shift", "جمع کارکنان نوبت‌ها از کل کارکنان بیشتر است.", "shift_sum"))
    if figures.shifts_worked in (1, 2, 3):
        extra = [i + 1 for i, n in enumerate(figures.employees_by_shift) if i >= figures.shifts_worked and n]
        if extra:
            errors.append(
                Issue(
                    "employees_by_shift",
                    f"برای نوبت {to_persian_digits(extra[0])} کارکن ثبت شده ولی تعداد نوبت‌ها "
                    f"{to_persian_digits(figures.shifts_worked)} است.",
                    "shift_staff",
                )
            )
    if figures.domestic_sales is not None and figures.domestic_sales < 0:
        errors.append(Issue("domestic_sales", "فروش داخلی نمی‌تواند منفی باشد.", "negative"))
    for line in figures.production:
        if line.quantity is not None and line.quantity < 0:
            errors.append(Issue("production", f"تولید «{line.product}» منفی است.", "negative"))
    for kind, lines in (("exports", figures.exports), ("imports", figures.imports)):
        for line in lines:
            if line.value is not None and line.value < 0 or line.quantity is not None and line.quantity < 0:
                errors.append(Issue(kind, f"مقدار یا ارزش «{line.label}» منفی است.", "negative"))
            if line.value and not line.currency:
                errors.append(Issue(kind, f"ارز ارزش «{line.label}» را انتخاب کنید.", "currency"))
    return errors


def robust_z(value: float, history: list[float]) -> float | None:
    """The modified z-score of value against history, or None when history is too short or flat to judge."""
    if len(history) < MIN_HISTORY:
        return None
    median = statistics.median(history)
    mad = statistics.median(abs(x - median) for x in history)
    if mad == 0:
        # A flat history: judge by relative distance instead, so 100 -> 100 -> 100 -> 900 is still flagged.
        if median == 0:
            return None if value == 0 else float("inf")
        return abs(value - median) / abs(median) * 10
    return 0.6745 * (value - median) / mad


def soft_warnings(figures: ReportFigures, history: dict[str, list[float]]) -> list[Issue]:
    """Warnings: utilisation over 120%, or a figure far outside the unit's own recent history."""
    warnings: list[Issue] = []
    for line in figures.production:
        percent = utilisation_percent(line.quantity, line.monthly_capacity)
        if percent is not None and percent > UTILISATION_WARNING_PERCENT:
            warnings.append(
                Issue(
                    f"production:{line.product}",
                    f"استفاده از ظرفیت «{line.product}» {format_number(percent)}٪ است "
                    f"(بیش از {format_number(UTILISATION_WARNING_PERCENT)}٪ ظرفیت اسمی).",
                    "utilisation",
                )
            )
    current = {
        "employees_total": figures.employees_total,
        "working_days": figures.working_days,
        "export_value": float(sum((m.value or 0) for m in figures.exports)) if figures.exports else None,
        "import_value": float(sum((m.value or 0) for m in figures.imports)) if figures.imports else None,
    }
    for line in figures.production:
        current[f"production:{line.product}"] = line.quantity
    labels = {
        "employees_total": "تعداد کارکنان",
        "working_days": "روزهای کاری",
        "export_value": "ارزش صادرات",
        "import_value": "ارزش واردات",
    }
    for key, value in current.items():
        if value is None:
            continue
        z = robust_z(float(value), history.get(key, []))
        if z is not None and abs(z) > ROBUST_Z_LIMIT:
            label = labels.get(key) or f"تولید «{key.split(':', 1)[1]}»"
            median = statistics.median(history[key])
            warnings.append(
                Issue(
                    key,
                    f"{label} ({format_number(value)}) با سابقهٔ واحد بسیار متفاوت است "
                    f"(میانهٔ ماه‌های قبل: {format_number(round(median, 2))}).",
                    "outlier",
                )
            )
    return warnings
