"""People, and the organisations the signed-in user can open."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics

from ..filters import PersonFilterSet
from ..models import Membership, Person
from . import OrgScopedViewSet
from .serializers import MembershipSerializer, PersonSerializer


class PersonViewSet(OrgScopedViewSet):
    """People of the organisation: staff, approvers, owners, with or without a login."""

    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet


@extend_schema(tags=["core"])
class OrganisationListView(generics.ListAPIView):
    """The organisations the signed-in user is a member of, with the user's role in each."""

    serializer_class = MembershipSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Membership.objects.none()
        return (
            Membership.objects.filter(user=self.request.user)
            .select_related("organisation")
            .order_by("organisation__name")
        )
