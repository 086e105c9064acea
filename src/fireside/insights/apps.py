from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "fireside.insights"
    label = "insights"
    verbose_name = "Insights"
