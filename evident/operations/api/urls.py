"""Routes for changes, problems, incidents and requests, under /api/orgs/<org_slug>/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("changes", views.ChangeViewSet)
router.register("change-approvals", views.ChangeApprovalViewSet)
router.register("problems", views.ProblemViewSet)
router.register("incidents", views.IncidentViewSet)
router.register("incident-status-changes", views.IncidentStatusChangeViewSet)
router.register("service-requests", views.ServiceRequestViewSet)

urlpatterns = router.urls
