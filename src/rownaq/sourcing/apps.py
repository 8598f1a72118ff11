from django.apps import AppConfig


class SourcingConfig(AppConfig):
    name = "rownaq.sourcing"
    label = "sourcing"
    verbose_name = "ساخت داخل"
