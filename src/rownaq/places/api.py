import django_filters
from rest_framework import serializers, viewsets

from rownaq.core.api import ScopedModelViewSet, router

from .models import County, Estate, Province


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["id", "code", "name", "name_en", "center"]


class CountySerializer(serializers.ModelSerializer):
    class Meta:
        model = County
        fields = ["id", "province", "name", "name_en"]


class EstateSerializer(serializers.ModelSerializer):
    province = serializers.IntegerField(source="county.province_id", read_only=True)

    class Meta:
        model = Estate
        fields = [
            "id",
            "county",
            "province",
            "name",
            "name_en",
            "kind",
            "operator",
            "area_hectares",
            "latitude",
            "longitude",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate_county(self, county):
        request = self.context["request"]
        from rownaq.core import scoping

        if not scoping.may_edit_place(request.user, county):
            raise serializers.ValidationError("این شهرستان در حوزهٔ ویرایش شما نیست.")
        return county


class ProvinceViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Province.objects.all()
    serializer_class = ProvinceSerializer
    filterset_fields = ["code"]
    pagination_class = None


class CountyViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = County.objects.select_related("province")
    serializer_class = CountySerializer
    filterset_fields = ["province"]


class EstateFilterSet(django_filters.FilterSet):
    province = django_filters.NumberFilter(field_name="county__province")

    class Meta:
        model = Estate
        fields = ["county", "province", "kind"]


class EstateViewSet(ScopedModelViewSet):
    queryset = Estate.objects.select_related("county")
    serializer_class = EstateSerializer
    filterset_class = EstateFilterSet
    ordering_fields = ["name", "id"]
    ordering = ["name"]


router.register("provinces", ProvinceViewSet)
router.register("counties", CountyViewSet)
router.register("estates", EstateViewSet)
