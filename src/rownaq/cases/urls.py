from django.urls import path

from . import closure_views, views

app_name = "cases"
urlpatterns = [
    path("", views.CaseListView.as_view(), name="case-list"),
    path("new/", views.CaseCreateView.as_view(), name="case-create"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("<int:pk>/history/", views.CaseHistoryView.as_view(), name="case-history"),
    path("<int:pk>/triage/", views.CaseStepView.as_view(step="triage"), name="case-triage"),
    path("<int:pk>/refer/", views.CaseStepView.as_view(step="refer"), name="case-refer"),
    path("<int:pk>/reject/", views.CaseStepView.as_view(step="reject"), name="case-reject"),
    path("<int:pk>/follow-up/", views.CaseStepView.as_view(step="follow_up"), name="case-follow-up"),
    path("<int:pk>/confirm/", views.CaseStepView.as_view(step="confirm"), name="case-confirm"),
    path(
        "<int:pk>/referrals/<int:referral_pk>/close/",
        views.CaseStepView.as_view(step="close_referral"),
        name="referral-close",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/", views.AttachmentDownloadView.as_view(), name="attachment-download"
    ),
    path("closures/", closure_views.ClosuresView.as_view(), name="closures"),
    path("rules/", views.RuleListView.as_view(), name="rule-list"),
    path("rules/new/", views.RuleFormView.as_view(creating=True), name="rule-create"),
    path("rules/<int:pk>/edit/", views.RuleFormView.as_view(), name="rule-edit"),
    path("rules/<int:pk>/history/", views.RuleHistoryView.as_view(), name="rule-history"),
    path("meetings/", views.MeetingListView.as_view(), name="meeting-list"),
    path("meetings/new/", views.MeetingFormView.as_view(creating=True), name="meeting-create"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views.MeetingFormView.as_view(), name="meeting-edit"),
    path("meetings/<int:pk>/resolutions/", views.ResolutionCreateView.as_view(), name="resolution-create"),
    path("resolutions/<int:pk>/status/", views.ResolutionStatusView.as_view(), name="resolution-status"),
]
