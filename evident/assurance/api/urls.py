"""Routes for service assurance, under /api/orgs/<org_slug>/."""

from evident.core.api.routers import RecordRouter

from . import views

router = RecordRouter()
router.register("availability-targets", views.AvailabilityTargetViewSet)
router.register("availability-measurements", views.AvailabilityMeasurementViewSet)
router.register("continuity-plans", views.ContinuityPlanViewSet)
router.register("continuity-tests", views.ContinuityTestViewSet)
router.register("security-controls", views.SecurityControlViewSet)

urlpatterns = router.urls
