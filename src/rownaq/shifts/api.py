"""Rosters over the API: scoped lists, creating a roster for a unit the caller plans, and the planner's steps as
actions that mirror shifts.services (generate, pin, unpin, approve, reopen); the roster's cells; its premiums per
worker and Jalali month. A request no lawful roster can meet -> 409 with the Persian reasons (rule, day, post)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from rownaq.core import scoping
from rownaq.core.actor import _current_actor
from rownaq.core.api import JobSerializer, ScopedModelViewSet, router
from rownaq.core.persian import clean_user_text

from . import payroll, services, tasks
from .models import Assignment, Post, Roster, Shift, Worker


class RosterSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    last_date = serializers.DateField(read_only=True)

    class Meta:
        model = Roster
        fields = [
            "id",
            "unit",
            "unit_name",
            "title",
            "first_date",
            "last_date",
            "weeks",
            "status",
            "summary",
            "generated_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "summary", "generated_at", "created_at", "updated_at"]

    def validate_unit(self, unit):
        if self.instance is not None:
            if unit.pk != self.instance.unit_id:
                raise serializers.ValidationError("واحد یک برنامه را نمی‌توان عوض کرد.")
            return unit
        if not services.plannable_units(self.context["request"].user).filter(pk=unit.pk).exists():
            raise serializers.ValidationError("برنامه‌ریزی برای این واحد در حوزهٔ شما نیست.")
        return unit

    def validate_title(self, value):
        return clean_user_text(value or "")

    def validate(self, attrs):
        if self.instance is not None and self.instance.assignments.exists():
            for name in ("first_date", "weeks"):
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise serializers.ValidationError(
                        {name: "بازهٔ برنامه‌ای که ساخته شده است عوض نمی‌شود؛ برنامهٔ تازه‌ای بسازید."}
                    )
        return attrs


class AssignmentSerializer(serializers.ModelSerializer):
    worker_name = serializers.CharField(source="worker.name", read_only=True)
    shift_code = serializers.CharField(source="shift.code", read_only=True, default=None)
    shift_name = serializers.CharField(source="shift.name", read_only=True, default=None)
    post_name = serializers.CharField(source="post.name", read_only=True, default=None)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "roster",
            "worker",
            "worker_name",
            "date",
            "shift",
            "shift_code",
            "shift_name",
            "post",
            "post_name",
            "start",
            "minutes",
            "pinned",
        ]
        read_only_fields = fields


class GenerateSerializer(serializers.Serializer):
    time_limit_s = serializers.IntegerField(
        min_value=1, max_value=120, required=False, help_text="seconds for the solver (default 20)"
    )
    # The solver keeps its seed in 32 bits (and adds its repair rounds to it): a million seeds are plenty.
    seed = serializers.IntegerField(
        min_value=0,
        max_value=1_000_000,
        required=False,
        default=0,
        help_text="the solver's random seed (0 to 1,000,000)",
    )


class PinSerializer(serializers.Serializer):
    worker = serializers.IntegerField(help_text="id of a worker of the roster's unit")
    date = serializers.DateField(help_text="a day of the roster (Gregorian ISO date)")
    shift = serializers.IntegerField(required=False, allow_null=True, help_text="null with post null: a day off")
    post = serializers.IntegerField(required=False, allow_null=True)
    time_limit_s = serializers.IntegerField(min_value=1, max_value=120, required=False)


class UnpinSerializer(serializers.Serializer):
    worker = serializers.IntegerField()
    date = serializers.DateField()


class PremiumLineSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="shift (Art. 56), night (Art. 58), overtime (Art. 59), friday (Art. 62)")
    article = serializers.CharField()
    hours = serializers.DecimalField(max_digits=10, decimal_places=2)
    rate = serializers.DecimalField(max_digits=6, decimal_places=3)
    amount = serializers.DecimalField(max_digits=20, decimal_places=0, help_text="rials")


class PremiumRowSerializer(serializers.Serializer):
    worker = serializers.IntegerField(source="worker.pk")
    worker_name = serializers.CharField(source="worker.name")
    personnel_code = serializers.CharField(source="worker.personnel_code")
    month = serializers.CharField(source="month.code", help_text="Jalali month, e.g. 1404-01")
    month_label = serializers.CharField(source="month.label")
    hours = serializers.DecimalField(max_digits=10, decimal_places=2)
    night_hours = serializers.DecimalField(max_digits=10, decimal_places=2)
    normal_hours = serializers.DecimalField(
        max_digits=10, decimal_places=2, help_text="hours paid as normal hours: neither overtime nor holiday work"
    )
    hourly_wage = serializers.DecimalField(source="worker.hourly_wage", max_digits=14, decimal_places=0)
    lines = serializers.SerializerMethodField()
    total = serializers.DecimalField(max_digits=20, decimal_places=0, help_text="rials")

    @extend_schema(responses=PremiumLineSerializer(many=True))
    def get_lines(self, row) -> list[dict]:
        return PremiumLineSerializer(list(row.lines.values()), many=True).data


class PlanningErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField(), required=False)


PLANNING_ERRORS = {
    400: OpenApiResponse(description="invalid input"),
    403: OpenApiResponse(description="the caller does not plan this unit"),
    404: OpenApiResponse(description="not in the caller's scope"),
    409: OpenApiResponse(
        PlanningErrorSerializer,
        description="no lawful roster meets the request; `reasons` name the rule, the day and the post (Persian)",
    ),
}


def planning_error(exc: services.PlanningError) -> Response:
    reasons = getattr(exc, "reasons", None) or [str(exc)]
    return Response({"detail": reasons[0], "reasons": reasons}, status=status.HTTP_409_CONFLICT)


class RosterViewSet(ScopedModelViewSet):
    """Rosters of the units in the caller's scope. Writes: the unit's members and staff who edit its places."""

    queryset = Roster.objects.select_related("unit")
    serializer_class = RosterSerializer
    filterset_fields = ["unit", "status"]
    ordering_fields = ["first_date", "id"]
    ordering = ["-first_date", "-id"]

    @extend_schema(
        responses={
            201: RosterSerializer,
            400: OpenApiResponse(description="invalid input"),
            403: OpenApiResponse(description="the caller plans no unit"),
        }
    )
    def create(self, request, *args, **kwargs):
        if not services.plannable_units(request.user).exists():
            raise PermissionDenied("ساخت برنامهٔ نوبت‌کاری فقط برای اعضای واحدها و کارشناسان حوزهٔ آن‌هاست.")
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)

    def planned_object(self) -> Roster:
        """The roster (404 out of sight); 403 unless the caller plans its unit. Steps check here, not in the
        permission class, so that a roster out of sight is never told apart from a missing one."""
        roster = self.get_object()
        if not scoping.can(self.request.user, scoping.CHANGE, roster):
            raise PermissionDenied("برنامه‌ریزی این واحد با شما نیست.")
        return roster

    def answer(self, roster) -> Response:
        roster.refresh_from_db()
        return Response(RosterSerializer(roster, context=self.get_serializer_context()).data)

    def started(self, job) -> Response:
        return Response(
            JobSerializer(job).data, status=status.HTTP_202_ACCEPTED, headers={"Location": f"/api/jobs/{job.pk}/"}
        )

    @extend_schema(request=GenerateSerializer, responses={202: JobSerializer, **PLANNING_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def generate(self, request, pk=None):
        """Queue a solve of the roster (around its pinned cells): 202 with the job to poll at /api/jobs/<id>/;
        when it is done the roster is stored, checked against the Labour Law. One solve per roster at a time."""
        roster = self.planned_object()
        data = GenerateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            job = tasks.start_generate(
                roster,
                request.user,
                time_limit_s=data.validated_data.get("time_limit_s"),
                seed=data.validated_data.get("seed", 0),
            )
        except services.PlanningError as exc:
            return planning_error(exc)
        return self.started(job)

    @extend_schema(request=PinSerializer, responses={202: JobSerializer, **PLANNING_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def pin(self, request, pk=None):
        """Set one cell by hand (a shift on a post, or a day off) and queue a solve of the rest (202, a job)."""
        roster = self.planned_object()
        data = PinSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        worker = Worker.objects.filter(unit=roster.unit, pk=values["worker"]).first()
        shift = Shift.objects.filter(unit=roster.unit, pk=values.get("shift")).first() if values.get("shift") else None
        post = Post.objects.filter(unit=roster.unit, pk=values.get("post")).first() if values.get("post") else None
        errors = {}
        if worker is None:
            errors["worker"] = ["کارگری با این شناسه در این واحد نیست."]
        if values.get("shift") and shift is None:
            errors["shift"] = ["نوبتی با این شناسه در این واحد نیست."]
        if values.get("post") and post is None:
            errors["post"] = ["پستی با این شناسه در این واحد نیست."]
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        try:
            job = tasks.start_generate(
                roster,
                request.user,
                time_limit_s=values.get("time_limit_s"),
                new_pin=(worker, values["date"], shift, post),
            )
        except services.PlanningError as exc:
            return planning_error(exc)
        return self.started(job)

    @extend_schema(request=UnpinSerializer, responses={200: RosterSerializer, **PLANNING_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def unpin(self, request, pk=None):
        roster = self.planned_object()
        data = UnpinSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        worker = Worker.objects.filter(unit=roster.unit, pk=data.validated_data["worker"]).first()
        if worker is None:
            return Response({"worker": ["کارگری با این شناسه در این واحد نیست."]}, status=status.HTTP_400_BAD_REQUEST)
        try:
            services.unpin(roster, worker, data.validated_data["date"], request.user)
        except services.PlanningError as exc:
            return planning_error(exc)
        return self.answer(roster)

    @extend_schema(request=None, responses={200: RosterSerializer, **PLANNING_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def approve(self, request, pk=None):
        roster = self.planned_object()
        try:
            services.approve(roster, request.user)
        except services.PlanningError as exc:
            return planning_error(exc)
        return self.answer(roster)

    @extend_schema(request=None, responses={200: RosterSerializer, **PLANNING_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def reopen(self, request, pk=None):
        roster = self.planned_object()
        try:
            services.reopen(roster, request.user)
        except services.PlanningError as exc:
            return planning_error(exc)
        return self.answer(roster)

    @extend_schema(
        responses={200: PremiumRowSerializer(many=True), 404: OpenApiResponse(description="not in scope")},
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def premiums(self, request, pk=None):
        """Premiums per worker and Jalali month: Art. 56 shift, Art. 58 night (non-shift workers), Art. 59
        overtime, Art. 62 Friday; amounts in rials."""
        roster = self.get_object()
        return Response(PremiumRowSerializer(payroll.premium_rows(roster), many=True).data)


class AssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    """The cells of the rosters in the caller's scope (filter by roster, worker, date, pinned)."""

    queryset = Assignment.objects.select_related("worker", "shift", "post")
    serializer_class = AssignmentSerializer
    filterset_fields = ["roster", "worker", "date", "pinned"]
    ordering_fields = ["date", "id"]
    ordering = ["date", "id"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        _current_actor.set(request.user if request.user.is_authenticated else None)

    def get_queryset(self):
        return scoping.restrict(super().get_queryset(), self.request.user)


router.register("rosters", RosterViewSet)
router.register("roster-assignments", AssignmentViewSet)
