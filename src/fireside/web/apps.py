from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "fireside.web"
    label = "web"
    verbose_name = "Workspaces"
