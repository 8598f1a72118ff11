from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "rownaq.places"
    label = "places"
    verbose_name = "مکان‌ها"
