"""Uploading an export to import, following the import job to its result, and keeping the
column mappings that csv and xlsx uploads are read with."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from evident.core.context import acting
from evident.core.tenancy import scoped
from evident.interop import jobs
from evident.interop import services as interop_services
from evident.interop.importers.generic_mapping import (
    importable_types,
    resolve_record_type,
    target_fields,
)
from evident.interop.models import ImportJob, ImportMapping

from .base import OrgPageMixin, vary_on_htmx, wants_partial

POLL_SECONDS = 1


class ImportUploadForm(forms.Form):
    format = forms.ChoiceField(choices=ImportJob.Format.choices)
    file = forms.FileField(
        help_text="CSV or JSON as the tool exported it (plain or gzip), or your own CSV or XLSX"
    )
    mapping = forms.ModelChoiceField(
        queryset=ImportMapping.objects.none(),
        required=False,
        label="Column mapping",
        help_text="For your own CSV or XLSX: the saved mapping to read it with",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mapping"].queryset = scoped(ImportMapping, organisation)


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

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.organisation}

    def get_initial(self):
        wanted = self.request.GET.get("mapping", "")
        chosen = scoped(ImportMapping, self.organisation).filter(
            pk=int(wanted) if wanted.isdigit() else None
        )
        mapping = chosen.first()
        return {"mapping": mapping, "format": "csv"} if mapping else {}

    def form_valid(self, form):
        try:
            job = jobs.submit_import(
                self.organisation,
                form.cleaned_data["file"],
                form.cleaned_data["format"],
                user=self.request.user,
                mapping=form.cleaned_data["mapping"],
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
            return self.form_invalid(form)
        return redirect("web:import-job", org_slug=self.org_slug, pk=job.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recent"] = jobs.jobs_of(self.organisation)[:10]
        context["mappings"] = scoped(ImportMapping, self.organisation)
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


DELIMITER_CHOICES = [
    ("", "Detect"),
    (",", "Comma"),
    (";", "Semicolon"),
    ("\t", "Tab"),
    ("|", "Bar"),
]
OPTION_NAMES = ("name", "record_type", "encoding", "delimiter", "date_format")
OPTION_NAMES += ("decimal_separator", "sheet")


class ImportMappingForm(forms.Form):
    """A mapping's name, record type and reading options, and a sample file for its headings."""

    name = forms.CharField(max_length=200)
    record_type = forms.ChoiceField(label="Rows become")
    sample = forms.FileField(
        required=False,
        label="Sample file",
        help_text="A file laid out like the ones you will import: its heading row is read",
    )
    sample_format = forms.ChoiceField(
        choices=[("csv", "CSV"), ("xlsx", "XLSX")], initial="csv", label="Sample is"
    )
    encoding = forms.CharField(required=False, help_text="Blank: detect (UTF-8, UTF-16, 1252)")
    delimiter = forms.ChoiceField(choices=DELIMITER_CHOICES, required=False)
    date_format = forms.CharField(
        required=False, help_text="e.g. %d/%m/%Y; blank: ISO or detected from each column"
    )
    decimal_separator = forms.ChoiceField(
        choices=ImportMapping.DecimalSeparator.choices, required=False
    )
    sheet = forms.CharField(required=False, help_text="XLSX: the sheet; blank: the first")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = sorted(importable_types().values(), key=lambda t: t.title)
        self.fields["record_type"].choices = [(t.label, t.title) for t in types]


class ImportMappingView(OrgPageMixin, TemplateView):
    """Create or edit a saved column mapping from the headings of a sample of the file.

    Posting a sample reads its headings and proposes a field for each heading
    that plainly names one; posting the columns saves the mapping, which the
    upload page then offers.
    """

    template_name = "web/imports/mapping.html"

    def get(self, request, *args, **kwargs):
        self.require_writer()
        mapping = self._mapping()
        initial = {n: getattr(mapping, n) for n in OPTION_NAMES} if mapping else {}
        headings = [mapping.key_column, *mapping.columns] if mapping else []
        chosen = dict(mapping.columns) if mapping else {}
        key = mapping.key_column if mapping else ""
        return self._page(ImportMappingForm(initial=initial), mapping, headings, chosen, key)

    def post(self, request, *args, **kwargs):
        self.require_writer()
        mapping = self._mapping()
        form = ImportMappingForm(request.POST, request.FILES)
        headings = [h for h in request.POST.getlist("heading") if h]
        chosen = {
            h: request.POST.get(f"field-{i}", "")
            for i, h in enumerate(request.POST.getlist("heading"))
            if h and request.POST.get(f"field-{i}")
        }
        key = request.POST.get("key_column", "")
        if not form.is_valid():
            return self._page(form, mapping, headings, chosen, key)
        data = form.cleaned_data
        if data["sample"]:
            return self._read_sample(form, mapping, chosen, key)
        if not headings:
            form.add_error("sample", "Upload a sample of the file so its headings can be mapped.")
            return self._page(form, mapping, headings, chosen, key)
        values = {n: data[n] for n in OPTION_NAMES}
        values.update(columns=chosen, key_column=key)
        try:
            with acting(source="web", user=request.user):
                if mapping is None:
                    mapping = interop_services.create_mapping(self.organisation, **values)
                else:
                    mapping = interop_services.update_mapping(mapping, **values)
        except ValidationError as exc:
            errors = exc.message_dict
            for name, messages in errors.items():
                form.add_error(name if name in form.fields else None, messages)
            return self._page(form, mapping, headings, chosen, key, errors=errors)
        upload = reverse("web:import-upload", kwargs={"org_slug": self.org_slug})
        return redirect(f"{upload}?mapping={mapping.pk}")

    def _read_sample(self, form, mapping, chosen, key):
        data = form.cleaned_data
        try:
            headings = interop_services.headings_of(
                data["sample"],
                data["sample_format"],
                sheet=data["sheet"],
                encoding=data["encoding"],
                delimiter=data["delimiter"],
            )
        except ValidationError as exc:
            form.add_error("sample", exc.message_dict.get("sample", exc.messages))
            return self._page(form, mapping, [], chosen, key)
        suggested = interop_services.suggested_columns(headings, data["record_type"])
        chosen = {h: chosen.get(h) or suggested.get(h, "") for h in headings}
        chosen = {h: f for h, f in chosen.items() if f and h != key}
        key = key if key in headings else ""
        return self._page(form, mapping, headings, chosen, key)

    def _page(self, form, mapping, headings, chosen, key, errors=None):
        record_type = resolve_record_type(form["record_type"].value() or "")
        fields = target_fields(record_type) if record_type else {}
        rows = [
            {"index": i, "heading": h, "field": chosen.get(h, ""), "is_key": h == key}
            for i, h in enumerate(headings)
        ]
        context = self.get_context_data(
            form=form,
            mapping=mapping,
            rows=rows,
            field_choices=[(n, str(f.field.verbose_name)) for n, f in sorted(fields.items())],
            mapping_errors={
                k: v for k, v in (errors or {}).items() if k in ("columns", "key_column")
            },
            current_type="import-jobs",
        )
        return self.render_to_response(context)

    def _mapping(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(scoped(ImportMapping, self.organisation), pk=self.kwargs["pk"])
