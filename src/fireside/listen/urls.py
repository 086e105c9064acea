from django.urls import path

from fireside.listen import views

app_name = "listen"
urlpatterns = [path("", views.sources, name="sources")]
