"""The API of tours (stages, visits, invitations) and export meetings (leads). Rows are those core.scoping lets the
caller see; writes to a tour's parts need the change right on the tour; invitees answer through `rsvp` and units
follow their leads up by status only."""

import datetime as dt

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from rownaq.core import scoping
from rownaq.core.api import ScopedModelViewSet, ScopePermission, router
from rownaq.core.geo import COUNTRY_CHOICES, CURRENCY_CHOICES
from rownaq.core.persian import clean_user_text

from . import services
from .models import ExportMeeting, ForeignPartner, Invitation, Lead, Participant, Tour, TourStage, Visit

NOT_ORGANISER = "این کار تنها از کارشناسان برگزارکنندهٔ این برنامه برمی‌آید."


class EventRefusalSerializer(serializers.Serializer):
    detail = serializers.CharField()


class OrganiserPermission(ScopePermission):
    """Tours and export meetings are created only by staff who may organise in some province (an estate's or a
    read-only expert may not), whatever the province they name."""

    def has_permission(self, request, view):
        if request.method == "POST" and view.action == "create":
            return bool(
                request.user and request.user.is_authenticated and services.organiser_provinces(request.user).exists()
            )
        return super().has_permission(request, view)


def _user(serializer):
    return serializer.context["request"].user


def _must_organise(serializer, obj, field: str):
    if obj is not None and not services.may_organise(_user(serializer), obj):
        raise serializers.ValidationError({field: NOT_ORGANISER})


# ---------------------------------------------------------------- tours


class TourSerializer(serializers.ModelSerializer):
    stages = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Tour
        fields = ["id", "title", "province", "description", "created_by", "stages", "created_at", "updated_at"]
        read_only_fields = ["created_by", "created_at", "updated_at"]

    def validate_title(self, value):
        return clean_user_text(value)

    def validate_province(self, province):
        if not services.organiser_provinces(_user(self)).filter(pk=province.pk).exists():
            raise serializers.ValidationError("برگزاری تور در این استان در حوزهٔ شما نیست.")
        return province


