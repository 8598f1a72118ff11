"""Sourcing over the API, mirroring sourcing.services:

* /api/needs/ — the needs in the caller's scope (the buyer's members, staff of its place): list, read, create,
  change; /api/needs/{id}/move/ takes one pipeline step; /api/needs/{id}/makers/ the matcher's ranked makers with
  their reasons (the buyer and staff only); /api/needs/ledger/ the FX ledger of the caller's needs;
* /api/marketplace/ — published needs as makers see them: the buyer named only when it is public (otherwise
  «ناشناس», with no id, estate, national id or FX figure); /api/marketplace/{id}/interest/ to express interest;
* /api/capabilities/ — makers' capability profiles; /api/interests/ — expressions of interest.

Answers: not allowed -> 403; a stale `version` -> 409 with code "version_conflict"; a step not possible now -> 409
with code "state".
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from rownaq.core import scoping
from rownaq.core.actor import _current_actor
from rownaq.core.api import CalendarDateField, router
from rownaq.core.geo import is_country, is_currency
from rownaq.core.persian import clean_user_text
from rownaq.core.uploads import UploadRejected
from rownaq.registry.models import HsCode, Organisation
from rownaq.registry.services import changeable_units

from . import matching, services
from .filters import MarketFilter, NeedFilter
from .models import Capability, Interest, Need, NeedAttachment, NeedEvent, Process

Status = Need.Status


class ActorMixin:
    """Name the caller as the author of change records (token-authenticated requests are only known here)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        _current_actor.set(request.user if request.user.is_authenticated else None)


class SourcingErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(required=False)


# ---------------------------------------------------------------- needs (the buyer's and staff's view)


class NeedEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = NeedEvent
        fields = ["id", "at", "actor", "from_status", "to_status", "note"]
        read_only_fields = fields

    def get_actor(self, event) -> str | None:
        if event.actor is None:
            return None
        return event.actor.get_full_name() or event.actor.get_username()


class NeedAttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = NeedAttachment
        fields = ["id", "original_name", "content_type", "size", "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, attachment) -> str:
        return reverse("sourcing:attachment-download", args=[attachment.need_id, attachment.pk])


class NeedSerializer(serializers.ModelSerializer):
    """A need whole, as its buyer and staff see it; written through services.create_need / update_need."""

    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), help_text="the buyer unit; one the caller may act for"
    )
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    hs = serializers.PrimaryKeyRelatedField(queryset=HsCode.objects.all(), required=False, allow_null=True)
    processes = serializers.ListField(child=serializers.ChoiceField(choices=Process.choices), required=False)
    imports_history = serializers.DictField(
        child=serializers.DecimalField(max_digits=18, decimal_places=2, min_value=0),
        required=False,
        help_text="Jalali year -> FX value",
    )
    # Read-only model fields lose their blank choice in DRF; "" (not withdrawn) is what most needs have.
    withdraw_reason = serializers.ChoiceField(choices=Need.WithdrawReason.choices, allow_blank=True, read_only=True)
    events = NeedEventSerializer(many=True, read_only=True)
    attachments = NeedAttachmentSerializer(many=True, read_only=True)
    version = serializers.IntegerField(
        required=False, min_value=1, help_text="on change: the version the caller last read (409 if stale)"
    )

    class Meta:
        model = Need
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "title",
            "description",
            "kind",
            "hs",
            "hs_confirmed",
            "oem",
            "part_number",
            "origin_country",
            "specification",
            "processes",
            "materials",
            "annual_quantity",
            "unit",
            "annual_fx_value",
            "currency",
            "imports_history",
            "target_year",
            "visibility",
            "status",
            "withdraw_reason",
            "withdraw_note",
            "maker",
            "localized_on",
            "domestic_price_rial",
            "fx_saved_per_year",
            "published_at",
            "version",
            "created_at",
            "updated_at",
            "events",
            "attachments",
        ]
        read_only_fields = [
            "status",
            "withdraw_reason",
            "withdraw_note",
            "maker",
            "localized_on",
            "domestic_price_rial",
            "fx_saved_per_year",
            "published_at",
            "created_at",
            "updated_at",
        ]

    def validate_organisation(self, organisation):
        if self.instance is not None and organisation.pk != self.instance.organisation_id:
            raise serializers.ValidationError("واحد خریدار نیاز را نمی‌توان تغییر داد.")
        if (
            self.instance is None
            and not changeable_units(self.context["request"].user).filter(pk=organisation.pk).exists()
        ):
            raise serializers.ValidationError("ثبت نیاز برای این واحد در حوزهٔ شما نیست.")
        return organisation

    def validate_origin_country(self, value):
        if value and not is_country(value):
            raise serializers.ValidationError("کد کشور معتبر نیست.")
        return (value or "").upper()

    def validate_currency(self, value):
        if not is_currency(value) or value == "IRR":
            raise serializers.ValidationError("ارز ارزی معتبر (مانند USD) بنویسید.")
        return value

    def validate_imports_history(self, value):
        bad = [year for year in value if not (str(year).isdigit() and 1300 <= int(year) <= 1500)]
        if bad:
            raise serializers.ValidationError("سال‌ها را جلالی بنویسید (مانند 1402).")
        return {str(year): str(amount) for year, amount in value.items()}

    def validate(self, attrs):
        for name in ("title", "description", "specification", "oem", "part_number", "materials"):
            if name in attrs:
                attrs[name] = clean_user_text(attrs[name])
        hs = attrs.get("hs", getattr(self.instance, "hs", None))
        if hs is not None and hs.level != 6:
            raise serializers.ValidationError({"hs": "کد تعرفهٔ شش‌رقمی بنویسید."})
        if "hs" in attrs:
            attrs["hs_confirmed"] = bool(attrs["hs"] and attrs.get("hs_confirmed", True))
        return attrs

    def create(self, validated_data):
        validated_data.pop("version", None)
        organisation = validated_data.pop("organisation")
        return services.create_need(organisation, self.context["request"].user, validated_data)

    def update(self, instance, validated_data):
        version = validated_data.pop("version", None)
        validated_data.pop("organisation", None)
        return services.update_need(instance, self.context["request"].user, validated_data, expected_version=version)


class MoveSerializer(serializers.Serializer):
    # A plain string (checked below), so the status choices stay one enum in the schema.
    to = serializers.CharField(help_text="the status to move to: " + ", ".join(Status.values))
    version = serializers.IntegerField(min_value=1, required=False, help_text="the version the caller last read")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    maker = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, help_text="localized: the domestic maker"
    )
    localized_on = CalendarDateField(required=False, help_text="localized: the date (Gregorian, ISO)")
    domestic_price_rial = serializers.DecimalField(max_digits=22, decimal_places=0, min_value=0, required=False)
    fx_saved_per_year = serializers.DecimalField(
        max_digits=18,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text="localized: FX saved per year, in the need's currency",
    )
    withdraw_reason = serializers.ChoiceField(
        choices=Need.WithdrawReason.choices, required=False, help_text="withdrawn: why"
    )
    withdraw_note = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_to(self, value):
        if value not in Status.values:
            raise serializers.ValidationError("مرحلهٔ خواسته‌شده معتبر نیست.")
        return value


class MakerMatchSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(source="organisation.pk")
    name = serializers.CharField(source="organisation.name")
    kind = serializers.CharField(source="organisation.kind")
    province = serializers.CharField(source="organisation.county.province.name")
    estate = serializers.CharField(source="organisation.estate.name", default=None, allow_null=True)
    score = serializers.FloatField()
    good = serializers.BooleanField(help_text="score at or above the threshold of a good match")
    reasons = serializers.ListField(child=serializers.CharField())


