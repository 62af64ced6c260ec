"""Admin: every save and delete goes through the service layer, so the ledger sees it."""

from django.contrib import admin

from . import services
from .context import acting
from .models import HistoryEntry, Membership, Organisation, OrgRecord, Person
from .services import snapshot


class RecordAdmin(admin.ModelAdmin):
    """Admin for an ``OrgRecord`` model that writes through ``core.services``."""

    list_filter = ["organisation"]
    search_fields = ["ref"]
    readonly_fields = ["created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        with acting(source="web", user=request.user, via="admin"):
            if change:
                fields = {f: form.cleaned_data[f] for f in form.changed_data}
                services.update_record(type(obj).objects.get(pk=obj.pk), **fields)
            else:
                own = {k: v for k, v in snapshot(obj, with_m2m=False).items() if v is not None}
                own.pop("id", None)
                organisation = obj.organisation
                own.pop("organisation_id", None)
                m2m = {f.name: form.cleaned_data[f.name] for f in obj._meta.many_to_many}
                created = services.create_record(type(obj), organisation, **own, **m2m)
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
