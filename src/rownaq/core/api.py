"""The API's shared parts: one router every app registers its viewsets on, the scoped base viewset, the date
field every serializer reads dates with, and the cleaning every text field's input goes through."""

import datetime as dt

import jdatetime
from django.db import transaction
from django.db.models import ProtectedError
from django.http import JsonResponse
from django.views import defaults
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from . import scoping
from .actor import _current_actor
from .deletion import protected_message
from .jalali import USER_YEAR_RANGE
from .models import Job
from .persian import clean_user_text, to_persian_digits

router = DefaultRouter()


class ScopePermission(permissions.BasePermission):
    """Writes need the scoped right on the object; reads are limited by the queryset itself."""

    ACTIONS = {"POST": scoping.ADD, "PUT": scoping.CHANGE, "PATCH": scoping.CHANGE, "DELETE": scoping.DELETE}

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        if request.method == "POST":
            return scoping.may_add(request.user, view.queryset.model)
        return True

    def has_object_permission(self, request, view, obj):
        action = self.ACTIONS.get(request.method)
        return action is None or scoping.can(request.user, action, obj)


class ScopedModelViewSet(viewsets.ModelViewSet):
    """A model viewset whose rows are those the caller may see (core.scoping), and whose writes name the
    caller as the author of the change records (token-authenticated requests are only known here)."""

    permission_classes = [ScopePermission]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        _current_actor.set(request.user if request.user.is_authenticated else None)

    def get_queryset(self):
        return scoping.restrict(super().get_queryset(), self.request.user, scoping.VIEW)

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        try:
            with transaction.atomic():
                self.perform_destroy(instance)  # what a viewset does besides deleting (events: forget the plan)
        except ProtectedError as exc:
            return Response({"detail": protected_message(instance, exc)}, status=status.HTTP_409_CONFLICT)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    def get_queryset(self):
        return scoping.restrict(super().get_queryset(), self.request.user, scoping.VIEW)


def page_not_found(request, exception):
    """A URL no route matches (such as /api/tours/1.5/): under /api/ the JSON every API error has, since API clients
    read JSON; elsewhere the site's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(exceptions.NotFound.default_detail)}, status=status.HTTP_404_NOT_FOUND)
    return defaults.page_not_found(request, exception)


FIRST_DATE = jdatetime.date(USER_YEAR_RANGE.start, 1, 1).togregorian()
LAST_DATE = jdatetime.date(USER_YEAR_RANGE.stop, 1, 1).togregorian() - dt.timedelta(days=1)


class CalendarDateField(serializers.DateField):
    """A Gregorian ISO date within the Jalali years a person can mean (those the forms accept): every date is shown
    in the Jalali calendar, which has no year 1 of ours, and a year 9999 is a typo. Model serializers use it for
    every date (core.apps)."""

    default_error_messages = {
        "out_of_range": "تاریخ باید میان {first} و {last} باشد (سال‌های {start} تا {stop} شمسی).",
    }

    def to_internal_value(self, value):
        date = super().to_internal_value(value)
        if not FIRST_DATE <= date <= LAST_DATE:
            self.fail(
                "out_of_range",
                first=to_persian_digits(FIRST_DATE.isoformat()),
                last=to_persian_digits(LAST_DATE.isoformat()),
                start=to_persian_digits(USER_YEAR_RANGE.start),
                stop=to_persian_digits(USER_YEAR_RANGE.stop - 1),
            )
        return date


_plain_text_input = serializers.CharField.to_internal_value


def _cleaned_text_input(field: serializers.CharField, data) -> str:
    """What a text field of the API stores: the same cleaning as the forms' (control and bidi-override characters
    such as U+202E removed, spacing tidied), so a description sent over the API cannot hold what a form would have
    cleaned. Fields declared with trim_whitespace=False (passwords, tokens) are kept exactly as sent."""
    value = _plain_text_input(field, data)
    if not field.trim_whitespace:
        return value
    cleaned = clean_user_text(value)
    if value and not cleaned and not field.allow_blank:
        field.fail("blank")
    return cleaned


def clean_every_text_field() -> None:
    """Install the cleaning on every serializer text field (model-mapped or declared, and their subclasses such as
    e-mail and URL fields): one place, so no serializer can forget it. Called once from CoreConfig.ready()."""
    serializers.CharField.to_internal_value = _cleaned_text_input


class JobSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "title",
            "status",
            "status_display",
            "attempts",
            "progress",
            "result",
            "error",
            "cancel_requested",
            "url",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class JobViewSet(viewsets.GenericViewSet):
    """Long work run by the task worker (a roster solve, ...): poll it until `status` is done, failed or
    cancelled; `progress` says how far it has got, `error` why it failed (Persian)."""

    queryset = Job.objects.all()
    serializer_class = JobSerializer
    permission_classes = [permissions.IsAuthenticated]

    def visible_object(self):
        from . import jobs

        job = self.get_object()
        if not jobs.may_see(self.request.user, job):
            from django.http import Http404

            raise Http404
        return job

    def retrieve(self, request, pk=None):
        return Response(JobSerializer(self.visible_object()).data)

    @extend_schema(request=None, responses={200: JobSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        from rest_framework.exceptions import PermissionDenied

        from . import jobs

        job = self.visible_object()
        if not jobs.may_cancel(request.user, job):
            raise PermissionDenied("لغو این کار با شما نیست.")
        return Response(JobSerializer(jobs.request_cancel(job)).data)


router.register("jobs", JobViewSet, basename="api-job")
