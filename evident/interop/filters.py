"""Filters for import jobs."""

from evident.core.filters import TIME_RANGE, OrgScopedFilterSet

from .models import ImportJob, ImportMapping


class ImportJobFilterSet(OrgScopedFilterSet):
    class Meta:
        model = ImportJob
        fields = {"status": ["exact"], "format": ["exact"], "created_at": TIME_RANGE}


class ImportMappingFilterSet(OrgScopedFilterSet):
    class Meta:
        model = ImportMapping
        fields = {"record_type": ["exact"], "name": ["exact", "icontains"]}
