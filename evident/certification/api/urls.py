"""Routes for audit engagements and their records, under /api/orgs/<org_slug>/."""

from evident.core.api.routers import RecordRouter

from . import views

router = RecordRouter()
router.register("audit-engagements", views.AuditEngagementViewSet)
router.register("engagement-findings", views.EngagementFindingViewSet)
router.register("sample-judgements", views.SampleJudgementViewSet)
router.register("fieldwork-samples", views.FieldworkSampleViewSet)
router.register("interviews", views.InterviewViewSet)
router.register("certification-decisions", views.CertificationDecisionViewSet)

urlpatterns = router.urls
