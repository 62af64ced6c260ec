"""The generic record list and record detail pages, driven by the record registry."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from evident.core.tenancy import scoped

from .. import list_export
from ..display import column_class, detail_fields, field_label, field_value, record_link
from ..filtering import PAGE_PARAM, SORT_PARAM, filterset_for, sort_order, sortable_columns
from ..history import record_history
from ..relations import related_counts
from .base import OrgPageMixin, RecordTypeMixin, vary_on_htmx, wants_partial
from .lifecycle import record_actions

PAGE_SIZE = 50
EXPORT_PARAM = "export"


def _foreign_key_columns(record_type) -> list[str]:
    model_fields = {f.name: f for f in record_type.model._meta.concrete_fields}
    return [c for c in record_type.columns if c in model_fields and model_fields[c].many_to_one]


class RecordListView(OrgPageMixin, RecordTypeMixin, TemplateView):
    """Any record type as a filterable, searchable, sortable, paginated table."""

    template_name = "web/record_list.html"
    partial_template_name = "web/partials/record_table.html"

    def get_template_names(self):
        if wants_partial(self.request):
            return [self.partial_template_name]
        return [self.template_name]

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get(EXPORT_PARAM)
        if fmt is not None:
            if fmt not in list_export.FORMATS:
                return HttpResponseBadRequest(
                    f"{EXPORT_PARAM} must be one of: {', '.join(list_export.FORMATS)}"
                )
            _filterset, queryset = self.filtered()
            return list_export.export_response(self.record_type, queryset, fmt, self.org_slug)
        return vary_on_htmx(super().get(request, *args, **kwargs))

    def base_queryset(self):
        related = [*_foreign_key_columns(self.record_type), *self.record_type.select_related]
        queryset = scoped(self.record_type.model, self.organisation).select_related(*related)
        # Voided records stay reachable (``?voided=1`` lists them) but are not today's records.
        if self.request.GET.get("voided") != "1":
            queryset = queryset.filter(voided_at__isnull=True)
        return queryset

    def filtered(self):
        """The filter form and the records it selects, in the order the page sorts them."""
        filterset = filterset_for(self.record_type)(
            self.request.GET or None,
            queryset=self.base_queryset(),
            organisation=self.organisation,
        )
        queryset = filterset.qs if filterset.is_bound else filterset.queryset
        sort = sort_order(self.record_type, self.request.GET.get(SORT_PARAM))
        if sort:
            queryset = queryset.order_by(*sort[1])
        return filterset, queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset, queryset = self.filtered()
        sort = sort_order(self.record_type, self.request.GET.get(SORT_PARAM))
        page = Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get(PAGE_PARAM))
        export_params = self.request.GET.copy()
        export_params.pop(PAGE_PARAM, None)
        context.update(
            filterset=filterset,
            page=page,
            export_query=export_params.urlencode(),
            headers=self.headers(sort[0] if sort else ""),
            rows=[self.row(obj) for obj in page.object_list],
            list_url=self.record_type.list_url(self.org_slug),
            can_create=self.record_type.editable and self.may_write(self.record_type),
            create_url=self.record_type.create_url(self.org_slug),
            relation_notes=self.relation_notes(filterset),
        )
        return context

    def relation_notes(self, filterset) -> list[tuple[str, str, bool]]:
        """Filters not offered above the list but in force: (label, value, set by a link).

        A relation set by a link ("approvals of this change") names the record; any
        other filter of the API typed into the address (a date range) shows as given.
        """
        notes = []
        model = self.record_type.model
        for bound in filterset.active_hidden_fields():
            related_model = _related_model(model, bound.name)
            if related_model is None:
                notes.append((str(bound.label), str(bound.value()), False))
                continue
            if not str(bound.value()).isdigit():
                continue
            target = scoped(related_model, self.organisation).filter(pk=bound.value()).first()
            if target is not None:
                link = record_link(self.org_slug, target)
                notes.append((field_label(model, bound.name), link, True))
        return notes

    def headers(self, current_sort: str) -> list[dict]:
        sortable = sortable_columns(self.record_type)
        headers = []
        for column in self.record_type.columns:
            header = {"label": field_label(self.record_type.model, column), "sort_url": ""}
            if column in sortable:
                descending = current_sort == column
                params = self.request.GET.copy()
                params.pop(PAGE_PARAM, None)
                params[SORT_PARAM] = f"-{column}" if descending else column
                header["sort_url"] = f"?{params.urlencode()}"
                header["sorted"] = {column: "ascending", f"-{column}": "descending"}.get(
                    current_sort, ""
                )
            headers.append(header)
        return headers

    def row(self, obj) -> list[tuple]:
        """``(value, css class)`` per column; the ref links to the record."""
        model = self.record_type.model
        cells = []
        for column in self.record_type.columns:
            if column == "ref":
                value = record_link(self.org_slug, obj, obj.ref)
            else:
                value = field_value(obj, column, self.org_slug)
            cells.append((value, column_class(model, column)))
        return cells


class RecordDetailView(OrgPageMixin, RecordTypeMixin, TemplateView):
    """Every field of one record, the records that point at it, and its ledger history."""

    template_name = "web/record_detail.html"

    def get_object(self):
        queryset = scoped(self.record_type.model, self.organisation)
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.get_object()
        model = self.record_type.model
        context.update(
            object=obj,
            fields=[
                (field_label(model, name), field_value(obj, name, self.org_slug, full=True))
                for name in detail_fields(model)
            ],
            related=related_counts(obj, self.org_slug),
            history=record_history(obj),
            panels=[(title, draw(obj)) for title, draw in self.record_type.panels],
            can_edit=self.record_type.editable
            and self.may_write(self.record_type)
            and not obj.is_voided,
            actions=record_actions(obj, self.record_type, self.may_write(self.record_type)),
        )
        return context


def _related_model(model, name: str):
    """The model a filter by relation ``name`` points at, or None for any other filter."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field.related_model if field.is_relation else None
