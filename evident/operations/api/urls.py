"""Routes for changes, problems, incidents and requests, under /api/orgs/<org_slug>/."""

from evident.core.api.routers import RecordRouter

from . import resolution, transition, views

router = RecordRouter()
router.register("changes", views.ChangeViewSet)
router.register("change-approvals", views.ChangeApprovalViewSet)
router.register("change-templates", transition.ChangeTemplateViewSet)
router.register("change-authorities", transition.ChangeAuthorityViewSet)
router.register("releases", transition.ReleaseViewSet)
router.register("deployments", transition.DeploymentViewSet)
router.register("service-designs", transition.ServiceDesignViewSet)
router.register("transition-plans", transition.TransitionPlanViewSet)
router.register("problems", views.ProblemViewSet)
router.register("incidents", views.IncidentViewSet)
router.register("incident-status-changes", views.IncidentStatusChangeViewSet)
router.register("service-requests", views.ServiceRequestViewSet)
router.register("priority-matrices", resolution.PriorityMatrixViewSet)
router.register("incident-reviews", resolution.IncidentReviewViewSet)

urlpatterns = router.urls
