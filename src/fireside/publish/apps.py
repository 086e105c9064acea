from django.apps import AppConfig


class PublishConfig(AppConfig):
    name = "fireside.publish"
    label = "publish"
    verbose_name = "Publish"
