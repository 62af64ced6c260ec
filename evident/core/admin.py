"""Admin: every save and delete goes through the service layer, so the ledger sees it."""

from django.contrib import admin

from . import services
from .context import acting
from .models import HistoryEntry, Membership, Organisation, OrgRecord, Person
from .records import declaration_for, lifecycle_of
from .services import snapshot
from .writers import writer_for


class RecordAdmin(admin.ModelAdmin):
    """Admin for an ``OrgRecord`` model that writes through its declared entry verbs.

    Evidence is voided (an action asking for nothing but the admin's reason line),
    never deleted, unless the record type is declared deletable.
    """

    list_filter = ["organisation"]
    search_fields = ["ref"]
    readonly_fields = [
        "created_at",
        "updated_at",
        "record_version",
        "voided_at",
        "voided_by",
        "void_reason",
    ]
    actions = ["void_selected"]

    def get_form(self, request, obj=None, **kwargs):
        # A lifecycle field moves by its transitions (API and pages), not by an edit here.
        lifecycle = lifecycle_of(self.model)
        if obj is not None and lifecycle is not None:
            readonly = self.get_readonly_fields(request, obj)
            kwargs["exclude"] = [*(kwargs.get("exclude") or ()), *readonly, lifecycle.field]
        return super().get_form(request, obj, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return declaration_for(self.model).deletable and super().has_delete_permission(request, obj)

    @admin.action(description="Void the selected records (reason: voided in the admin)")
    def void_selected(self, request, queryset):
        with acting(source="web", user=request.user, via="admin"):
            for obj in queryset.filter(voided_at__isnull=True):
                services.void_record(obj, reason=f"Voided in the admin by {request.user}")

    def save_model(self, request, obj, form, change):
        with acting(source="web", user=request.user, via="admin"):
            writer = writer_for(type(obj))
            if change:
                fields = {f: form.cleaned_data[f] for f in form.changed_data}
                writer.update(type(obj)._base_manager.get(pk=obj.pk), **fields)
            else:
                own = {k: v for k, v in snapshot(obj, with_m2m=False).items() if v is not None}
                own.pop("id", None)
                organisation = obj.organisation
                own.pop("organisation_id", None)
                m2m = {f.name: form.cleaned_data[f.name] for f in obj._meta.many_to_many}
                for name in ("record_version", "voided_at", "voided_by", "void_reason"):
                    own.pop(name, None)
                created = writer.create(organisation, **own, **m2m)
                obj.pk = created.pk

    def save_related(self, request, form, formsets, change):
        # Many-to-many values were written by the service call above.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        with acting(source="web", user=request.user, via="admin"):
            services.delete_record(obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


def register_records(*models):
    for model in models:
        assert issubclass(model, OrgRecord), model
        admin.site.register(model, RecordAdmin)


@admin.register(HistoryEntry)
class HistoryEntryAdmin(admin.ModelAdmin):
    list_display = ["organisation", "seq", "at", "actor_name", "source", "action", "model"]
    list_filter = ["organisation", "source", "action", "model"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(Organisation)
admin.site.register(Membership)
register_records(Person)
