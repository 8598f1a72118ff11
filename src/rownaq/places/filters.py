import django_filters

from .models import County, Estate, Province


class EstateFilter(django_filters.FilterSet):
    province = django_filters.ModelChoiceFilter(
        label="استان", field_name="county__province", queryset=Province.objects.all(), empty_label="همه"
    )
    county = django_filters.ModelChoiceFilter(label="شهرستان", queryset=County.objects.none(), empty_label="همه")
    kind = django_filters.ChoiceFilter(label="نوع", choices=Estate.Kind.choices, empty_label="همه")

    class Meta:
        model = Estate
        fields = ["province", "county", "kind"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["county"].queryset = County.objects.filter(estates__isnull=False).distinct()
