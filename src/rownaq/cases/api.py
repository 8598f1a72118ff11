"""Cases over the API: scoped lists, opening a case for a unit, and the steps of the flow as actions that mirror
cases.services. Answers: not the caller's step -> 403; the case changed since the caller read it (stale `version`)
-> 409 with code "version_conflict"; a step not possible in the case's present state -> 409 with code "state".
Also routing rules, meetings and their resolutions, and /api/cases/statistics/."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from rownaq.core import scoping
from rownaq.core.actor import _current_actor
from rownaq.core.api import ScopedModelViewSet, router
from rownaq.core.geo import is_currency
from rownaq.core.persian import clean_user_text
from rownaq.core.uploads import ALLOWED as UPLOAD_KINDS
from rownaq.core.uploads import UploadRejected
from rownaq.registry.models import Organisation
from rownaq.registry.services import changeable_units

from . import services
from .filters import CaseFilter
from .models import Case, CaseAttachment, FollowUp, Meeting, Referral, Resolution, RoutingRule


class ActorMixin:
    """Name the caller as the author of change records (token-authenticated requests are only known here)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        _current_actor.set(request.user if request.user.is_authenticated else None)


def agencies():
    return Organisation.objects.filter(kind=Organisation.Kind.AGENCY)


# ---------------------------------------------------------------- serializers


class ReferralSerializer(serializers.ModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id",
            "body",
            "body_name",
            "due_date",
            "status",
            "overdue",
            "reminded_at",
            "escalated_at",
            "closed_at",
        ]
        read_only_fields = fields

    def get_overdue(self, referral) -> bool:
        return referral.is_open and referral.due_date < timezone.localdate()


class FollowUpSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = ["id", "kind", "at", "actor", "on_behalf_of", "text"]
        read_only_fields = fields

    def get_actor(self, entry) -> str | None:
        if entry.actor is None:
            return None
        return entry.actor.get_full_name() or entry.actor.get_username()


class CaseAttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = CaseAttachment
        fields = ["id", "case", "original_name", "content_type", "size", "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, attachment) -> str:
        return reverse("caseattachment-download", args=[attachment.pk])


class CaseSerializer(serializers.ModelSerializer):
    """A case with its referrals, timeline and attachments (what the unit, the bodies and staff see)."""

    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    overdue = serializers.SerializerMethodField()
    referrals = ReferralSerializer(many=True, read_only=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)
    attachments = CaseAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "tracking_code",
            "organisation",
            "organisation_name",
            "category",
            "title",
            "description",
            "amount",
            "currency",
            "status",
            "suggested_body",
            "due_date",
            "overdue",
            "escalated_at",
            "resolved_at",
            "closed_at",
            "outcome",
            "was_resolved",
            "satisfaction",
            "version",
            "created_at",
            "updated_at",
            "referrals",
            "follow_ups",
            "attachments",
        ]
        read_only_fields = fields

    def get_overdue(self, case) -> bool:
        return bool(case.is_open and case.due_date and case.due_date < timezone.localdate())


class CaseOpenSerializer(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), help_text="the unit; one the caller may act for"
    )
    category = serializers.ChoiceField(choices=Case._meta.get_field("category").choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField()
    amount = serializers.DecimalField(max_digits=20, decimal_places=0, min_value=0, required=False, allow_null=True)
    currency = serializers.CharField(max_length=3, required=False, default="IRR")

    def validate_organisation(self, organisation):
        if not changeable_units(self.context["request"].user).filter(pk=organisation.pk).exists():
            raise serializers.ValidationError("ثبت پرونده برای این واحد در حوزهٔ شما نیست.")
        return organisation

    def validate_currency(self, value):
        if not is_currency(value):
            raise serializers.ValidationError("کد ارز معتبر نیست.")
        return value

    def validate_title(self, value):
        return clean_user_text(value)

    def validate_description(self, value):
        return clean_user_text(value)


class VersionedSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="the case's version the caller last read")


