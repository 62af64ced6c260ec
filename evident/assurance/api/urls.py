"""Routes for service continuity, under /api/orgs/<org_slug>/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("continuity-plans", views.ContinuityPlanViewSet)
router.register("continuity-tests", views.ContinuityTestViewSet)

urlpatterns = router.urls
