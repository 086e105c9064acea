from django.urls import path

from fireside.listen import views

app_name = "listen"
urlpatterns = [
    path("", views.sources, name="sources"),
    path("add/<str:kind>/", views.add_source, name="add"),
    path("<int:source_id>/", views.source_detail, name="source"),
    path("<int:source_id>/test/", views.test_source, name="test"),
    path("<int:source_id>/pause/", views.toggle_pause, name="pause"),
    path("quarantine/<int:quarantine_id>/dismiss/", views.dismiss_quarantined, name="dismiss"),
]