class TriageSerializer(VersionedSerializer):
    category = serializers.ChoiceField(
        choices=Case._meta.get_field("category").choices,
        required=False,
        help_text="the right category, when the unit chose another",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReferSerializer(VersionedSerializer):
    bodies = serializers.PrimaryKeyRelatedField(
        queryset=agencies(), many=True, allow_empty=False, help_text="partner bodies (organisations of kind agency)"
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RejectSerializer(VersionedSerializer):
    reason = serializers.CharField()


class FollowUpInputSerializer(serializers.Serializer):
    text = serializers.CharField()


class CloseReferralSerializer(serializers.Serializer):
    referral = serializers.IntegerField(help_text="id of one of the case's referrals")
    resolved = serializers.BooleanField(help_text="true: the body solved its part; false: it cannot (rejected)")
    outcome = serializers.CharField(help_text="what was done, or why it cannot be done")
    version = serializers.IntegerField(min_value=1, required=False)


class ConfirmSerializer(serializers.Serializer):
    solved = serializers.BooleanField(default=True, help_text="false: the unit says the problem is not solved")
    satisfaction = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(min_value=1, required=False)

    def validate(self, attrs):
        if attrs.get("solved", True) and not attrs.get("satisfaction"):
            raise serializers.ValidationError({"satisfaction": "میزان رضایت را از ۱ تا ۵ انتخاب کنید."})
        if not attrs.get("solved", True) and not (attrs.get("comment") or "").strip():
            raise serializers.ValidationError({"comment": "بنویسید چرا مشکل حل نشده است."})
        return attrs


class AttachSerializer(serializers.Serializer):
    file = serializers.FileField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(required=False)


STEP_ERRORS = {
    400: OpenApiResponse(description="invalid input"),
    403: OpenApiResponse(ErrorSerializer, description="not the caller's step"),
    404: OpenApiResponse(description="not in the caller's scope"),
    409: OpenApiResponse(
        ErrorSerializer,
        description="stale version (code version_conflict) or a step not "
        "possible in the case's present state (code state)",
    ),
}


# ---------------------------------------------------------------- cases


class CaseViewSet(
    ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Cases in the caller's scope: a unit's own, those referred to a partner body, or staff's places."""

    queryset = Case.objects.select_related("organisation").prefetch_related(
        "referrals__body", "follow_ups__actor", "attachments"
    )
    serializer_class = CaseSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = CaseFilter
    ordering_fields = ["created_at", "due_date", "status", "id"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return scoping.restrict(super().get_queryset(), self.request.user)

    def _answer(self, request, step):
        try:
            step()
        except services.CaseNotAllowed as exc:
            return Response({"detail": str(exc), "code": "not_allowed"}, status=status.HTTP_403_FORBIDDEN)
        except services.CaseConflict as exc:
            return Response({"detail": str(exc), "code": "version_conflict"}, status=status.HTTP_409_CONFLICT)
        except UploadRejected as exc:
            return Response({"file": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        except services.CaseError as exc:
            return Response({"detail": str(exc), "code": "state"}, status=status.HTTP_409_CONFLICT)
        case = self.get_queryset().get(pk=self.kwargs["pk"])
        return Response(CaseSerializer(case, context=self.get_serializer_context()).data)

    def _input(self, serializer_class, request):
        serializer = serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(request=CaseOpenSerializer, responses={201: CaseSerializer, 400: None, 403: ErrorSerializer})
    def create(self, request, *args, **kwargs):
        if not changeable_units(request.user).exists():
            return Response(
                {"detail": "ثبت پرونده فقط برای اعضای واحدها و کارشناسان سازمان است."}, status=status.HTTP_403_FORBIDDEN
            )
        data = self._input(CaseOpenSerializer, request)
        try:
            case = services.open_case(
                data["organisation"],
                request.user,
                category=data["category"],
                title=data["title"],
                description=data["description"],
                amount=data.get("amount"),
                currency=data.get("currency") or "IRR",
            )
        except services.CaseNotAllowed as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
        except services.CaseError as exc:
            return Response({"organisation": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        case = self.get_queryset().get(pk=case.pk)
        return Response(
            CaseSerializer(case, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=TriageSerializer, responses={200: CaseSerializer, **STEP_ERRORS})
    @action(detail=True, methods=["post"])
    def triage(self, request, pk=None):
        case = self.get_object()
        data = self._input(TriageSerializer, request)
        return self._answer(
            request,
            lambda: services.triage(
                case,
                request.user,
                expected_version=data["version"],
                category=data.get("category"),
                note=clean_user_text(data.get("note")),
            ),
        )

    @extend_schema(request=ReferSerializer, responses={200: CaseSerializer, **STEP_ERRORS})
    @action(detail=True, methods=["post"])
    def refer(self, request, pk=None):
        case = self.get_object()
        data = self._input(ReferSerializer, request)
        return self._answer(
            request,
            lambda: services.refer(
                case,
                request.user,
                list(data["bodies"]),
                expected_version=data["version"],
                note=clean_user_text(data.get("note")),
            ),
        )

    @extend_schema(request=FollowUpInputSerializer, responses={200: CaseSerializer, **STEP_ERRORS})
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        case = self.get_object()
        data = self._input(FollowUpInputSerializer, request)
        return self._answer(request, lambda: services.add_follow_up(case, request.user, clean_user_text(data["text"])))

    @extend_schema(request=CloseReferralSerializer, responses={200: CaseSerializer, **STEP_ERRORS})
    @action(detail=True, methods=["post"], url_path="close-referral")
    def close_referral(self, request, pk=None):
        case = self.get_object()
        data = self._input(CloseReferralSerializer, request)
        referral = case.referrals.filter(pk=data["referral"]).first()
        if referral is None:
            return Response({"referral": ["این ارجاع از آنِ این پرونده نیست."]}, status=status.HTTP_400_BAD_REQUEST)
        return self._answer(
            request,
            lambda: services.close_referral(
                referral,
                request.user,
                outcome=clean_user_text(data["outcome"]),
                resolved=data["resolved"],
                expected_version=data.get("version"),
            ),
        )

    @extend_schema(request=RejectSerializer, responses={200: CaseSerializer, **STEP_ERRORS})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        case = self.get_object()
        data = self._input(RejectSerializer, request)
        return self._answer(
            request,
            lambda: services.reject(
                case, request.user, reason=clean_user_text(data["reason"]), expected_version=data["version"]
            ),
        )

    @extend_schema(request=ConfirmSerializer, responses={200: CaseSerializer, **STEP_ERRORS})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        case = self.get_object()
        data = self._input(ConfirmSerializer, request)
        return self._answer(
            request,
            lambda: services.confirm(
                case,
                request.user,
                satisfaction=data.get("satisfaction"),
                comment=clean_user_text(data.get("comment")),
                solved=data["solved"],
                expected_version=data.get("version"),
            ),
        )

    @extend_schema(request={"multipart/form-data": AttachSerializer}, responses={200: CaseSerializer, **STEP_ERRORS})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def attach(self, request, pk=None):
        case = self.get_object()
        data = self._input(AttachSerializer, request)
        upload = data["file"]
        content = upload.read(settings.ATTACHMENT_MAX_BYTES + 1)
        return self._answer(request, lambda: services.attach(case, request.user, upload.name, content))

    @extend_schema(responses={200: OpenApiTypes.OBJECT, 403: ErrorSerializer}, filters=False)
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def statistics(self, request):
        """Open cases by body, category and estate; overdue share; median days to resolve; resolution rate;
        share of meeting resolutions implemented (staff only; over the cases in their scope)."""
        if not scoping.access_of(request.user).is_staff:
            return Response({"detail": "آمار پرونده‌ها برای کارشناسان سازمان است."}, status=status.HTTP_403_FORBIDDEN)
        return Response(
            services.statistics_for(
                scoping.restrict(Case.objects.all(), request.user),
                scoping.restrict(Resolution.objects.all(), request.user),
            )
        )


class CaseAttachmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Attachments of the cases the caller may see; the file itself only through `download`."""

    queryset = CaseAttachment.objects.select_related("case")
    serializer_class = CaseAttachmentSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["case"]
    ordering = ["id"]

    def get_queryset(self):
        return scoping.restrict(super().get_queryset(), self.request.user)

    @extend_schema(responses={**{(200, kind.content_type): OpenApiTypes.BINARY for kind in UPLOAD_KINDS}, 404: None})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        attachment = self.get_object()
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(
            handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
        )
        response["Cache-Control"] = "private, no-store"
        return response


# ---------------------------------------------------------------- routing rules


class RoutingRuleSerializer(serializers.ModelSerializer):
    body = serializers.PrimaryKeyRelatedField(queryset=agencies())

    class Meta:
        model = RoutingRule
        fields = [
            "id",
            "category",
            "province",
            "county",
            "estate",
            "body",
            "working_days",
            "active",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate_note(self, value):
        return clean_user_text(value)

    def validate(self, attrs):
        """The place is the most specific of estate, county and province: a new estate brings its county, a new
        county its province (a contradiction named in the request itself is refused)."""
        current = {name: getattr(self.instance, name, None) for name in ("province", "county", "estate")}
        province, county, estate = (attrs.get(name, current[name]) for name in ("province", "county", "estate"))
        if "estate" in attrs and estate is not None:
            if "county" in attrs and county is not None and county.pk != estate.county_id:
                raise serializers.ValidationError({"estate": "این شهرک در شهرستان انتخاب‌شده نیست."})
            county = attrs["county"] = estate.county
        if ("county" in attrs or "estate" in attrs) and county is not None:
            if "province" in attrs and province is not None and province.pk != county.province_id:
                raise serializers.ValidationError({"county": "این شهرستان در استان انتخاب‌شده نیست."})
            province = attrs["province"] = county.province
        elif "province" in attrs and county is not None and (province is None or province.pk != county.province_id):
            raise serializers.ValidationError({"province": "استان با شهرستان یا شهرک این قاعده نمی‌خواند."})
        moving = self.instance is None or any(name in attrs for name in ("province", "county", "estate"))
        error = services.place_error(self.context["request"].user, province, county, estate) if moving else None
        if error:
            raise serializers.ValidationError({"province": error})
        return attrs


class RoutingRuleViewSet(ScopedModelViewSet):
    """The defined processes: category (and optionally province, county or estate) -> body and working days.
    Every signed-in user may read them; staff keep those of the places they edit."""

    queryset = RoutingRule.objects.select_related("body")
    serializer_class = RoutingRuleSerializer
    filterset_fields = ["category", "body", "province", "county", "estate", "active"]
    ordering_fields = ["category", "working_days", "id"]
    ordering = ["category", "id"]


# ---------------------------------------------------------------- meetings and resolutions


class ResolutionSerializer(serializers.ModelSerializer):
    body = serializers.PrimaryKeyRelatedField(queryset=agencies())

    class Meta:
        model = Resolution
        fields = [
            "id",
            "meeting",
            "case",
            "text",
            "body",
            "deadline",
            "status",
            "follow_up_note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "follow_up_note", "created_at", "updated_at"]

    def validate_text(self, value):
        return clean_user_text(value)

    def validate(self, attrs):
        meeting, case = attrs.get("meeting"), attrs.get("case")
        if case is not None and meeting is not None and not meeting.agenda.filter(pk=case.pk).exists():
            raise serializers.ValidationError({"case": "این پرونده در دستور این جلسه نیست."})
        return attrs


class ResolutionOutcomeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in (Resolution.Status.IMPLEMENTED, Resolution.Status.NOT_IMPLEMENTED)]
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MeetingSerializer(serializers.ModelSerializer):
    attendees = serializers.PrimaryKeyRelatedField(queryset=agencies(), many=True, required=False)
    agenda = serializers.PrimaryKeyRelatedField(queryset=Case.objects.all(), many=True, required=False)
    resolutions = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "title",
            "date",
            "province",
            "county",
            "agenda",
            "attendees",
            "attendee_names",
            "minutes",
            "resolutions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    @extend_schema_field(ResolutionSerializer(many=True))
    def get_resolutions(self, meeting):
        user = self.context["request"].user
        return ResolutionSerializer(services.visible_resolutions(user).filter(meeting=meeting), many=True).data

    def to_representation(self, meeting):
        data = super().to_representation(meeting)
        user = self.context["request"].user
        visible = set(scoping.restrict(Case.objects.filter(pk__in=data["agenda"]), user).values_list("pk", flat=True))
        data["agenda"] = [pk for pk in data["agenda"] if pk in visible]
        if not scoping.can(user, scoping.VIEW, meeting):  # seen only through a resolution about the caller
            data.update(attendee_names="", minutes="", attendees=[])
        return data

    def validate_agenda(self, cases):
        visible = scoping.restrict(Case.objects.filter(pk__in=[c.pk for c in cases]), self.context["request"].user)
        if visible.count() != len({c.pk for c in cases}):
            raise serializers.ValidationError("پرونده‌ای از دستور جلسه در حوزهٔ شما نیست.")
        return cases

    def validate(self, attrs):
        province = attrs.get("province", getattr(self.instance, "province", None))
        county = attrs.get("county", getattr(self.instance, "county", None))
        if county is not None and province is not None and county.province_id != province.pk:
            raise serializers.ValidationError({"county": "این شهرستان در استان انتخاب‌شده نیست."})
        if province is not None and not scoping.covers(
            self.context["request"].user, province.pk, county.pk if county else None
        ):
            raise serializers.ValidationError({"province": "ثبت جلسه در این مکان در حوزهٔ شما نیست."})
        for name in ("title", "attendee_names", "minutes"):
            if name in attrs:
                attrs[name] = clean_user_text(attrs[name])
        return attrs

    def _save(self, meeting, validated):
        agenda = validated.pop("agenda", None)
        attendees = validated.pop("attendees", None)
        for name, value in validated.items():
            setattr(meeting, name, value)
        return services.save_meeting(
            meeting,
            self.context["request"].user,
            agenda=agenda if agenda is not None else (list(meeting.agenda.all()) if meeting.pk else []),
            attendees=attendees if attendees is not None else (list(meeting.attendees.all()) if meeting.pk else []),
        )

    def create(self, validated_data):
        return self._save(Meeting(), validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)


class MeetingViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Meetings: staff of the meeting's place see and edit them whole; attending bodies see them; a body or unit
    with a resolution sees the meeting with only its own resolutions."""

    queryset = Meeting.objects.select_related("province", "county").prefetch_related("agenda", "attendees")
    serializer_class = MeetingSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["province", "county"]
    ordering_fields = ["date", "id"]
    ordering = ["-date", "-id"]

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=services.visible_meetings(self.request.user).values("pk"))

    def create(self, request, *args, **kwargs):
        if not scoping.may_add(request.user, Meeting):
            raise PermissionDenied("ثبت جلسه کار کارشناسان سازمان است.")
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        if not services.can_manage_meeting(request.user, self.get_object()):
            raise PermissionDenied("ویرایش جلسه کار کارشناسان برگزارکننده است.")
        with transaction.atomic():
            return super().update(request, *args, **kwargs)


class ResolutionViewSet(
    ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Meeting resolutions: each assigned to a body with a deadline, followed up to implemented or not."""

    queryset = Resolution.objects.select_related("meeting", "body")
    serializer_class = ResolutionSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["meeting", "body", "status", "case"]
    ordering_fields = ["deadline", "id"]
    ordering = ["deadline", "id"]

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=services.visible_resolutions(self.request.user).values("pk"))

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        meeting = data["meeting"]
        if not services.visible_meetings(request.user).filter(pk=meeting.pk).exists():
            return Response({"meeting": ["این جلسه در حوزهٔ شما نیست."]}, status=status.HTTP_400_BAD_REQUEST)
        try:
            resolution = services.add_resolution(
                meeting,
                request.user,
                text=data["text"],
                body=data["body"],
                deadline=data["deadline"],
                case=data.get("case"),
            )
        except services.CaseNotAllowed as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
        except services.CaseError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(self.get_serializer(resolution).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ResolutionOutcomeSerializer, responses={200: ResolutionSerializer, 403: ErrorSerializer})
    @action(detail=True, methods=["post"], url_path="set-status")
    def set_status(self, request, pk=None):
        resolution = self.get_object()
        serializer = ResolutionOutcomeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            resolution = services.set_resolution_status(
                resolution,
                request.user,
                serializer.validated_data["status"],
                clean_user_text(serializer.validated_data["note"]),
            )
        except services.CaseNotAllowed as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
        except services.CaseError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(self.get_serializer(resolution).data)


router.register("cases", CaseViewSet)
router.register("case-attachments", CaseAttachmentViewSet)
router.register("routing-rules", RoutingRuleViewSet)
router.register("meetings", MeetingViewSet)
router.register("resolutions", ResolutionViewSet)
