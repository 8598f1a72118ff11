from django.apps import AppConfig


class ShiftsConfig(AppConfig):
    name = "rownaq.shifts"
    label = "shifts"
    verbose_name = "برنامه‌ریزی سه‌نوبته"
