from django.urls import path

from . import views

app_name = "sourcing"
urlpatterns = [
    path("", views.NeedListView.as_view(), name="need-list"),
    path("new/", views.NeedCreateView.as_view(), name="need-create"),
    path("suggest-hs/", views.SuggestHsView.as_view(), name="suggest-hs"),
    path("from-import/<int:line_pk>/", views.FromImportLineView.as_view(), name="from-import-line"),
    path("<int:pk>/", views.NeedDetailView.as_view(), name="need-detail"),
    path("<int:pk>/edit/", views.NeedEditView.as_view(), name="need-edit"),
    path("<int:pk>/history/", views.NeedHistoryView.as_view(), name="need-history"),
    path("<int:pk>/move/", views.NeedStepView.as_view(step="move"), name="need-move"),
    path("<int:pk>/localize/", views.NeedStepView.as_view(step="localize"), name="need-localize"),
    path("<int:pk>/withdraw/", views.NeedStepView.as_view(step="withdraw"), name="need-withdraw"),
    path("<int:pk>/shortlist/", views.NeedStepView.as_view(step="shortlist"), name="need-shortlist"),
    path("<int:pk>/attach/", views.NeedStepView.as_view(step="attach"), name="need-attach"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/", views.AttachmentDownloadView.as_view(), name="attachment-download"
    ),
    path("market/", views.MarketListView.as_view(), name="market"),
    path("market/<int:pk>/", views.MarketDetailView.as_view(), name="market-detail"),
    path("market/<int:pk>/interest/", views.InterestView.as_view(), name="market-interest"),
    path("serve/", views.ServeView.as_view(), name="serve"),
    path("capabilities/", views.CapabilityListView.as_view(), name="capability-list"),
    path("capabilities/<int:pk>/", views.CapabilityEditView.as_view(), name="capability-edit"),
    path("linkage/", views.LinkageView.as_view(), name="linkage"),
    path("savings/", views.SavingsView.as_view(), name="savings"),
]