class StageSerializer(serializers.ModelSerializer):
    meeting_latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, min_value=-90, max_value=90
    )
    meeting_longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, min_value=-180, max_value=180
    )

    class Meta:
        model = TourStage
        fields = [
            "id",
            "tour",
            "number",
            "date",
            "estate",
            "meeting_point",
            "meeting_latitude",
            "meeting_longitude",
            "start_time",
            "end_time",
            "speed_kmh",
            "planned_at",
            "plan_problems",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["planned_at", "plan_problems", "created_at", "updated_at"]
        validators = []  # (tour, number) is checked in validate() with a Persian message

    def validate_tour(self, tour):
        if not services.may_organise(_user(self), tour):
            raise serializers.ValidationError(NOT_ORGANISER)
        return tour

    def validate(self, attrs):
        tour = attrs.get("tour", getattr(self.instance, "tour", None))
        if self.instance is not None and "tour" in attrs and attrs["tour"] != self.instance.tour:
            raise serializers.ValidationError({"tour": "مرحله را نمی‌توان به تور دیگری برد."})
        estate = attrs.get("estate", getattr(self.instance, "estate", None))
        if estate is not None and tour is not None and estate.county.province_id != tour.province_id:
            raise serializers.ValidationError({"estate": "این شهرک در استان تور نیست."})
        start = attrs.get("start_time", getattr(self.instance, "start_time", None))
        end = attrs.get("end_time", getattr(self.instance, "end_time", None))
        if start and end and end <= start:
            raise serializers.ValidationError({"end_time": "ساعت پایان باید پس از ساعت شروع باشد."})
        number = attrs.get("number", getattr(self.instance, "number", None))
        taken = TourStage.objects.filter(tour=tour, number=number).exclude(pk=getattr(self.instance, "pk", None))
        if tour is not None and taken.exists():
            raise serializers.ValidationError({"number": "این شماره را مرحلهٔ دیگری از همین تور دارد."})
        for name, default in (("meeting_latitude", "latitude"), ("meeting_longitude", "longitude")):
            if attrs.get(name) is None and getattr(self.instance, name, None) is None:
                value = getattr(estate, default, None)
                if value is None:
                    raise serializers.ValidationError(
                        {name: "این شهرک موقعیت ثبت‌شده ندارد؛ موقعیت محل گردهمایی را بدهید."}
                    )
                attrs[name] = value
        return attrs


class VisitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Visit
        fields = [
            "id",
            "stage",
            "organisation",
            "duration_minutes",
            "opens",
            "closes",
            "pinned_position",
            "position",
            "arrival",
            "departure",
        ]
        read_only_fields = ["position", "arrival", "departure"]
        validators = []

    def validate_stage(self, stage):
        if not services.may_organise(_user(self), stage):
            raise serializers.ValidationError(NOT_ORGANISER)
        if self.instance is not None and stage != self.instance.stage:
            raise serializers.ValidationError("بازدید را نمی‌توان به مرحلهٔ دیگری برد.")
        return stage

    def validate(self, attrs):
        stage = attrs.get("stage", getattr(self.instance, "stage", None))
        organisation = attrs.get("organisation", getattr(self.instance, "organisation", None))
        if organisation is not None and organisation.estate_id != stage.estate_id:
            raise serializers.ValidationError({"organisation": "این واحد در شهرک این مرحله نیست."})
        if stage.visits.filter(organisation=organisation).exclude(pk=getattr(self.instance, "pk", None)).exists():
            raise serializers.ValidationError({"organisation": "این واحد در این مرحله بازدید دارد."})
        opens, closes = (
            attrs.get(name, getattr(self.instance, name, None))
            or dt.time.fromisoformat(Visit._meta.get_field(name).default)
            for name in ("opens", "closes")
        )
        if closes <= opens:
            raise serializers.ValidationError({"closes": "پایان ساعت کاری باید پس از آغاز آن باشد."})
        position = attrs.get("pinned_position")
        if position is not None:
            others = stage.visits.exclude(pk=getattr(self.instance, "pk", None))
            if not 1 <= position <= others.count() + 1:
                raise serializers.ValidationError({"pinned_position": "جایگاه بیرون از شمار بازدیدهاست."})
            if others.filter(pinned_position=position).exists():
                raise serializers.ValidationError({"pinned_position": "بازدید دیگری به این جایگاه سنجاق شده است."})
        return attrs


class PlanSerializer(serializers.Serializer):
    feasible = serializers.BooleanField()
    problems = serializers.ListField(child=serializers.CharField())
    return_time = serializers.TimeField(allow_null=True)
    travel_minutes = serializers.IntegerField()
    visits = VisitSerializer(many=True)


class InvitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Invitation
        fields = [
            "id",
            "stage",
            "role",
            "organisation",
            "user",
            "name",
            "email",
            "rsvp",
            "responded_at",
            "reminded_at",
            "attended",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["rsvp", "responded_at", "reminded_at", "created_at", "updated_at"]
        extra_kwargs = {"name": {"required": False}}

    def validate_stage(self, stage):
        if not services.may_organise(_user(self), stage):
            raise serializers.ValidationError(NOT_ORGANISER)
        if self.instance is not None and stage != self.instance.stage:
            raise serializers.ValidationError("دعوت را نمی‌توان به مرحلهٔ دیگری برد.")
        return stage

    def validate_organisation(self, organisation):
        if organisation is not None and not scoping.can(_user(self), scoping.VIEW, organisation):
            raise serializers.ValidationError("این سازمان در حوزهٔ شما نیست.")
        return organisation

    def validate(self, attrs):
        organisation = attrs.get("organisation", getattr(self.instance, "organisation", None))
        user = attrs.get("user", getattr(self.instance, "user", None))
        name = clean_user_text(attrs.get("name", getattr(self.instance, "name", "")) or "")
        if not name:
            name = (user.get_full_name() or user.username) if user else getattr(organisation, "name", "")
        if not name:
            raise serializers.ValidationError({"name": "سازمان، کاربر یا نام مدعو را بدهید."})
        attrs["name"] = name
        return attrs

    def create(self, validated_data):
        request = self.context["request"]
        return services.invite(
            validated_data["stage"],
            role=validated_data["role"],
            name=validated_data["name"],
            email=validated_data.get("email", "") or getattr(validated_data.get("organisation"), "email", ""),
            organisation=validated_data.get("organisation"),
            user=validated_data.get("user"),
            base_url=request.build_absolute_uri("/"),
        )


class RsvpSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=[(Invitation.Rsvp.YES, "می‌آیم"), (Invitation.Rsvp.NO, "نمی‌آیم")])


class TourViewSet(ScopedModelViewSet):
    """Media tours; organised by the staff of their province."""

    queryset = Tour.objects.select_related("province").prefetch_related("stages")
    serializer_class = TourSerializer
    permission_classes = [OrganiserPermission]
    filterset_fields = ["province"]
    ordering_fields = ["created_at", "title", "id"]
    ordering = ["-created_at"]

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)


