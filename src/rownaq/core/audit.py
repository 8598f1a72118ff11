"""Change logging: every save and delete of a ChangeLogged model writes a ChangeRecord (who, when, before, after).

Done with signals so that views, the API, the admin, imports and commands are all covered by one mechanism.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .actor import current_actor
from .models import ChangeLogged, ChangeRecord


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "name") and hasattr(value, "url"):  # file fields
        return value.name or None
    return value


def snapshot(instance: ChangeLogged) -> dict:
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in instance.audit_exclude or field.primary_key:
            continue
        data[field.name] = _plain(getattr(instance, field.attname))
    return data


def _user_or_none():
    actor = current_actor()
    return actor if actor is not None and getattr(actor, "pk", None) else None


def _write(instance: ChangeLogged, action: str, before, after) -> None:
    parent_ct, parent_id = None, ""
    if instance.audit_parent:
        parent = getattr(instance, instance.audit_parent, None)
        if parent is not None:
            parent_ct = ContentType.objects.get_for_model(parent)
            parent_id = str(parent.pk)
    ChangeRecord.objects.create(
        actor=_user_or_none(),
        action=action,
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        parent_content_type=parent_ct,
        parent_object_id=parent_id,
        before=before,
        after=after,
    )


@receiver(pre_save)
def _remember_before(sender, instance, raw=False, **kwargs):
    if raw or not isinstance(instance, ChangeLogged):
        return
    instance._audit_before = None
    if instance.pk is not None:
        old = sender._default_manager.filter(pk=instance.pk).first()
        instance._audit_before = snapshot(old) if old is not None else None


@receiver(post_save)
def _record_save(sender, instance, created, raw=False, **kwargs):
    if raw or not isinstance(instance, ChangeLogged):
        return
    before = None if created else getattr(instance, "_audit_before", None)
    after = snapshot(instance)
    if not created and before == after:
        return  # a save that changed nothing is not a change
    _write(instance, ChangeRecord.Action.CREATE if created else ChangeRecord.Action.UPDATE, before, after)


@receiver(post_delete)
def _record_delete(sender, instance, **kwargs):
    if not isinstance(instance, ChangeLogged):
        return
    _write(instance, ChangeRecord.Action.DELETE, snapshot(instance), None)


def history_for(instance) -> models.QuerySet:
    """Change records of an object and of its children (records naming it as audit parent)."""
    ct = ContentType.objects.get_for_model(instance)
    pk = str(instance.pk)
    return ChangeRecord.objects.filter(
        models.Q(content_type=ct, object_id=pk) | models.Q(parent_content_type=ct, parent_object_id=pk)
    ).select_related("actor", "content_type")
