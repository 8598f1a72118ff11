"""List filters. The marketplace's filter has no estate or buyer: filtering by them would tell a maker where an
anonymous buyer is."""

import django_filters
from django.db.models import Q

from rownaq.core.persian import digits_only
from rownaq.places.models import Estate

from .models import ItemKind, Need


def hs_prefix(queryset, name, value):
    digits = digits_only(value)
    return queryset.filter(hs__code__startswith=digits) if digits else queryset


class NeedFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label="وضعیت", choices=Need.Status.choices, empty_label="همه")
    kind = django_filters.ChoiceFilter(label="نوع قلم", choices=ItemKind.choices, empty_label="همه")
    estate = django_filters.ModelChoiceFilter(
        label="شهرک", field_name="organisation__estate", queryset=Estate.objects.none(), empty_label="همه"
    )
    hs = django_filters.CharFilter(
        label="کد تعرفه (آغاز آن)", method=lambda qs, name, value: hs_prefix(qs, name, value)
    )

    class Meta:
        model = Need
        fields = ["status", "kind", "estate", "hs"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["estate"].queryset = Estate.objects.filter(organisations__needs__isnull=False).distinct()


class MarketFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="نوع قلم", choices=ItemKind.choices, empty_label="همه")
    hs = django_filters.CharFilter(
        label="کد تعرفه (آغاز آن)", method=lambda qs, name, value: hs_prefix(qs, name, value)
    )
    stage = django_filters.ChoiceFilter(
        label="مرحله",
        empty_label="همه",
        method="filter_stage",
        choices=[("open", "پذیرای ابراز تمایل"), ("later", "در مراحل بعد")],
    )

    class Meta:
        model = Need
        fields = ["kind", "hs", "stage"]

    def filter_stage(self, queryset, name, value):
        early = Q(status__in=[Need.Status.PUBLISHED, Need.Status.INTEREST])
        if value == "open":
            return queryset.filter(early)
        if value == "later":
            return queryset.exclude(early)
        return queryset
