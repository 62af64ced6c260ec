"""Create and edit forms for the records people keep by hand, written through the services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView

from evident.core.context import acting
from evident.core.services import StaleRecord
from evident.core.tenancy import scoped
from evident.core.writers import writer_for

from ..forms import record_form_class
from .base import OrgPageMixin, RecordTypeMixin


class RecordFormView(OrgPageMixin, RecordTypeMixin, FormView):
    """One form for creating (no ``pk`` in the URL) or editing a record.

    Only writer roles reach it (external auditors too for the records they may
    write). The record is written by its entry verbs (``core.writers``) inside a ``web`` acting
    block, so the ledger names the user; errors the service finds go back to
    the form beside the fields they concern.
    """

    template_name = "web/record_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.record_type.editable:
            raise Http404("Records of this type are not edited in the pages")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.require_writer(findings=self.record_type.auditor_writable)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.require_writer(findings=self.record_type.auditor_writable)
        return super().post(request, *args, **kwargs)

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        queryset = scoped(self.record_type.model, self.organisation)
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_form_class(self):
        return record_form_class(self.record_type)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        self.object = self.get_object()
        kwargs.update(organisation=self.organisation, instance=self.object)
        return kwargs

    def form_valid(self, form):
        try:
            with acting(source="web", user=self.request.user):
                record = self.save(form)
        except StaleRecord as stale:
            form.show_conflict(stale)
            return self.form_invalid(form)
        except ValidationError as error:
            self.add_service_errors(form, error)
            return self.form_invalid(form)
        verb = "updated" if self.object else "created"
        messages.success(self.request, f"{self.record_type.singular} {record.ref} {verb}.")
        return redirect(self.record_type.detail_url(self.org_slug, record.pk))

    def save(self, form):
        # The record type's entry verbs, the same the API uses (``core.writers``).
        model = self.record_type.model
        writer = writer_for(model)
        if self.object is None:
            values = {k: v for k, v in form.cleaned_data.items() if k != "record_version"}
            return writer.create(self.organisation, **values)
        # The form has already applied its values to its instance; the verbs need
        # the stored record to keep a true "before" picture in the ledger.
        stored = scoped(model, self.organisation).get(pk=self.object.pk)
        return writer.update(stored, expected_version=form.version_read(), **form.changed_values())

    @staticmethod
    def add_service_errors(form, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            form.add_error(None, error)
            return
        for name, field_messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, field_messages)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        return context
