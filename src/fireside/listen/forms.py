"""The add/edit form for a source, built from its connector's declared options."""

from __future__ import annotations

from typing import Any

from django import forms

from fireside.listen import registry


class SourceForm(forms.Form):
    """One field per connector option; secrets are password fields that never echo back."""

    name = forms.CharField(max_length=120)
    poll_interval_s = forms.IntegerField(
        label="Poll every (seconds)", min_value=10, initial=300, required=False
    )

    def __init__(self, kind: str, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.connector = registry.connector_class(kind)
        self.option_names: list[str] = []
        for option in self.connector.options:
            help_text = option.help
            if option.secret and editing:
                help_text = (help_text + " " if help_text else "") + "Leave blank to keep."
            field: forms.Field = forms.CharField(
                label=option.label,
                required=option.required and not option.default and not (option.secret and editing),
                initial=option.default or None,
                help_text=help_text,
                widget=forms.PasswordInput(render_value=False) if option.secret else None,
            )
            self.fields[f"opt_{option.name}"] = field
            self.option_names.append(option.name)
        if editing:
            del self.fields["name"]

    def options(self) -> dict[str, str]:
        return {
            name: self.cleaned_data.get(f"opt_{name}") or ""
            for name in self.option_names
            if self.cleaned_data.get(f"opt_{name}")
        }
