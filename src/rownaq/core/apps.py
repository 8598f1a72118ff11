from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rownaq.core"
    label = "core"
    verbose_name = "هسته"

    def ready(self) -> None:
        from . import audit, throttle  # noqa: F401  (connect the change-logging and login-throttle signals)
