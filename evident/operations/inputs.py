"""Form fields of the operations transitions: moments in UTC, with the browser's picker."""

from django import forms


def when(label: str, **options) -> forms.DateTimeField:
    picker = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    return forms.DateTimeField(label=label, help_text="UTC", widget=picker, **options)
