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
    path(
        "organisations/<int:pk>/invitations/",
        views.OrganisationInvitationsView.as_view(),
        name="organisation-invitations",
    ),
    path("invitations/<int:pk>/resend/", views.InvitationActionView.as_view(action="resend"), name="invitation-resend"),
    path("invitations/<int:pk>/revoke/", views.InvitationActionView.as_view(action="revoke"), name="invitation-revoke"),
    path("hs/", views.HsListView.as_view(), name="hs-list"),
    path("hs/<str:pk>/", views.HsDetailView.as_view(), name="hs-detail"),
]
