"""Totals in one currency: amounts in many currencies turned into rials at the rates staff keep (ExchangeRate).

A total is given only when every currency in it has a rate in force on the day asked; otherwise it says which
currencies lack one, so that no figure silently leaves a currency out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from .models import ExchangeRate

RIAL = "IRR"


@dataclass
class RialTotal:
    total: Decimal | None  # None when a currency has no rate
    rates: dict[str, ExchangeRate] = field(default_factory=dict)  # the rates used
    missing: list[str] = field(default_factory=list)  # currencies without a rate on that day

    @property
    def complete(self) -> bool:
        return self.total is not None


# Sample rates for the demo only, labelled as such; production keeps real ones (admin: «نرخ‌های ارز»).
SAMPLE_RATES = {"USD": Decimal("600000"), "EUR": Decimal("650000"), "AED": Decimal("163000"), "CNY": Decimal("83000")}
SAMPLE_SOURCE = "نرخ نمونه برای نمایش (واقعی نیست)"


def load_sample_rates(valid_from: dt.date) -> int:
    """The demo's rates (idempotent); returns how many were added."""
    added = 0
    for currency, rate in SAMPLE_RATES.items():
        _rate, created = ExchangeRate.objects.get_or_create(
            currency=currency, valid_from=valid_from, defaults={"rial_per_unit": rate, "source": SAMPLE_SOURCE}
        )
        added += created
    return added


def rates_on(day: dt.date, currencies) -> dict[str, ExchangeRate]:
    """The rate in force on `day` for each currency that has one."""
    found = {}
    for rate in ExchangeRate.objects.filter(currency__in=set(currencies), valid_from__lte=day).order_by(
        "currency", "-valid_from"
    ):
        found.setdefault(rate.currency, rate)
    return found


def total_in_rials(amounts: list[tuple[Decimal, str]], day: dt.date) -> RialTotal:
    """Sum (amount, currency) pairs in rials at the rates in force on `day`."""
    currencies = {currency for _amount, currency in amounts if currency and currency != RIAL}
    rates = rates_on(day, currencies)
    missing = sorted(currencies - set(rates))
    if missing or not amounts:
        return RialTotal(None, rates, missing)
    total = sum(
        (Decimal(amount) * (rates[currency].rial_per_unit if currency != RIAL else 1) for amount, currency in amounts),
        Decimal(0),
    )
    return RialTotal(total.quantize(Decimal(1)), rates, [])
