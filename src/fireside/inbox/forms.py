from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from fireside.inbox.models import Rule, SavedReply, SlaPolicy
from fireside.understand.query import QuerySyntaxError, parse

WEEKDAYS = [(0, "Mon"), (1, "Tue"), (2, "Wed"), (3, "Thu"), (4, "Fri"), (5, "Sat"), (6, "Sun")]


class RuleForm(forms.ModelForm):
    class Meta:
        model = Rule
        fields = [
            "name",
            "position",
            "enabled",
            "channel",
            "intent",
            "lang",
            "min_priority",
            "query",
            "action",
            "assignee",
            "tag",
        ]

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = (
            get_user_model().objects.filter(memberships__workspace=workspace).order_by("username")
        )

    def clean_query(self) -> str:
        query = self.cleaned_data["query"]
        if query.strip():
            try:
                parse(query)
            except QuerySyntaxError as exc:
                raise forms.ValidationError(str(exc)) from None
        return query

    def clean(self):
        data = super().clean()
        if data.get("action") == Rule.Action.ASSIGN and not data.get("assignee"):
            self.add_error("assignee", "Choose whom to assign to.")
        if data.get("action") == Rule.Action.TAG and not data.get("tag", "").strip():
            self.add_error("tag", "Name the tag to add.")
        return data


class SlaPolicyForm(forms.ModelForm):
    business_days = forms.TypedMultipleChoiceField(
        choices=WEEKDAYS, coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = SlaPolicy
        fields = [
            "name",
            "min_priority",
            "first_response_minutes",
            "resolution_minutes",
            "business_hours_only",
            "business_days",
            "day_start",
            "day_end",
        ]
        widgets = {
            "day_start": forms.TimeInput(attrs={"type": "time"}),
            "day_end": forms.TimeInput(attrs={"type": "time"}),
        }

    def clean(self):
        data = super().clean()
        if data.get("business_hours_only"):
            if not data.get("business_days"):
                self.add_error("business_days", "Pick at least one working day.")
            if (
                data.get("day_start")
                and data.get("day_end")
                and data["day_start"] >= data["day_end"]
            ):
                self.add_error("day_end", "The working day must end after it starts.")
        return data


class SavedReplyForm(forms.ModelForm):
    class Meta:
        model = SavedReply
        fields = ["title", "body", "lang", "intent"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"body": "Placeholders: {first_name} {name} {handle} {agent} {brand} {order}"}
