from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "rownaq.cases"
    label = "cases"
    verbose_name = "رفع موانع تولید"
