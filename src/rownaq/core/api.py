"""The API's shared parts: one router every app registers its viewsets on, and the scoped base viewset."""
from django.db import transaction
from django.db.models import ProtectedError
from rest_framework import permissions, status, viewsets
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from . import scoping
from .actor import _current_actor

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
                instance.delete()
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
