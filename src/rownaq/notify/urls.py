from django.urls import path

from . import views

app_name = "notify"
urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("<int:pk>/open/", views.NotificationOpenView.as_view(), name="open"),
    path("read-all/", views.MarkAllReadView.as_view(), name="read-all"),
    path("preferences/", views.PreferenceView.as_view(), name="preferences"),
]