class NeedFileSerializer(serializers.Serializer):
    file = serializers.FileField()


STEP_ERRORS = {
    400: OpenApiResponse(description="invalid input"),
    403: OpenApiResponse(SourcingErrorSerializer, description="not the caller's need"),
    404: OpenApiResponse(description="not in the caller's scope"),
    409: OpenApiResponse(
        SourcingErrorSerializer,
        description="stale version (code version_conflict) or a step not possible now (code state)",
    ),
}


def _refusal(exc) -> Response:
    if isinstance(exc, services.NeedConflict):
        return Response({"detail": str(exc), "code": "version_conflict"}, status=status.HTTP_409_CONFLICT)
    return Response({"detail": str(exc), "code": "state"}, status=status.HTTP_409_CONFLICT)


CHANGE_RESPONSES = {200: NeedSerializer, 409: STEP_ERRORS[409]}


@extend_schema_view(
    update=extend_schema(responses=CHANGE_RESPONSES), partial_update=extend_schema(responses=CHANGE_RESPONSES)
)
class NeedViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Needs in the caller's scope: their unit's, or those of the places staff look after."""

    queryset = Need.objects.select_related("organisation__county__province", "hs").prefetch_related(
        "events__actor", "attachments"
    )
    serializer_class = NeedSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = NeedFilter
    ordering_fields = ["updated_at", "annual_fx_value", "id"]
    ordering = ["-updated_at", "-id"]

    def get_queryset(self):
        return scoping.restrict(super().get_queryset(), self.request.user)

    def _owned(self):
        need = self.get_object()
        if not (services.is_owner(self.request.user, need) or services.is_staff_for(self.request.user, need)):
            raise PermissionDenied("این کار برای خریدار و کارشناسان حوزهٔ آن است.")
        return need

    def create(self, request, *args, **kwargs):
        if not changeable_units(request.user).exists():
            return Response(
                {"detail": "ثبت نیاز برای اعضای واحدها و کارشناسان سازمان است."}, status=status.HTTP_403_FORBIDDEN
            )
        try:
            return super().create(request, *args, **kwargs)
        except services.SourcingError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)

    def update(self, request, *args, **kwargs):
        self._owned()
        try:
            return super().update(request, *args, **kwargs)
        except services.SourcingError as exc:
            return _refusal(exc)

    def _read(self, need) -> Response:
        need = self.get_queryset().get(pk=need.pk)
        return Response(NeedSerializer(need, context=self.get_serializer_context()).data)

    @extend_schema(request=MoveSerializer, responses={200: NeedSerializer, **STEP_ERRORS})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """One step of the pipeline: draft -> published -> (interest) -> shortlisted -> sample -> tested ->
        contract -> localized (needs maker, localized_on, domestic_price_rial, fx_saved_per_year), or withdrawn
        (needs withdraw_reason) from any open status."""
        need = self._owned()
        serializer = MoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = {
            key: data[key]
            for key in ("maker", "localized_on", "domestic_price_rial", "fx_saved_per_year", "withdraw_reason")
            if key in data
        }
        try:
            need = services.move(
                need,
                request.user,
                data["to"],
                expected_version=data.get("version"),
                note=clean_user_text(data["note"]),
                withdraw_note=clean_user_text(data["withdraw_note"]),
                **result,
            )
        except services.SourcingError as exc:
            return _refusal(exc)
        return self._read(need)

    @extend_schema(
        responses={200: MakerMatchSerializer(many=True), 403: SourcingErrorSerializer, 404: None}, filters=False
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def makers(self, request, pk=None):
        """The domestic makers most likely to make this item, best first, with the reasons (buyer and staff)."""
        need = self.get_object()
        if not (services.is_owner(request.user, need) or scoping.access_of(request.user).is_staff):
            return Response({"detail": "فهرست سازندگان برای خریدار و کارشناسان است."}, status=status.HTTP_403_FORBIDDEN)
        return Response(MakerMatchSerializer(matching.makers_for(need, k=20), many=True).data)

    @extend_schema(request={"multipart/form-data": NeedFileSerializer}, responses={200: NeedSerializer, **STEP_ERRORS})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def attach(self, request, pk=None):
        """Add a drawing, photo or PDF (checked by what it is, not by its name)."""
        need = self._owned()
        serializer = NeedFileSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        try:
            services.attach(need, request.user, upload.name, upload.read(settings.ATTACHMENT_MAX_BYTES + 1))
        except UploadRejected as exc:
            return Response({"file": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        except services.SourcingError as exc:
            return _refusal(exc)
        return self._read(need)

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, filters=False)
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def ledger(self, request):
        """FX value of the listed needs, of those localized, and the FX saved per year (per currency); by estate,
        ISIC division and item kind; over the needs in the caller's scope."""
        return Response(services.ledger(self.get_queryset()))


