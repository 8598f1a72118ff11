from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("tours/", views.TourListView.as_view(), name="tour-list"),
    path("tours/new/", views.TourFormView.as_view(), name="tour-create"),
    path("tours/<int:pk>/", views.TourDetailView.as_view(), name="tour-detail"),
    path("tours/<int:pk>/edit/", views.TourFormView.as_view(), name="tour-edit"),
    path("tours/<int:pk>/history/", views.TourHistoryView.as_view(), name="tour-history"),
    path("tours/<int:tour_pk>/stages/new/", views.StageFormView.as_view(), name="stage-create"),
    path("stages/<int:pk>/", views.StageDetailView.as_view(), name="stage-detail"),
    path("stages/<int:pk>/edit/", views.StageFormView.as_view(), name="stage-edit"),
    path("stages/<int:pk>/plan/", views.StagePlanView.as_view(), name="stage-plan"),
    path("stages/<int:pk>/schedule/", views.StageScheduleView.as_view(), name="stage-schedule"),
    path("stages/<int:pk>/press-kit.pdf", views.PressKitView.as_view(), name="press-kit"),
    path("stages/<int:pk>/visits/new/", views.VisitCreateView.as_view(), name="visit-create"),
    path("stages/<int:pk>/invitations/new/", views.InvitationCreateView.as_view(), name="invitation-create"),
    path("stages/<int:pk>/attendance/", views.AttendanceView.as_view(), name="attendance"),
    path("stages/<int:pk>/coverage/new/", views.CoverageCreateView.as_view(), name="coverage-create"),
    path("stages/<int:pk>/matchmaking/", views.MatchmakingView.as_view(), name="matchmaking"),
    path("stages/<int:pk>/matchmaking/book/", views.BookingView.as_view(), name="booking"),
    path("stages/<int:pk>/matchmaking/slots/", views.SlotsView.as_view(), name="slots"),
    path("visits/<int:pk>/edit/", views.VisitEditView.as_view(), name="visit-edit"),
    path("visits/<int:pk>/delete/", views.VisitDeleteView.as_view(), name="visit-delete"),
    path("invitations/<int:pk>/answer/", views.InvitationAnswerView.as_view(), name="invitation-answer"),
    path("match-meetings/<int:pk>/cancel/", views.MeetingCancelView.as_view(), name="match-meeting-cancel"),
    path("mine/", views.MineView.as_view(), name="mine"),
    path("consent/<int:pk>/", views.ConsentView.as_view(), name="consent"),
    path("export-meetings/", views.ExportMeetingListView.as_view(), name="export-meeting-list"),
    path("export-meetings/new/", views.ExportMeetingFormView.as_view(), name="export-meeting-create"),
    path("export-meetings/<int:pk>/", views.ExportMeetingDetailView.as_view(), name="export-meeting-detail"),
    path("export-meetings/<int:pk>/edit/", views.ExportMeetingFormView.as_view(), name="export-meeting-edit"),
    path("export-meetings/<int:pk>/history/", views.ExportMeetingHistoryView.as_view(), name="export-meeting-history"),
    path(
        "export-meetings/<int:pk>/participants/new/",
        views.MeetingPartView.as_view(part="participant"),
        name="participant-create",
    ),
    path(
        "export-meetings/<int:pk>/partners/new/", views.MeetingPartView.as_view(part="partner"), name="partner-create"
    ),
    path("export-meetings/<int:pk>/leads/new/", views.MeetingPartView.as_view(part="lead"), name="lead-create"),
    path("leads/<int:pk>/status/", views.LeadStatusView.as_view(), name="lead-status"),
    path("leads/<int:pk>/history/", views.LeadHistoryView.as_view(), name="lead-history"),
]
