from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/new/", views.OrganisationFormView.as_view(creating=True), name="organisation-create"),
    path("organisations/import/", views.OrganisationImportView.as_view(), name="organisation-import"),
    path("organisations/<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation-detail"),
    path("organisations/<int:pk>/edit/", views.OrganisationFormView.as_view(), name="organisation-edit"),
    path("organisations/<int:pk>/history/", views.OrganisationHistoryView.as_view(), name="organisation-history"),
    path("organisations/<int:pk>/delete/", views.OrganisationDeleteView.as_view(), name="organisation-delete"),
    path("hs/", views.HsListView.as_view(), name="hs-list"),
    path("hs/<str:pk>/", views.HsDetailView.as_view(), name="hs-detail"),
]
