import django_filters
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from rownaq.core import scoping
from rownaq.core.api import ScopedModelViewSet, router
from rownaq.core.national_id import InvalidNationalId, validate_national_id
from rownaq.core.persian import clean_user_text
from rownaq.core.search import search_queryset

from .models import HsCode, IsicCode, Organisation, Product
from .reference import hs_codes_for_isic, isic_classes_for_hs


class IsicCodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = IsicCode
        fields = ["code", "level", "parent", "section", "title_en", "title_fa"]


class HsCodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = HsCode
        fields = ["code", "level", "parent", "section", "title_en", "title_fa"]


class ProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = Product
        fields = ["id", "organisation", "name", "hs", "annual_capacity", "unit", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate_organisation(self, organisation):
        if not scoping.can(self.context["request"].user, scoping.CHANGE, organisation):
            raise serializers.ValidationError("این واحد در حوزهٔ شما نیست.")
        return organisation

    def validate_name(self, value):
        return clean_user_text(value)


class OrganisationSerializer(serializers.ModelSerializer):
    products = ProductSerializer(many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "kind",
            "name",
            "name_en",
            "national_id",
            "county",
            "estate",
            "address",
            "latitude",
            "longitude",
            "phone",
            "email",
            "website",
            "isic",
            "licence_number",
            "licence_date",
            "employees",
            "status",
            "usual_shifts",
            "is_exporter",
            "knowledge_based_certified",
            "knowledge_based_expiry",
            "description",
            "products",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    # What only the organization's staff decide: a member may not change their unit's kind, place or status.
    STAFF_ONLY_FIELDS = ("kind", "county", "estate", "status")

    def validate(self, attrs):
        user = self.context["request"].user
        if self.instance is not None and not scoping.may_oversee(user, self.instance):
            changed = [
                name for name in self.STAFF_ONLY_FIELDS if name in attrs and attrs[name] != getattr(self.instance, name)
            ]
            if changed:
                raise serializers.ValidationError(
                    dict.fromkeys(changed, "این مورد را فقط کارشناسان سازمان تغییر می\u200cدهند.")
                )
        return self._validate_place_and_rules(attrs)

    def validate_national_id(self, value):
        if not value:
            return None
        try:
            return validate_national_id(value)
        except InvalidNationalId as exc:
            raise serializers.ValidationError(str(exc)) from exc

    def validate_name(self, value):
        return clean_user_text(value)

    def _validate_place_and_rules(self, attrs):
        user = self.context["request"].user
        county = attrs.get("county", getattr(self.instance, "county", None))
        estate = attrs.get("estate", getattr(self.instance, "estate", None))
        moving = self.instance is None or "county" in attrs or "estate" in attrs
        if moving and county is not None:
            allowed = scoping.may_edit_place(user, county, estate)
            unchanged = (
                self.instance is not None
                and county.pk == self.instance.county_id
                and (getattr(estate, "pk", None) == self.instance.estate_id)
            )
            if not (allowed or unchanged):
                raise serializers.ValidationError({"county": "این مکان در حوزهٔ ویرایش شما نیست."})
        candidate = Organisation(**{**self._instance_values(), **attrs})
        candidate.pk = getattr(self.instance, "pk", None)
        try:
            candidate.clean()
        except Exception as exc:  # django ValidationError -> DRF errors, field by field
            raise serializers.ValidationError(getattr(exc, "message_dict", {"non_field_errors": [str(exc)]})) from exc
        return attrs

    def _instance_values(self):
        if self.instance is None:
            return {}
        return {f.name: getattr(self.instance, f.name) for f in Organisation._meta.concrete_fields if not f.primary_key}


class OrganisationFilterSet(django_filters.FilterSet):
    province = django_filters.NumberFilter(field_name="county__province")
    isic_division = django_filters.CharFilter(field_name="isic__code", lookup_expr="startswith")
    q = django_filters.CharFilter(method="search", label="search")

    class Meta:
        model = Organisation
        fields = [
            "kind",
            "status",
            "usual_shifts",
            "county",
            "estate",
            "province",
            "isic",
            "is_exporter",
            "isic_division",
            "national_id",
        ]

    def search(self, queryset, name, value):
        return search_queryset(queryset, value)


class OrganisationViewSet(ScopedModelViewSet):
    queryset = Organisation.objects.select_related("county", "estate").prefetch_related("products")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    ordering_fields = ["name", "employees", "updated_at", "id"]
    ordering = ["name"]

    def perform_destroy(self, instance):
        with transaction.atomic():
            instance.delete()


class ProductViewSet(ScopedModelViewSet):
    queryset = Product.objects.select_related("organisation")
    serializer_class = ProductSerializer
    filterset_fields = ["organisation", "hs", "unit"]
    ordering_fields = ["name", "id"]
    ordering = ["id"]


class IsicCodeViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = IsicCode.objects.all()
    serializer_class = IsicCodeSerializer
    filterset_fields = ["level", "section", "parent"]

    @extend_schema(responses=HsCodeSerializer(many=True))
    @action(detail=True, url_path="hs-codes", filter_backends=[])  # paginated, but the list's filters do not apply
    def hs_codes(self, request, pk=None):
        """HS 2022 subheadings that this ISIC class makes (through the concordance chain)."""
        page = self.paginate_queryset(hs_codes_for_isic(self.get_object().code))
        return self.get_paginated_response(HsCodeSerializer(page, many=True).data)


class HsCodeViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = HsCode.objects.all()
    serializer_class = HsCodeSerializer
    filterset_fields = ["level", "section", "parent"]

    @extend_schema(responses=IsicCodeSerializer(many=True))
    @action(detail=True, url_path="isic-classes", pagination_class=None, filter_backends=[])  # a short plain list
    def isic_classes(self, request, pk=None):
        """ISIC Rev.4 classes that make this product: HS 2022 -> HS 2007 -> ISIC 3 -> 3.1 -> 4."""
        return Response(IsicCodeSerializer(isic_classes_for_hs(self.get_object().code), many=True).data)


router.register("organisations", OrganisationViewSet)
router.register("products", ProductViewSet)
router.register("isic", IsicCodeViewSet)
router.register("hs", HsCodeViewSet)
