from django.urls import path

from fireside.inbox import views

app_name = "inbox"
urlpatterns = [path("", views.messages, name="messages")]
