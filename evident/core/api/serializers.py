"""Serializers for people and for the signed-in user's organisations."""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from ..models import Membership, Person
from . import OrgScopedSerializer, record_fields


class PersonSerializer(OrgScopedSerializer):
    username = serializers.CharField(source="user.username", read_only=True, allow_null=True)

    class Meta:
        model = Person
        fields = record_fields(
            "name",
            "email",
            "job_title",
            "unit",
            "is_top_management",
            "in_sms_scope",
            "active",
            "user",
            "username",
        )

    def get_fields(self):
        fields = super().get_fields()
        # A person may be linked only to a login that belongs to the same organisation.
        organisation = self.context.get("organisation")
        users = get_user_model().objects.filter(memberships__organisation=organisation)
        fields["user"].queryset = users if organisation else users.none()
        return fields


class MembershipSerializer(serializers.ModelSerializer):
    """One organisation the user belongs to, and the user's role there."""

    slug = serializers.SlugField(source="organisation.slug", read_only=True)
    name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Membership
        fields = ["slug", "name", "role"]
        read_only_fields = ["role"]
