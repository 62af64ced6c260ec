"""The one path from a user to an organisation's records.

Views and API viewsets resolve the organisation from the URL with
``membership_for`` and read records only through ``scoped``. A user who is not
a member gets a 404, so the existence of other organisations does not leak.
"""

from django.http import Http404

from .models import FINDING_WRITER_ROLES, WRITER_ROLES, Membership, Organisation


def membership_for(user, org_slug: str) -> Membership:
    if not getattr(user, "is_authenticated", False):
        raise Http404("No such organisation")
    membership = (
        Membership.objects.select_related("organisation")
        .filter(user=user, organisation__slug=org_slug)
        .first()
    )
    if membership is None:
        raise Http404("No such organisation")
    return membership


def scoped(model, organisation: Organisation):
    """All records of ``model`` that belong to ``organisation``, and no others."""
    return model._default_manager.filter(organisation=organisation)


def can_write(membership: Membership, *, findings: bool = False) -> bool:
    roles = FINDING_WRITER_ROLES if findings else WRITER_ROLES
    return membership.role in roles
