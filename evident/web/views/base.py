"""What every organisation page shares: login, membership from the URL, navigation."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.cache import patch_vary_headers

from evident.core.tenancy import can_write, membership_for

from ..record_types import registry


class OrgPageMixin(LoginRequiredMixin):
    """Resolves the organisation from ``/o/<org_slug>/``; a non-member gets a 404."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.membership = membership_for(request.user, kwargs["org_slug"])
        self.organisation = self.membership.organisation
        return super().dispatch(request, *args, **kwargs)

    @property
    def org_slug(self) -> str:
        return self.organisation.slug

    def require_writer(self, *, findings: bool = False) -> None:
        """Writer roles only; ``findings`` also admits the external auditor."""
        if not can_write(self.membership, findings=findings):
            raise PermissionDenied("Your role in this organisation does not allow this.")

    def may_write(self, record_type) -> bool:
        """Whether this member may create and edit records of ``record_type``."""
        return can_write(self.membership, findings=record_type.auditor_writable)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            organisation=self.organisation,
            membership=self.membership,
            navigation=registry.navigation(),
            can_write=can_write(self.membership),
            can_run_evaluations=can_write(self.membership, findings=True),
        )
        return context


class RecordTypeMixin:
    """Resolves ``<record_type>`` in the URL to its registry entry; unknown types are a 404."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.record_type = registry.by_slug(kwargs.get("record_type", ""))
        if self.record_type is None:
            raise Http404("No such record type")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["record_type"] = self.record_type
        context["current_type"] = self.record_type.slug
        return context


def wants_partial(request) -> bool:
    """An htmx request swaps a fragment; a history restore needs the whole page again."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def vary_on_htmx(response):
    """Full page and fragment share a URL, so caches must key on the htmx header."""
    patch_vary_headers(response, ("HX-Request",))
    return response
