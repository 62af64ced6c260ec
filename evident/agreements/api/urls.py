"""Routes for agreements, customers, suppliers, supply and demand, under /api/orgs/<org_slug>/."""

from evident.core.api.routers import RecordRouter

from . import views

router = RecordRouter()
router.register("business-calendars", views.BusinessCalendarViewSet)
router.register("slas", views.SlaViewSet)
router.register("sla-targets", views.SlaTargetViewSet)
router.register("sla-measurements", views.SlaMeasurementViewSet)
router.register("sla-reviews", views.SlaReviewViewSet)
router.register("suppliers", views.SupplierViewSet)
router.register("supplier-reviews", views.SupplierReviewViewSet)
router.register("customers", views.CustomerViewSet)
router.register("relationship-reviews", views.RelationshipReviewViewSet)
router.register("satisfaction-surveys", views.SatisfactionSurveyViewSet)
router.register("complaints", views.ComplaintViewSet)
router.register("contracts", views.ContractViewSet)
router.register("supplier-measurements", views.SupplierMeasurementViewSet)
router.register("budgets", views.BudgetViewSet)
router.register("demand-forecasts", views.DemandForecastViewSet)
router.register("capacity-plans", views.CapacityPlanViewSet)
router.register("capacity-reviews", views.CapacityReviewViewSet)

urlpatterns = router.urls
