from importlib.util import find_spec

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from fireside.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health", views.health, name="health"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("workspace/", views.switch_workspace, name="switch-workspace"),
    path("settings/", views.settings_page, name="settings"),
    path(
        "settings/members/<int:membership_id>/availability/",
        views.set_availability,
        name="set-availability",
    ),
    path("inbox/", include("fireside.inbox.urls")),
    path("listening/", include("fireside.listen.urls")),
    path("people/", include("fireside.people.urls")),
    path("insights/", include("fireside.insights.urls")),
    path("publish/", include("fireside.publish.urls")),
    path("admin/", admin.site.urls),
]

# The webhook receiver lives with the connectors; it is mounted once it exists.
if find_spec("fireside.listen.hook_urls") is not None:
    urlpatterns.append(path("hooks/", include("fireside.listen.hook_urls")))
