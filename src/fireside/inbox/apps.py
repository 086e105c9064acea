from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "fireside.inbox"
    label = "inbox"
    verbose_name = "Inbox"
