"""Routes for audits, improvement and evaluations, under /api/orgs/<org_slug>/."""

from evident.core.api.routers import RecordRouter

from . import journey, views

router = RecordRouter()
router.register("audit-programmes", views.AuditProgrammeViewSet)
router.register("internal-audits", views.InternalAuditViewSet)
router.register("audit-checklist-items", views.AuditChecklistItemViewSet)
router.register("management-reviews", views.ManagementReviewViewSet)
router.register("review-outputs", views.ReviewOutputViewSet)
router.register("kpis", views.KpiViewSet)
router.register("kpi-measurements", views.KpiMeasurementViewSet)
router.register("service-reports", views.ServiceReportViewSet)
router.register("improvements", views.ImprovementViewSet)
router.register("nonconformities", views.NonconformityViewSet)
router.register("corrective-actions", views.CorrectiveActionViewSet)
router.register("corrective-action-plans", views.CorrectiveActionPlanViewSet)
router.register("evaluations", views.EvaluationViewSet)
router.register("findings", views.FindingViewSet)
router.register("samples", views.SampleViewSet)

urlpatterns = router.urls + journey.urlpatterns
