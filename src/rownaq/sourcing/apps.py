from django.apps import AppConfig


class SourcingConfig(AppConfig):
    name = "rownaq.sourcing"
    label = "sourcing"
    verbose_name = "ساخت داخل"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (keeps the matcher's index current)
