"""Monthly reports over the API: idempotent submission keyed by unit and month, the review flow, and the
indicators (the same numbers as the dashboard, suppressed the same way)."""

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from rownaq.core import scoping
from rownaq.core.actor import _current_actor
from rownaq.core.api import router
from rownaq.core.geo import is_country, is_currency
from rownaq.core.jalali import JalaliMonth
from rownaq.registry.models import HsCode, Organisation

from . import areas, completeness, indicators, services
from .models import ExportLine, ImportLine, MonthlyReport, ProductionLine


class ProductionLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProductionLine
        fields = ["product", "quantity", "monthly_capacity", "utilisation"]
        read_only_fields = ["monthly_capacity", "utilisation"]


class ExportLineSerializer(serializers.ModelSerializer):
    hs = serializers.SlugRelatedField(slug_field="code", queryset=HsCode.objects.all(), required=False, allow_null=True)

    class Meta:
        model = ExportLine
        fields = ["country", "product", "hs", "quantity", "value", "currency"]

    def validate_country(self, value):
        if not is_country(value):
            raise serializers.ValidationError("کد کشور (ISO دوحرفی) معتبر نیست.")
        return value

    def validate_currency(self, value):
        if not is_currency(value):
            raise serializers.ValidationError("کد ارز معتبر نیست.")
        return value


class ImportLineSerializer(serializers.ModelSerializer):
    hs = serializers.SlugRelatedField(slug_field="code", queryset=HsCode.objects.all(), required=False, allow_null=True)

    class Meta:
        model = ImportLine
        fields = ["item", "hs", "origin_country", "quantity", "unit", "value", "currency"]

    def validate_origin_country(self, value):
        if value and not is_country(value):
            raise serializers.ValidationError("کد کشور (ISO دوحرفی) معتبر نیست.")
        return value

    def validate_currency(self, value):
        if not is_currency(value):
            raise serializers.ValidationError("کد ارز معتبر نیست.")
        return value


