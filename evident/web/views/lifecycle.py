"""A record's lifecycle in the pages: one small form per transition, and voiding.

The transitions come from the record type's declaration (``core.records``) and
run through ``core.writers.perform_transition``, the path the API takes too, so
the pages keep exactly the rules the API keeps. Voiding asks for a reason.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView

from evident.core import services
from evident.core.context import acting
from evident.core.records import lifecycle_of, refuse_void_by
from evident.core.tenancy import scoped
from evident.core.writers import perform_transition, transition_form

from .base import OrgPageMixin, RecordTypeMixin

VOID = "void"


class VoidForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the record: it stays as evidence, out of what the audit judges.",
    )


class RecordActionView(OrgPageMixin, RecordTypeMixin, FormView):
    """``/<record_type>/<pk>/<action>/``: a transition of the record's lifecycle, or ``void``."""

    template_name = "web/record_action.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.action_name = kwargs["action"]
        lifecycle = lifecycle_of(self.record_type.model)
        self.transition = lifecycle.transition(self.action_name) if lifecycle else None
        if self.action_name != VOID and self.transition is None:
            raise Http404("No such action for this record type")

    def get_object(self):
        queryset = scoped(self.record_type.model, self.organisation)
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_form(self, form_class=None):
        self.require_writer(findings=self.record_type.auditor_writable)
        self.object = self.get_object()
        data = self.request.POST if self.request.method == "POST" else None
        if self.action_name == VOID:
            return VoidForm(data=data)
        return transition_form(self.object, self.action_name, data)

    def form_valid(self, form):
        try:
            with acting(source="web", user=self.request.user):
                self.act(form)
        except services.StaleRecord as stale:
            form.add_error(None, str(stale))
            return self.form_invalid(form)
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        done = "voided" if self.action_name == VOID else f"moved: {self.transition.title.lower()}"
        messages.success(self.request, f"{self.object.ref} {done}.")
        return redirect(self.record_type.detail_url(self.org_slug, self.object.pk))

    def act(self, form) -> None:
        if self.action_name == VOID:
            refuse_void_by(type(self.object), self.membership.role)
            services.void_record(self.object, reason=form.cleaned_data["reason"])
            return
        perform_transition(
            self.object,
            self.action_name,
            role=self.membership.role,
            data=self.request.POST,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            refusal=self.refusal(),
            action_title="Void" if self.action_name == VOID else self.transition.title,
            action_help=VOID_HELP if self.action_name == VOID else self.transition.help,
        )
        return context

    def refusal(self) -> str:
        """Why this action cannot be taken from the record's state, before anyone types."""
        if self.object.is_voided:
            return f"{self.object.ref} is voided and is kept as it was."
        if self.transition is None:
            return ""
        lifecycle = lifecycle_of(self.record_type.model)
        state = getattr(self.object, lifecycle.field)
        if self.transition.allowed_from(state):
            return ""
        return f"{self.object.ref} is {state}: it cannot {self.transition.title.lower()}."


VOID_HELP = (
    "A voided record is not deleted: it keeps its history and shows who voided it and why. "
    "The audit engine leaves it out of the records it judges."
)


def add_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, field_messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, field_messages)


def record_actions(record, record_type, may_write: bool) -> list[dict]:
    """The buttons of a record's detail page: its transitions from here, then void."""
    if not may_write or record.is_voided:
        return []
    actions = []
    lifecycle = lifecycle_of(record_type.model)
    for transition in lifecycle.available(record) if lifecycle else []:
        actions.append({"name": transition.name, "title": transition.title})
    actions.append({"name": VOID, "title": "Void…"})
    return actions
