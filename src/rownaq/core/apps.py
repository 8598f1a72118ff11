from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rownaq.core"
    label = "core"
    verbose_name = "هسته"

    def ready(self) -> None:
        from . import audit  # noqa: F401  (connects the change-logging signals)