class StageViewSet(ScopedModelViewSet):
    """A tour's stages (a visit day to one estate); `plan` orders the visits inside every unit's opening hours."""

    queryset = TourStage.objects.select_related("tour", "estate")
    serializer_class = StageSerializer
    filterset_fields = ["tour", "estate", "date"]
    ordering_fields = ["date", "number", "id"]
    ordering = ["tour", "number"]

    def get_queryset(self):
        return services.visible_stages(self.request.user).select_related("tour", "estate").order_by("tour", "number")

    def perform_update(self, serializer):
        services.save_stage(serializer)

    @extend_schema(
        request=None, responses={200: PlanSerializer, 403: EventRefusalSerializer, 404: EventRefusalSerializer}
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def plan(self, request, pk=None):
        """Order the stage's visits (pinned positions kept) and set each arrival and departure; when no order
        works, `feasible` is false and `problems` says why in Persian."""
        stage = self.get_object()
        if not services.may_organise(request.user, stage):
            raise PermissionDenied(NOT_ORGANISER)
        plan = services.plan_itinerary(stage)
        return Response(
            PlanSerializer(
                {
                    "feasible": plan.feasible,
                    "problems": stage.plan_problems,
                    "return_time": services.as_time(plan.return_time) if plan.return_time is not None else None,
                    "travel_minutes": plan.travel_minutes,
                    "visits": stage.visits.order_by("position", "id"),
                }
            ).data
        )


class VisitViewSet(ScopedModelViewSet):
    """The units a stage visits, with the visit's duration, the unit's opening hours and an optional pin."""

    queryset = Visit.objects.select_related("stage", "organisation")
    serializer_class = VisitSerializer
    filterset_fields = ["stage", "organisation"]
    ordering_fields = ["position", "id"]
    ordering = ["stage", "position", "id"]

    def perform_create(self, serializer):
        services.save_visit(serializer)

    def perform_update(self, serializer):
        services.save_visit(serializer)

    def perform_destroy(self, instance):
        services.delete_visit(instance)


class InvitationViewSet(ScopedModelViewSet):
    """Invitations to a stage (an e-mail with the RSVP link goes out on create). Organisers change them; the
    invitee answers with `rsvp`."""

    queryset = Invitation.objects.select_related("stage", "organisation", "user")
    serializer_class = InvitationSerializer
    filterset_fields = ["stage", "role", "rsvp", "organisation"]
    ordering_fields = ["name", "id"]
    ordering = ["stage", "role", "name"]

    def get_queryset(self):
        return (
            services.invitations_for(self.request.user)
            .select_related("stage", "organisation", "user")
            .order_by("stage", "role", "name")
        )

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        # Members may see and answer their organisation's invitation; only organisers may change or withdraw it.
        if request.method in ("PUT", "PATCH", "DELETE") and not services.may_organise(request.user, obj.stage):
            raise PermissionDenied(NOT_ORGANISER)

    @extend_schema(
        request=RsvpSerializer,
        responses={
            200: InvitationSerializer,
            400: OpenApiResponse(description="پاسخ پذیرفته نشد"),
            403: EventRefusalSerializer,
            404: EventRefusalSerializer,
        },
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def rsvp(self, request, pk=None):
        """Answer the invitation: `yes` or `no` (refused once the stage's day has passed)."""
        invitation = self.get_object()
        if not services.may_answer(request.user, invitation):
            raise PermissionDenied("پاسخ به این دعوت از شما برنمی‌آید.")
        answer = RsvpSerializer(data=request.data)
        answer.is_valid(raise_exception=True)
        try:
            services.respond(invitation, answer.validated_data["answer"])
        except services.EventError as exc:
            return Response({"answer": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(InvitationSerializer(invitation, context=self.get_serializer_context()).data)


# ---------------------------------------------------------------- export meetings


class ParticipantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Participant
        fields = ["id", "organisation", "offered_hs"]


class ForeignPartnerSerializer(serializers.ModelSerializer):
    country = serializers.ChoiceField(choices=COUNTRY_CHOICES)

    class Meta:
        model = ForeignPartner
        fields = ["id", "name", "company", "country", "contact"]


class ExportMeetingSerializer(serializers.ModelSerializer):
    country = serializers.ChoiceField(choices=COUNTRY_CHOICES)
    participants = ParticipantSerializer(many=True, read_only=True)
    partners = ForeignPartnerSerializer(many=True, read_only=True)

    class Meta:
        model = ExportMeeting
        fields = [
            "id",
            "title",
            "country",
            "date",
            "province",
            "location",
            "organizers",
            "notes",
            "participants",
            "partners",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate_title(self, value):
        return clean_user_text(value)

    def validate_province(self, province):
        if not services.organiser_provinces(_user(self)).filter(pk=province.pk).exists():
            raise serializers.ValidationError("برگزاری نشست در این استان در حوزهٔ شما نیست.")
        return province


class LeadSerializer(serializers.ModelSerializer):
    currency = serializers.ChoiceField(choices=CURRENCY_CHOICES, default="USD")

    FOLLOW_UP_FIELDS = {"status", "lost_reason", "next_step"}

    class Meta:
        model = Lead
        fields = [
            "id",
            "meeting",
            "seller",
            "buyer",
            "hs",
            "product",
            "quantity",
            "value",
            "currency",
            "status",
            "lost_reason",
            "next_step",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs):
        meeting = attrs.get("meeting", getattr(self.instance, "meeting", None))
        user = _user(self)
        # Who sells what to whom is the organisers' record; a unit only follows its own leads up.
        rewrites = self.instance is None or set(attrs) - self.FOLLOW_UP_FIELDS
        if rewrites and not services.may_organise(user, meeting):
            raise serializers.ValidationError({"meeting": NOT_ORGANISER})
        if self.instance is not None and "meeting" in attrs and attrs["meeting"] != self.instance.meeting:
            raise serializers.ValidationError({"meeting": "فرصت را نمی‌توان به نشست دیگری برد."})
        seller = attrs.get("seller", getattr(self.instance, "seller", None))
        buyer = attrs.get("buyer", getattr(self.instance, "buyer", None))
        if not meeting.participants.filter(organisation=seller).exists():
            raise serializers.ValidationError({"seller": "این واحد در شمار شرکت‌کنندگان نشست نیست."})
        if buyer.meeting_id != meeting.pk:
            raise serializers.ValidationError({"buyer": "این خریدار از طرف‌های خارجی این نشست نیست."})
        status_ = attrs.get("status", getattr(self.instance, "status", Lead.Status.OPEN))
        reason = attrs.get("lost_reason", getattr(self.instance, "lost_reason", "")) or ""
        if status_ == Lead.Status.LOST and not reason.strip():
            raise serializers.ValidationError({"lost_reason": "برای فرصت ازدست‌رفته، دلیل را بنویسید."})
        if status_ != Lead.Status.LOST:
            attrs["lost_reason"] = ""
        return attrs


class ExportMeetingViewSet(ScopedModelViewSet):
    """Meetings on exporting the province's goods to a target country."""

    queryset = ExportMeeting.objects.select_related("province").prefetch_related(
        "organizers", "participants__offered_hs", "partners"
    )
    serializer_class = ExportMeetingSerializer
    permission_classes = [OrganiserPermission]
    filterset_fields = ["country", "province"]
    ordering_fields = ["date", "title", "id"]
    ordering = ["-date"]


class LeadViewSet(ScopedModelViewSet):
    """Leads of export meetings, followed up to a deal, in progress or lost (with a reason); every change is
    recorded."""

    queryset = Lead.objects.select_related("meeting", "seller", "buyer")
    serializer_class = LeadSerializer
    filterset_fields = ["meeting", "seller", "status"]
    ordering_fields = ["updated_at", "id"]
    ordering = ["meeting", "-updated_at"]


router.register("tours", TourViewSet)
router.register("stages", StageViewSet)
router.register("visits", VisitViewSet)
router.register("invitations", InvitationViewSet)
router.register("export-meetings", ExportMeetingViewSet)
router.register("leads", LeadViewSet)
