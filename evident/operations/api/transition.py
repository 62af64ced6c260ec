"""Standard-change templates, change authorities, releases, deployments, designs, transitions."""

from rest_framework import serializers

from evident.core.api import OrgScopedSerializer, OrgScopedViewSet, record_fields, ref_of, refs_of

from .. import filters
from ..models import (
    ChangeAuthority,
    ChangeTemplate,
    Deployment,
    Release,
    ServiceDesign,
    TransitionPlan,
)


class ChangeTemplateSerializer(OrgScopedSerializer):
    approved_by_ref = ref_of("approved_by", null=True)

    class Meta:
        model = ChangeTemplate
        fields = record_fields(
            "name",
            "description",
            "steps",
            "risk",
            "approved_by",
            "approved_by_ref",
            "approved_at",
            "active",
        )


class ChangeAuthoritySerializer(OrgScopedSerializer):
    chair_ref = ref_of("chair", null=True)
    member_refs = refs_of("members")

    class Meta:
        model = ChangeAuthority
        fields = record_fields(
            "name", "kind", "chair", "chair_ref", "members", "member_refs", "remit"
        )


class ReleaseSerializer(OrgScopedSerializer):
    service_ref = ref_of("service")
    change_refs = refs_of("changes")

    class Meta:
        model = Release
        fields = record_fields(
            "name",
            "version",
            "service",
            "service_ref",
            "release_type",
            "status",
            "planned_for",
            "released_at",
            "outcome",
            "changes",
            "change_refs",
        )


class DeploymentSerializer(OrgScopedSerializer):
    release_ref = ref_of("release")
    deployed_by_ref = ref_of("deployed_by", null=True)
    incident_ref = ref_of("incident", null=True)
    follow_up_change_ref = ref_of("follow_up_change", null=True)

    class Meta:
        model = Deployment
        fields = record_fields(
            "release",
            "release_ref",
            "environment",
            "deployed_at",
            "outcome",
            "deployed_by",
            "deployed_by_ref",
            "rollback_note",
            "incident",
            "incident_ref",
            "follow_up_change",
            "follow_up_change_ref",
        )


class ServiceDesignSerializer(OrgScopedSerializer):
    service_ref = ref_of("service")
    change_ref = ref_of("change", null=True)
    approved_by_ref = ref_of("approved_by", null=True)

    class Meta:
        model = ServiceDesign
        fields = record_fields(
            "service",
            "service_ref",
            "purpose",
            "change",
            "change_ref",
            "summary",
            "requirements",
            "requirements_met",
            "approved_by",
            "approved_by_ref",
            "approved_at",
        )


class TransitionPlanSerializer(OrgScopedSerializer):
    design_ref = ref_of("design")
    accepted_by_ref = ref_of("accepted_by", null=True)

    class Meta:
        model = TransitionPlan
        fields = record_fields(
            "design",
            "design_ref",
            "planned_date",
            "acceptance_criteria",
            "completed_on",
            "accepted_by",
            "accepted_by_ref",
            "notes",
        )


class ScheduledChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ref = serializers.CharField()
    title = serializers.CharField()
    planned_start = serializers.DateTimeField()
    planned_end = serializers.DateTimeField()


class ConfigurationItemNameSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ref = serializers.CharField()
    name = serializers.CharField()


class ConflictSerializer(serializers.Serializer):
    """Two changes planned in overlapping windows on the configuration items they share."""

    change = ScheduledChangeSerializer()
    other = ScheduledChangeSerializer()
    configuration_items = ConfigurationItemNameSerializer(many=True)


class ConflictQuerySerializer(serializers.Serializer):
    starting_from = serializers.DateTimeField(required=False)
    until = serializers.DateTimeField(required=False)

    def validate(self, attrs):
        first, last = attrs.get("starting_from"), attrs.get("until")
        if first is not None and last is not None and last <= first:
            raise serializers.ValidationError({"until": ["Must be after starting_from."]})
        return attrs


class ChangeTemplateViewSet(OrgScopedViewSet):
    """Standard-change models: pre-authorised, low-risk changes with set steps (8.5.1.2)."""

    queryset = ChangeTemplate.objects.all()
    serializer_class = ChangeTemplateSerializer
    filterset_class = filters.ChangeTemplateFilterSet


class ChangeAuthorityViewSet(OrgScopedViewSet):
    """Change advisory boards and emergency boards, with their chair and members."""

    queryset = ChangeAuthority.objects.all()
    serializer_class = ChangeAuthoritySerializer
    filterset_class = filters.ChangeAuthorityFilterSet


class ReleaseViewSet(OrgScopedViewSet):
    """Releases: changes built, tested and deployed together (8.5.3)."""

    queryset = Release.objects.all()
    serializer_class = ReleaseSerializer
    filterset_class = filters.ReleaseFilterSet


class DeploymentViewSet(OrgScopedViewSet):
    """Deployments of releases into environments, with their outcome (8.5.3)."""

    queryset = Deployment.objects.all()
    serializer_class = DeploymentSerializer
    filterset_class = filters.DeploymentFilterSet


class ServiceDesignViewSet(OrgScopedViewSet):
    """Designs of new or changed services (8.5.2)."""

    queryset = ServiceDesign.objects.all()
    serializer_class = ServiceDesignSerializer
    filterset_class = filters.ServiceDesignFilterSet


class TransitionPlanViewSet(OrgScopedViewSet):
    """Plans that move designed services into live use, with acceptance (8.5.2)."""

    queryset = TransitionPlan.objects.all()
    serializer_class = TransitionPlanSerializer
    filterset_class = filters.TransitionPlanFilterSet