class MonthlyReportSerializer(serializers.ModelSerializer):
    period = serializers.CharField(help_text="Jalali month, e.g. 1404-07")
    production = ProductionLineSerializer(many=True, source="production_lines", required=False)
    exports = ExportLineSerializer(many=True, source="export_lines", required=False)
    imports = ImportLineSerializer(many=True, source="import_lines", required=False)
    submit = serializers.BooleanField(write_only=True, default=True, help_text="send for review after saving (default)")
    explanations = serializers.DictField(
        child=serializers.CharField(max_length=2000),
        write_only=True,
        required=False,
        help_text="the unit's explanation of each implausible figure, by warning key (a 400 lists the keys)",
    )

    class Meta:
        model = MonthlyReport
        fields = [
            "id",
            "organisation",
            "period",
            "status",
            "shifts_worked",
            "working_days",
            "employees_total",
            "employees_shift1",
            "employees_shift2",
            "employees_shift3",
            "domestic_sales_rial",
            "problems_note",
            "production",
            "exports",
            "imports",
            "warnings",
            "review_comment",
            "submitted_at",
            "version",
            "submit",
            "explanations",
        ]
        read_only_fields = ["status", "warnings", "review_comment", "submitted_at", "version"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["period"] = instance.period.code
        return data

    def validate_period(self, value):
        try:
            return JalaliMonth.parse(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from exc

    def validate_organisation(self, organisation):
        user = self.context["request"].user
        if organisation.kind != Organisation.Kind.UNIT or not scoping.can(user, scoping.CHANGE, organisation):
            raise serializers.ValidationError("ثبت گزارش برای این واحد در حوزهٔ شما نیست.")
        return organisation

    def validate(self, attrs):
        organisation = attrs.get("organisation")
        if organisation is None:
            return attrs
        for field, source in (("production", "production_lines"), ("exports", "export_lines")):
            try:
                services.require_own_products(organisation, [line.get("product") for line in attrs.get(source, [])])
            except services.FlowError as exc:
                raise serializers.ValidationError({field: str(exc)}) from exc
        return attrs


REPORT_FIELDS = [
    "shifts_worked",
    "working_days",
    "employees_total",
    "employees_shift1",
    "employees_shift2",
    "employees_shift3",
    "domestic_sales_rial",
    "problems_note",
]


def _same_content(report: MonthlyReport, data: dict) -> bool:
    """Whether a locked report already holds exactly what was sent (a retry of the same submission)."""
    for name in REPORT_FIELDS:
        if name in data and getattr(report, name) != data[name]:
            return False
    sent = {(line["product"].pk, line["quantity"]) for line in data.get("production_lines", [])}
    held = {(line.product_id, line.quantity) for line in report.production_lines.all()}
    if "production_lines" in data and sent != held:
        return False
    for source, related in (("export_lines", report.export_lines), ("import_lines", report.import_lines)):
        if source not in data:
            continue
        sent = sorted((line["value"], line["currency"]) for line in data[source])
        held = sorted((line.value, line.currency) for line in related.all())
        if sent != held:
            return False
    return True


class ReviewSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True)
    explanations = serializers.DictField(
        child=serializers.CharField(max_length=2000),
        required=False,
        help_text="submit: the unit's explanation of each implausible figure, by warning key",
    )
    acknowledge_warnings = serializers.BooleanField(
        required=False,
        default=False,
        help_text="accept: the reviewer has read the unit's explanations of its implausible figures",
    )


def needs_explanation(exc) -> dict:
    return {
        "detail": str(exc),
        "warnings": [{"key": w.key, "field": w.field, "message": w.message} for w in exc.warnings],
    }


LOCKED = OpenApiResponse(description="the unit's report of that month is already sent or accepted, with other figures")
FLOW_RESPONSES = {
    200: MonthlyReportSerializer,
    409: OpenApiResponse(description="a step not possible in the report's present state"),
}


class MonthlyReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Monthly reports in the caller's scope. POST is idempotent: a report is identified by its unit and month,
    so sending the same report twice leaves one report (201 the first time, 200 after)."""

    queryset = MonthlyReport.objects.select_related("organisation").prefetch_related(
        "production_lines", "export_lines__hs", "import_lines__hs"
    )
    serializer_class = MonthlyReportSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["organisation", "status", "year", "month"]
    ordering_fields = ["period_index", "submitted_at", "id"]
    ordering = ["-period_index", "id"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        _current_actor.set(request.user if request.user.is_authenticated else None)

    def get_queryset(self):
        return scoping.restrict(super().get_queryset(), self.request.user)

    @extend_schema(
        responses={
            201: MonthlyReportSerializer,
            200: OpenApiResponse(
                MonthlyReportSerializer, description="the same report sent again: the one already held"
            ),
            409: LOCKED,
        }
    )
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        period, organisation = data["period"], data["organisation"]
        with transaction.atomic():
            try:
                report, created = services.open_report(organisation, period, request.user, MonthlyReport.Source.API)
            except services.FlowError as exc:
                return Response({"period": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
            if not created:
                # Lock the report and read it as it is now: a client's retry may arrive while its first attempt
                # is still running, and then finds the report that attempt has just submitted.
                report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
                if report.is_locked:
                    if _same_content(report, data):
                        return Response(self.get_serializer(report).data, status=status.HTTP_200_OK)
                    return Response(
                        {"detail": f"گزارش {period.label} این واحد ارسال یا پذیرفته شده و قفل است."},
                        status=status.HTTP_409_CONFLICT,
                    )
            for name in REPORT_FIELDS:
                if name in data:
                    setattr(report, name, data[name])
            report.source = MonthlyReport.Source.API
            report.save()
            if "production_lines" in data:
                report.production_lines.exclude(
                    product__in=[line["product"] for line in data["production_lines"]]
                ).delete()
                services.set_production(
                    report, {line["product"]: line["quantity"] for line in data["production_lines"]}
                )
            services.replace_lines(report, exports=data.get("export_lines"), imports=data.get("import_lines"))
            if data.get("submit", True):
                try:
                    services.submit(report, request.user, data.get("explanations"))
                except services.ReportInvalid as exc:
                    transaction.set_rollback(True)
                    return Response({e.field: [e.message] for e in exc.errors}, status=status.HTTP_400_BAD_REQUEST)
                except services.NeedsExplanation as exc:
                    transaction.set_rollback(True)
                    return Response(needs_explanation(exc), status=status.HTTP_400_BAD_REQUEST)
        report.refresh_from_db()
        return Response(
            self.get_serializer(report).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )

    def _flow(self, request, step):
        report = self.get_object()
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = serializer.validated_data.get("comment", "")
        try:
            if step == "submit":
                if not scoping.can(request.user, scoping.CHANGE, report):
                    return Response({"detail": "اجازهٔ ارسال این گزارش را ندارید."}, status=403)
                services.submit(report, request.user, serializer.validated_data.get("explanations"))
            elif step == "accept":
                services.accept(report, request.user, serializer.validated_data["acknowledge_warnings"])
            elif step == "return":
                services.return_for_correction(report, request.user, comment)
            else:
                services.reopen(report, request.user, comment)
        except services.ReportInvalid as exc:
            return Response({e.field: [e.message] for e in exc.errors}, status=400)
        except services.NeedsExplanation as exc:
            return Response(needs_explanation(exc), status=400)
        except services.FlowError as exc:
            return Response({"detail": str(exc)}, status=409)
        report.refresh_from_db()
        return Response(self.get_serializer(report).data)

    @extend_schema(request=ReviewSerializer, responses=FLOW_RESPONSES)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._flow(request, "submit")

    @extend_schema(request=ReviewSerializer, responses=FLOW_RESPONSES)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._flow(request, "accept")

    @extend_schema(request=ReviewSerializer, responses=FLOW_RESPONSES)
    @action(detail=True, methods=["post"], url_path="return")
    def return_for_correction(self, request, pk=None):
        return self._flow(request, "return")

    @extend_schema(request=ReviewSerializer, responses=FLOW_RESPONSES)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._flow(request, "reopen")


STATS_PARAMETERS = [
    OpenApiParameter("level", str, enum=list(indicators.LEVELS), description="national, province, county, estate"),
    OpenApiParameter("id", int, description="the place's id (not for national)"),
    OpenApiParameter("period", str, description="Jalali month, e.g. 1404-07 (default: last month)"),
    OpenApiParameter("division", str, description="ISIC Rev.4 division, e.g. 28"),
]


STATS_RESPONSES = {200: OpenApiTypes.OBJECT, 404: OpenApiResponse(description="no place of that level and id")}


def _area(params) -> areas.Area:
    """The asked area. A level or an id that cannot name a place is refused (400); a place that does not exist is
    not found (404), as on the dashboards."""
    level = params.get("level", "national")
    if level not in indicators.LEVELS:
        raise serializers.ValidationError({"level": "سطح یکی از national، province، county و estate است."})
    if level != "national" and not params.get("id", "").isdecimal():
        raise serializers.ValidationError({"id": "شناسهٔ مکان را به عدد بدهید."})
    return areas.area_from(params)


def _indicator_payload(request, suppressed_always: bool) -> dict:
    area = _area(request.query_params)
    if request.query_params.get("period"):
        try:
            JalaliMonth.parse(request.query_params["period"])
        except ValueError as exc:
            raise serializers.ValidationError({"period": str(exc)}) from exc
    division = areas.division_from(request.query_params)
    suppressed = suppressed_always or not areas.inside_scope(request.user, area)
    month = areas.month_from(request.query_params, area, suppressed)
    data = areas.build(area, month, division, suppressed)
    data.pop("chart")
    data["rial_totals"] = {
        name: {
            "total": total.total,
            "missing_rates": total.missing,
            "rates": {
                c: {"rial_per_unit": r.rial_per_unit, "valid_from": r.valid_from, "source": r.source}
                for c, r in total.rates.items()
            },
        }
        for name, total in data["rial_totals"].items()
    }
    data["area"] = {"level": area.level, "id": area.place_id, "title": area.title}
    data["month"] = month.code
    coverage = data["coverage"]
    data["coverage"] = {"reported": coverage.reported, "expected": coverage.expected, "percent": coverage.percent}
    return data


class IndicatorsView(APIView):
    """Live indicators for an area and month; outside the caller's scope, the cells the disclosure rules hide
    (fewer than 3 units, dominated by one or two, or giving those away) are blanked."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=STATS_PARAMETERS, responses=STATS_RESPONSES)
    def get(self, request):
        return Response(_indicator_payload(request, suppressed_always=False))


class PublicIndicatorsView(APIView):
    """Published indicators: no login; every cell the disclosure rules hide is blanked (`legend` says why)."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(parameters=STATS_PARAMETERS, responses=STATS_RESPONSES)
    def get(self, request):
        return Response(_indicator_payload(request, suppressed_always=True))


class CompletenessView(APIView):
    """Expected vs received reports for a month, by province, county or estate (staff only)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("period", str),
            OpenApiParameter("by", str, enum=["province", "county", "estate"]),
        ],
        responses=inline_serializer(
            "CompletenessRow",
            {
                "key": serializers.IntegerField(allow_null=True),
                "label": serializers.CharField(),
                "expected": serializers.IntegerField(),
                "received": serializers.IntegerField(),
                "on_time": serializers.IntegerField(),
                "late": serializers.IntegerField(),
            },
            many=True,
        ),
    )
    def get(self, request):
        if not scoping.access_of(request.user).is_staff:
            return Response({"detail": "فقط کارشناسان سازمان."}, status=403)
        try:
            period = (
                JalaliMonth.parse(request.query_params["period"])
                if request.query_params.get("period")
                else (services.latest_reportable_month())
            )
        except ValueError as exc:
            return Response({"period": [str(exc)]}, status=400)
        group = {"province": "county__province", "county": "county", "estate": "estate"}.get(
            request.query_params.get("by", "county"), "county"
        )
        rows = completeness.completeness(completeness.expected_units(request.user), period, services.due_day(), group)
        return Response(
            [
                {
                    "key": r.key,
                    "label": r.label,
                    "expected": r.expected,
                    "received": r.received,
                    "on_time": r.on_time,
                    "late": r.late,
                }
                for r in rows
            ]
        )


router.register("reports", MonthlyReportViewSet)
