from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "rownaq.notify"
    label = "notify"
    verbose_name = "اعلان‌ها"
