from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from rownaq.cases import api as cases_api  # noqa: F401  (registers viewsets)
from rownaq.core.api import router
from rownaq.core.auth import ThrottledLoginView
from rownaq.events import api as events_api  # noqa: F401
from rownaq.events.views import RsvpView
from rownaq.places import api as places_api  # noqa: F401  (registers viewsets)
from rownaq.registry import api as registry_api  # noqa: F401
from rownaq.registry.views import AcceptInvitationView
from rownaq.reporting import api as reporting_api
from rownaq.reporting.dashboard import PublicStatsView
from rownaq.shifts import api as shifts_api  # noqa: F401
from rownaq.sourcing import api as sourcing_api  # noqa: F401

urlpatterns = [
    path("", include("rownaq.web.urls")),
    path("places/", include("rownaq.places.urls")),
    path("registry/", include("rownaq.registry.urls")),
    path("reports/", include("rownaq.reporting.urls")),
    path("events/", include("rownaq.events.urls")),
    path("rsvp/<uuid:token>/", RsvpView.as_view(), name="rsvp"),
    path("join/<str:token>/", AcceptInvitationView.as_view(), name="invitation-accept"),
    path("cases/", include("rownaq.cases.urls")),
    path("shifts/", include("rownaq.shifts.urls")),
    path("sourcing/", include("rownaq.sourcing.urls")),
    path("notifications/", include("rownaq.notify.urls")),
    path("stats/", PublicStatsView.as_view(), name="public-stats"),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/stats/indicators/", reporting_api.IndicatorsView.as_view(), name="api-indicators"),
    path("api/stats/public/", reporting_api.PublicIndicatorsView.as_view(), name="api-public-indicators"),
    path("api/stats/completeness/", reporting_api.CompletenessView.as_view(), name="api-completeness"),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
handler404 = "rownaq.core.api.page_not_found"
# The database unreachable: a 503 in Persian (JSON under /api/) instead of a 500; see core/errors.py.
handler500 = "rownaq.core.errors.server_error"
