import django_filters

from rownaq.core.geo import COUNTRY_CHOICES
from rownaq.places.models import Province

from .models import ExportMeeting, Tour


class TourFilter(django_filters.FilterSet):
    province = django_filters.ModelChoiceFilter(label="استان", queryset=Province.objects.all(), empty_label="همه")

    class Meta:
        model = Tour
        fields = ["province"]


class ExportMeetingFilter(django_filters.FilterSet):
    country = django_filters.ChoiceFilter(label="کشور هدف", choices=COUNTRY_CHOICES, empty_label="همه")
    province = django_filters.ModelChoiceFilter(label="استان", queryset=Province.objects.all(), empty_label="همه")

    class Meta:
        model = ExportMeeting
        fields = ["country", "province"]
