from django.contrib.staticfiles.apps import StaticFilesConfig


class RownaqStaticFilesConfig(StaticFilesConfig):
    """collectstatic without the parts no page uses: the ReDoc bundle (the API docs use Swagger UI) and each
    package's copy of its sources."""

    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "drf_spectacular_sidecar/redoc*"]
