from django.apps import AppConfig


class ListenConfig(AppConfig):
    name = "fireside.listen"
    label = "listen"
    verbose_name = "Listening"
