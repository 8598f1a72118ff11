import django_filters
from django.utils import timezone

from rownaq.places.models import Estate
from rownaq.registry.models import Organisation

from .models import Case, Category, Meeting, RoutingRule


class CaseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label="وضعیت", choices=Case.Status.choices, empty_label="همه")
    category = django_filters.ChoiceFilter(label="دسته", choices=Category.choices, empty_label="همه")
    body = django_filters.ModelChoiceFilter(
        label="نهاد مسئول",
        queryset=Organisation.objects.none(),
        field_name="referrals__body",
        distinct=True,
        empty_label="همه",
    )
    estate = django_filters.ModelChoiceFilter(
        label="شهرک", field_name="organisation__estate", queryset=Estate.objects.none(), empty_label="همه"
    )
    overdue = django_filters.ChoiceFilter(
        label="مهلت", method="filter_overdue", empty_label="همه", choices=[("yes", "گذشته از مهلت"), ("no", "در مهلت")]
    )

    class Meta:
        model = Case
        fields = ["status", "category", "body", "estate", "overdue"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["body"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.AGENCY, referrals__isnull=False
        ).distinct()
        self.filters["estate"].queryset = Estate.objects.filter(organisations__cases__isnull=False).distinct()

    def filter_overdue(self, queryset, name, value):
        late = {"status__in": Case.OPEN_STATUSES, "due_date__lt": timezone.localdate()}
        if value == "yes":
            return queryset.filter(**late)
        if value == "no":
            return queryset.exclude(**late)
        return queryset


class RoutingRuleFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(label="دسته", choices=Category.choices, empty_label="همه")
    body = django_filters.ModelChoiceFilter(label="نهاد مسئول", queryset=Organisation.objects.none(), empty_label="همه")
    active = django_filters.ChoiceFilter(
        label="فعال", choices=[("yes", "فعال"), ("no", "غیرفعال")], method="filter_active", empty_label="همه"
    )

    class Meta:
        model = RoutingRule
        fields = ["category", "body", "active"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["body"].queryset = Organisation.objects.filter(kind=Organisation.Kind.AGENCY)

    def filter_active(self, queryset, name, value):
        return queryset.filter(active=value == "yes") if value in ("yes", "no") else queryset


class MeetingFilter(django_filters.FilterSet):
    attendee = django_filters.ModelChoiceFilter(
        label="نهاد حاضر",
        field_name="attendees",
        queryset=Organisation.objects.none(),
        empty_label="همه",
        distinct=True,
    )

    class Meta:
        model = Meeting
        fields = ["attendee"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["attendee"].queryset = Organisation.objects.filter(kind=Organisation.Kind.AGENCY)
