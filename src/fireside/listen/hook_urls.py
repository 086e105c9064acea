"""Mounted at /hooks/ by the project: the webhook receiver, outside login and CSRF."""

from django.urls import path

from fireside.listen import views

urlpatterns = [path("<str:token>", views.webhook, name="listen-hook")]
