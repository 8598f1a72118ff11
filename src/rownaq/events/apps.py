from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "rownaq.events"
    label = "events"
    verbose_name = "تورها و نشست‌ها"
