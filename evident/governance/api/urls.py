"""Routes for governance records, under /api/orgs/<org_slug>/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("scope-statements", views.ScopeStatementViewSet)
router.register("objectives", views.ObjectiveViewSet)
router.register("risks", views.RiskViewSet)
router.register("sms-plans", views.SmsPlanViewSet)
router.register("milestones", views.MilestoneViewSet)
router.register("processes", views.ProcessViewSet)

urlpatterns = router.urls
