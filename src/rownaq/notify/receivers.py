"""Events recorded by plain model saves (no service of their own): a lead is created by a form or the API."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from rownaq.events.models import Lead

from .models import Kind
from .services import members_of, notify


@receiver(post_save, sender=Lead, dispatch_uid="notify-lead-assigned")
def lead_assigned(sender, instance: Lead, created: bool, raw: bool = False, **kwargs):
    if created and not raw:
        notify(
            members_of(instance.seller),
            Kind.LEAD_ASSIGNED,
            f"فرصت صادراتی تازه: {instance.product}",
            f"خریدار: {instance.buyer}؛ نشست «{instance.meeting}»",
            instance.meeting.get_absolute_url(),
            instance.seller,
        )
