from django.urls import path

from . import views

app_name = "shifts"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("units/<int:pk>/", views.UnitView.as_view(), name="unit"),
    path("units/<int:pk>/simulator/", views.SimulatorView.as_view(), name="simulator"),
    path("units/<int:unit_pk>/shifts/new/", views.ShiftFormView.as_view(), name="shift-create"),
    path("units/<int:unit_pk>/posts/new/", views.PostFormView.as_view(), name="post-create"),
    path("units/<int:unit_pk>/workers/new/", views.WorkerFormView.as_view(), name="worker-create"),
    path("units/<int:unit_pk>/workers/bulk/", views.WorkerBulkView.as_view(), name="worker-bulk"),
    path("shifts/<int:pk>/edit/", views.ShiftFormView.as_view(), name="shift-edit"),
    path("shifts/<int:pk>/delete/", views.ShiftDeleteView.as_view(), name="shift-delete"),
    path("posts/<int:pk>/edit/", views.PostFormView.as_view(), name="post-edit"),
    path("posts/<int:pk>/delete/", views.PostDeleteView.as_view(), name="post-delete"),
    path("workers/<int:pk>/edit/", views.WorkerFormView.as_view(), name="worker-edit"),
    path("workers/<int:pk>/delete/", views.WorkerDeleteView.as_view(), name="worker-delete"),
    path("workers/<int:pk>/requests/", views.WorkerRequestCreateView.as_view(), name="request-create"),
    path("requests/<int:pk>/delete/", views.WorkerRequestDeleteView.as_view(), name="request-delete"),
    path("rosters/", views.RosterListView.as_view(), name="roster-list"),
    path("rosters/new/", views.RosterCreateView.as_view(), name="roster-create"),
    path("rosters/<int:pk>/", views.RosterDetailView.as_view(), name="roster-detail"),
    path("rosters/<int:pk>/edit/", views.RosterEditView.as_view(), name="roster-edit"),
    path("rosters/<int:pk>/delete/", views.RosterDeleteView.as_view(), name="roster-delete"),
    path("rosters/<int:pk>/history/", views.RosterHistoryView.as_view(), name="roster-history"),
    path("rosters/<int:pk>/generate/", views.RosterGenerateView.as_view(), name="roster-generate"),
    path("rosters/<int:pk>/pin/", views.RosterPinView.as_view(), name="roster-pin"),
    path("rosters/<int:pk>/unpin/", views.RosterUnpinView.as_view(), name="roster-unpin"),
    path("rosters/<int:pk>/approve/", views.RosterStatusView.as_view(step="approve"), name="roster-approve"),
    path("rosters/<int:pk>/reopen/", views.RosterStatusView.as_view(step="reopen"), name="roster-reopen"),
    path("rosters/<int:pk>/workers/<int:worker_pk>/", views.RosterWorkerView.as_view(), name="roster-worker"),
    path("rosters/<int:pk>/posts/<int:post_pk>/", views.RosterPostView.as_view(), name="roster-post"),
    path("rosters/<int:pk>/premiums/", views.RosterPremiumsView.as_view(), name="roster-premiums"),
]
