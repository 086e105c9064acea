from django.urls import path

from fireside.inbox import settings_views, views

app_name = "inbox"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("bulk/", views.bulk, name="bulk"),
    path("views/", views.save_view, name="save-view"),
    path("messages/", views.messages, name="messages"),
    path("c/<int:conversation_id>/", views.conversation, name="conversation"),
    path("c/<int:conversation_id>/assign/", views.assign, name="assign"),
    path("c/<int:conversation_id>/tag/", views.tag, name="tag"),
    path("c/<int:conversation_id>/status/", views.status, name="status"),
    path("c/<int:conversation_id>/note/", views.note, name="note"),
    path("c/<int:conversation_id>/reply/", views.reply, name="reply"),
    path("c/<int:conversation_id>/presence/", views.presence, name="presence"),
    path(
        "c/<int:conversation_id>/saved-reply/<int:reply_id>/", views.saved_reply, name="saved-reply"
    ),
    path("m/<int:message_id>/retry/", views.retry, name="retry"),
    path("settings/", settings_views.inbox_settings, name="settings"),
    path("settings/rules/", settings_views.rule_form, name="rule-add"),
    path("settings/rules/<int:rule_id>/", settings_views.rule_form, name="rule-edit"),
    path("settings/rules/<int:rule_id>/delete/", settings_views.rule_delete, name="rule-delete"),
    path("settings/sla/<int:policy_id>/", settings_views.sla_form, name="sla-edit"),
    path("settings/sla/", settings_views.sla_form, name="sla-add"),
    path("settings/replies/", settings_views.saved_reply_form, name="reply-add"),
    path("settings/replies/<int:reply_id>/", settings_views.saved_reply_form, name="reply-edit"),
    path(
        "settings/replies/<int:reply_id>/delete/",
        settings_views.saved_reply_delete,
        name="reply-delete",
    ),
]
