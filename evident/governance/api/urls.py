"""Routes for governance records, under /api/orgs/<org_slug>/."""

from evident.core.api.routers import RecordRouter

from . import views

router = RecordRouter()
router.register("scope-statements", views.ScopeStatementViewSet)
router.register("objectives", views.ObjectiveViewSet)
router.register("risks", views.RiskViewSet)
router.register("sms-plans", views.SmsPlanViewSet)
router.register("milestones", views.MilestoneViewSet)
router.register("processes", views.ProcessViewSet)
router.register("context-issues", views.ContextIssueViewSet)
router.register("interested-parties", views.InterestedPartyViewSet)
router.register("governing-bodies", views.GoverningBodyViewSet)
router.register("body-meetings", views.BodyMeetingViewSet)
router.register("meeting-actions", views.MeetingActionViewSet)
router.register("role-assignments", views.RoleAssignmentViewSet)
router.register("scope-exclusions", views.ScopeExclusionViewSet)
router.register("scope-phases", views.ScopePhaseViewSet)
router.register("resource-allocations", views.ResourceAllocationViewSet)

urlpatterns = router.urls
