from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "rownaq.events"
    label = "events"
    verbose_name = "تورها و نشست‌ها"

    def ready(self):
        from rownaq.registry.invitations import joined

        from .services import link_tour_invitations

        joined.connect(link_tour_invitations, dispatch_uid="events-link-tour-invitations")
