from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "rownaq.reporting"
    label = "reporting"
    verbose_name = "گزارش‌های ماهانه"
