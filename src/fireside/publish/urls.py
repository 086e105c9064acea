from django.urls import path

from fireside.publish import views

app_name = "publish"
urlpatterns = [path("", views.queue, name="queue")]
