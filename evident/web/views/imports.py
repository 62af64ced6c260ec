"""Uploading an export to import, and following the import job to its result."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView, TemplateView

from evident.interop import jobs
from evident.interop.models import ImportJob

from .base import OrgPageMixin, vary_on_htmx, wants_partial

POLL_SECONDS = 1


class ImportUploadForm(forms.Form):
    format = forms.ChoiceField(choices=ImportJob.Format.choices)
    file = forms.FileField(help_text="CSV or JSON as the tool exported it, plain or gzip")


class ImportUploadView(OrgPageMixin, FormView):
    """A writer uploads an export; the import runs as a job and the page follows it."""

    template_name = "web/imports/upload.html"
    form_class = ImportUploadForm

    def get(self, request, *args, **kwargs):
        self.require_writer()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.require_writer()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            job = jobs.submit_import(
                self.organisation,
                form.cleaned_data["file"],
                form.cleaned_data["format"],
                user=self.request.user,
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
            return self.form_invalid(form)
        return redirect("web:import-job", org_slug=self.org_slug, pk=job.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recent"] = jobs.jobs_of(self.organisation)[:10]
        context["current_type"] = "import-jobs"
        return context


class ImportJobView(OrgPageMixin, TemplateView):
    """One job: a progress bar while it runs, then created, updated and rejected with reasons."""

    template_name = "web/imports/job.html"
    partial_template_name = "web/imports/partials/job_status.html"

    def get_template_names(self):
        if wants_partial(self.request):
            return [self.partial_template_name]
        return [self.template_name]

    def get(self, request, *args, **kwargs):
        return vary_on_htmx(super().get(request, *args, **kwargs))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = get_object_or_404(jobs.jobs_of(self.organisation), pk=self.kwargs["pk"])
        progress = jobs.job_progress(job)
        context.update(
            job=job,
            progress=progress,
            percent=round(progress["fraction"] * 100),
            poll_seconds=POLL_SECONDS,
            current_type="import-jobs",
        )
        return context
