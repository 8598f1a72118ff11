from django.urls import path

from . import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("health/", views.HealthView.as_view(), name="health"),
    path("health/<slug:action>/", views.HealthActionView.as_view(), name="health-action"),
    path("healthz", views.liveness, name="liveness"),
    path("ping", views.ping, name="ping"),
    path("jobs/<uuid:pk>/", views.JobView.as_view(), name="job"),
    path("jobs/<uuid:pk>/cancel/", views.JobCancelView.as_view(), name="job-cancel"),
]
