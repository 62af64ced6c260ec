"""Routes for agreements and suppliers, under /api/orgs/<org_slug>/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("business-calendars", views.BusinessCalendarViewSet)
router.register("slas", views.SlaViewSet)
router.register("sla-targets", views.SlaTargetViewSet)
router.register("sla-measurements", views.SlaMeasurementViewSet)
router.register("sla-reviews", views.SlaReviewViewSet)
router.register("suppliers", views.SupplierViewSet)
router.register("supplier-reviews", views.SupplierReviewViewSet)

urlpatterns = router.urls
