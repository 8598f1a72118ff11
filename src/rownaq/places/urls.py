from django.urls import path

from . import views

app_name = "places"
urlpatterns = [
    path("estates/", views.EstateListView.as_view(), name="estate-list"),
    path("estates/new/", views.EstateFormView.as_view(creating=True), name="estate-create"),
    path("estates/<int:pk>/", views.EstateDetailView.as_view(), name="estate-detail"),
    path("estates/<int:pk>/edit/", views.EstateFormView.as_view(), name="estate-edit"),
    path("estates/<int:pk>/history/", views.EstateHistoryView.as_view(), name="estate-history"),
]
