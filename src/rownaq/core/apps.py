from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rownaq.core"
    label = "core"
    verbose_name = "هسته"

    def ready(self) -> None:
        from django.db import models
        from rest_framework import serializers

        from . import audit, throttle  # noqa: F401  (connect the change-logging and login-throttle signals)
        from .api import CalendarDateField, clean_every_text_field
        from .forms import install_persian_numbers

        install_persian_numbers()

        # Every model serializer reads its dates so: a date the Jalali calendar cannot show is refused with a 400.
        serializers.ModelSerializer.serializer_field_mapping[models.DateField] = CalendarDateField
        # Every serializer's text input is cleaned as the forms clean it (core.api).
        clean_every_text_field()
