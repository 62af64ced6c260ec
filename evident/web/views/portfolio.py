"""The configuration graph in pages: what a CI affects, and what a service rests on."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from evident.catalogue.impact import affected_services, rests_on
from evident.catalogue.models import ConfigurationItem, Service
from evident.core.tenancy import scoped

from ..record_types import registry
from .base import OrgPageMixin


class CiImpactView(OrgPageMixin, TemplateView):
    """The services a configuration item affects and the chains of relations that lead there."""

    template_name = "web/portfolio/ci_impact.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = get_object_or_404(scoped(ConfigurationItem, self.organisation), pk=self.kwargs["pk"])
        context.update(
            object=item,
            impact=affected_services(item),
            record_type=registry.for_model(ConfigurationItem),
            current_type="configuration-items",
        )
        return context


class ServiceRestsOnView(OrgPageMixin, TemplateView):
    """Every configuration item a service rests on, nearest first, with the chain to it."""

    template_name = "web/portfolio/service_rests_on.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        service = get_object_or_404(scoped(Service, self.organisation), pk=self.kwargs["pk"])
        context.update(
            object=service,
            components=rests_on(service),
            record_type=registry.for_model(Service),
            current_type="services",
        )
        return context
