"""The API's shared parts: one router every app registers its viewsets on, the scoped base viewset, and the date
field every serializer reads dates with."""
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
from .jalali import USER_YEAR_RANGE
from .models import Job
from .persian import to_persian_digits

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


def protected_message(instance, error: ProtectedError) -> str:
    """Why an object cannot be deleted: what still refers to it (in Persian)."""
    kinds = sorted({str(obj._meta.verbose_name_plural) for obj in error.protected_objects})
    return f"«{instance}» را نمی‌توان حذف کرد؛ این موارد هنوز به آن وابسته‌اند: {'، '.join(kinds)}."


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
            self.fail("out_of_range", first=to_persian_digits(FIRST_DATE.isoformat()),
                      last=to_persian_digits(LAST_DATE.isoformat()), start=to_persian_digits(USER_YEAR_RANGE.start),
                      stop=to_persian_digits(USER_YEAR_RANGE.stop - 1))
        return date


class JobSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Job
        fields = ["id", "kind", "title", "status", "status_display", "attempts", "progress", "result", "error",
                  "cancel_requested", "url", "created_at", "started_at", "finished_at"]
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
