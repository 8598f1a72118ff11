from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "rownaq.web"
    label = "web"
    verbose_name = "رابط کاربری"
