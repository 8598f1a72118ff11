"""Keep this process's matcher index current: a saved or deleted capability, product or organisation, and a
localized need (it counts as the maker's experience), re-index that maker when the transaction commits."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from rownaq.registry.models import Organisation, Product

from . import matching
from .models import Capability, Need


@receiver([post_save, post_delete], sender=Capability)
@receiver([post_save, post_delete], sender=Product)
def _profile_part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        matching.maker_changed(instance.organisation_id)


@receiver([post_save, post_delete], sender=Organisation)
def _organisation_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        matching.maker_changed(instance.pk)


@receiver(m2m_changed, sender=Capability.hs_codes.through)
def _capability_codes_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Capability):
        matching.maker_changed(instance.organisation_id)


@receiver(post_save, sender=Need)
def _need_localized(sender, instance, raw=False, **kwargs):
    if not raw and instance.status == Need.Status.LOCALIZED and instance.maker_id:
        matching.maker_changed(instance.maker_id)
