from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "rownaq.registry"
    label = "registry"
    verbose_name = "شناسنامهٔ واحدها"
