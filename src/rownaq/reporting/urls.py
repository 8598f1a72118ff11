from django.urls import path

from . import dashboard, views

app_name = "reporting"
urlpatterns = [
    path("", views.ReportListView.as_view(), name="report-list"),
    path("start/", views.ReportStartView.as_view(), name="report-start"),
    path("import/", views.ReportImportView.as_view(), name="report-import"),
    path("completeness/", views.CompletenessView.as_view(), name="completeness"),
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("<int:pk>/edit/", views.ReportEditView.as_view(), name="report-edit"),
    path("<int:pk>/history/", views.ReportHistoryView.as_view(), name="report-history"),
    path("<int:pk>/<str:action>/", views.ReportActionView.as_view(), name="report-action"),
]
