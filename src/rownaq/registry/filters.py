import django_filters
from django.db.models import Q

from rownaq.core import scoping
from rownaq.core.persian import digits_only
from rownaq.places.models import County, Estate

from .models import IsicCode, Organisation, Product


def _division_choices():
    return [(c.code, str(c)) for c in IsicCode.objects.filter(level=IsicCode.Level.DIVISION)]


class OrganisationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="نوع", choices=Organisation.Kind.choices, empty_label="همهٔ انواع")
    status = django_filters.ChoiceFilter(label="وضعیت", choices=Organisation.Status.choices, empty_label="همه")
    usual_shifts = django_filters.ChoiceFilter(
        label="نوبت کاری", choices=[(1, "۱ نوبت"), (2, "۲ نوبت"), (3, "۳ نوبت")], empty_label="همه"
    )
    county = django_filters.ModelChoiceFilter(label="شهرستان", queryset=County.objects.none(), empty_label="همه")
    estate = django_filters.ModelChoiceFilter(label="شهرک", queryset=Estate.objects.none(), empty_label="همه")
    isic_division = django_filters.ChoiceFilter(
        label="قسمت آیسیک", choices=_division_choices, method="filter_isic_division", empty_label="همه"
    )
    is_exporter = django_filters.BooleanFilter(label="صادرکننده")
    hs = django_filters.CharFilter(label="کد تعرفهٔ محصول", method="filter_hs")

    class Meta:
        model = Organisation
        fields = ["kind", "status", "usual_shifts", "county", "estate", "isic_division", "is_exporter", "hs"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request else None
        # Offer only the places that hold organisations this user can see.
        visible = scoping.restrict(Organisation.objects.all(), user)
        self.filters["county"].queryset = County.objects.filter(organisations__in=visible).distinct()
        self.filters["estate"].queryset = Estate.objects.filter(organisations__in=visible).distinct()

    def filter_isic_division(self, queryset, name, value):
        return queryset.filter(isic__code__startswith=value) if value else queryset

    def filter_hs(self, queryset, name, value):
        digits = digits_only(value)
        return queryset.filter(Q(products__hs__code__startswith=digits)).distinct() if digits else queryset


class ProductFilter(django_filters.FilterSet):
    hs = django_filters.CharFilter(field_name="hs__code", lookup_expr="startswith", label="کد تعرفه")
    organisation = django_filters.NumberFilter(field_name="organisation_id", label="واحد")

    class Meta:
        model = Product
        fields = ["hs", "organisation", "unit"]