# ---------------------------------------------------------------- the marketplace (makers' view)


class MarketNeedSerializer(serializers.ModelSerializer):
    """A published need as a maker sees it: the buyer only by services.buyer_label; no FX figures, imports or
    estate; attachments only of public needs."""

    buyer = serializers.SerializerMethodField(help_text="the buyer's name, or «ناشناس» when it is anonymous")
    # Plain strings: the same choices as /api/needs/ (one enum each in the schema).
    kind = serializers.CharField(read_only=True, help_text="item kind (as in /api/needs/)")
    status = serializers.CharField(read_only=True, help_text="pipeline status (as in /api/needs/)")
    buyer_organisation = serializers.SerializerMethodField(help_text="the buyer's id, only when it is public")
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = Need
        fields = [
            "id",
            "title",
            "description",
            "specification",
            "kind",
            "hs",
            "oem",
            "part_number",
            "origin_country",
            "processes",
            "materials",
            "annual_quantity",
            "unit",
            "target_year",
            "status",
            "published_at",
            "buyer",
            "buyer_organisation",
            "attachments",
        ]
        read_only_fields = fields

    def _visible(self, need) -> bool:
        return services.buyer_visible_to(self.context["request"].user, need)

    def get_buyer(self, need) -> str:
        return services.buyer_label(self.context["request"].user, need)

    def get_buyer_organisation(self, need) -> int | None:
        return need.organisation_id if self._visible(need) else None

    @extend_schema_field(NeedAttachmentSerializer(many=True))
    def get_attachments(self, need):
        if need.visibility != Need.Visibility.PUBLIC and not self._visible(need):
            return []
        return NeedAttachmentSerializer(need.attachments.all(), many=True).data


class InterestInputSerializer(serializers.Serializer):
    maker = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), help_text="the maker organisation the caller acts for"
    )
    message = serializers.CharField(required=False, allow_blank=True, default="")


class InterestSerializer(serializers.ModelSerializer):
    maker_name = serializers.CharField(source="maker.name", read_only=True)

    class Meta:
        model = Interest
        fields = ["id", "need", "maker", "maker_name", "message", "status", "created_at"]
        read_only_fields = ["status", "created_at"]

    def validate_message(self, value):
        return clean_user_text(value)


class MarketplaceViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    """Published needs for registered makers (and staff), anonymity applied."""

    queryset = Need.objects.none()
    serializer_class = MarketNeedSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = MarketFilter
    ordering_fields = ["published_at", "id"]
    ordering = ["-published_at", "-id"]

    def get_queryset(self):
        return services.marketplace(self.request.user).prefetch_related("attachments")

    @extend_schema(
        request=InterestInputSerializer,
        responses={201: InterestSerializer, 403: SourcingErrorSerializer, 409: SourcingErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def interest(self, request, pk=None):
        """Express interest in making this item, on behalf of one of the caller's maker organisations."""
        need = self.get_object()
        serializer = InterestInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        maker = serializer.validated_data["maker"]
        if not services.maker_organisations(request.user).filter(pk=maker.pk).exists():
            return Response(
                {"detail": "ابراز تمایل از طرف سازمانی ممکن است که عضو آن هستید."}, status=status.HTTP_403_FORBIDDEN
            )
        try:
            interest = services.express_interest(
                need, request.user, maker, clean_user_text(serializer.validated_data["message"])
            )
        except services.SourcingError as exc:
            return Response({"detail": str(exc), "code": "state"}, status=status.HTTP_409_CONFLICT)
        return Response(InterestSerializer(interest).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------- interests and capabilities


class InterestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Expressions of interest: those on needs in the caller's scope, and those the caller's makers sent.
    New ones through /api/marketplace/{id}/interest/."""

    queryset = Interest.objects.select_related("maker")
    serializer_class = InterestSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["need", "maker", "status"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        user = self.request.user
        needs = scoping.restrict(Need.objects.all(), user).values("pk")
        makers = services.maker_organisations(user).values("pk")
        return super().get_queryset().filter(Q(need__in=needs) | Q(maker__in=makers))


class CapabilitySerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    processes = serializers.ListField(child=serializers.ChoiceField(choices=Process.choices), required=False)
    hs_codes = serializers.PrimaryKeyRelatedField(queryset=HsCode.objects.all(), many=True, required=False)

    class Meta:
        model = Capability
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "summary",
            "processes",
            "materials",
            "equipment",
            "certifications",
            "capacity",
            "hs_codes",
            "accepts_new_work",
            "notify",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate_organisation(self, organisation):
        user = self.context["request"].user
        if self.instance is not None and organisation.pk != self.instance.organisation_id:
            raise serializers.ValidationError("سازمانِ نمایه را نمی‌توان تغییر داد.")
        if organisation.kind not in services.MAKER_KINDS:
            raise serializers.ValidationError("توانمندی ساخت برای واحدها، شرکت‌های دانش‌بنیان و گروه‌های مهندسی است.")
        if not services.may_edit_capability(user, organisation):
            raise serializers.ValidationError("نمایهٔ این سازمان در حوزهٔ شما نیست.")
        if self.instance is None and Capability.objects.filter(organisation=organisation).exists():
            raise serializers.ValidationError("این سازمان نمایهٔ توانمندی دارد؛ همان را ویرایش کنید.")
        return organisation

    def validate(self, attrs):
        for name in ("summary", "materials", "equipment", "certifications", "capacity"):
            if name in attrs:
                attrs[name] = clean_user_text(attrs[name])
        return attrs

    def _save(self, organisation, validated):
        codes = validated.pop("hs_codes", None)
        validated.pop("organisation", None)
        return services.save_capability(organisation, self.context["request"].user, validated, codes)

    def create(self, validated_data):
        return self._save(validated_data["organisation"], validated_data)

    def update(self, instance, validated_data):
        return self._save(instance.organisation, validated_data)


class CapabilityViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """What makers say they can make: the caller's own organisations', or (staff) those of their places."""

    queryset = Capability.objects.select_related("organisation").prefetch_related("hs_codes")
    serializer_class = CapabilitySerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["organisation", "accepts_new_work"]
    ordering = ["organisation__name", "id"]

    def get_queryset(self):
        return scoping.restrict(super().get_queryset(), self.request.user)

    def update(self, request, *args, **kwargs):
        capability = self.get_object()
        if not services.may_edit_capability(request.user, capability.organisation):
            return Response({"detail": "ویرایش این نمایه در حوزهٔ شما نیست."}, status=status.HTTP_403_FORBIDDEN)
        return super().update(request, *args, **kwargs)


router.register("needs", NeedViewSet)
router.register("marketplace", MarketplaceViewSet, basename="marketplace")
router.register("interests", InterestViewSet)
router.register("capabilities", CapabilityViewSet)
