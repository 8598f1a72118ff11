from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "rownaq.notify"
    label = "notify"
    verbose_name = "اعلان‌ها"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal receivers)
