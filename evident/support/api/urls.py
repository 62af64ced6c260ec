"""Routes for documented information, awareness and competence, under /api/orgs/<org_slug>/."""

from evident.core.api.routers import RecordRouter

from . import views

router = RecordRouter()
router.register("documents", views.DocumentViewSet)
router.register("document-versions", views.DocumentVersionViewSet)
router.register("communications", views.CommunicationViewSet)
router.register("acknowledgements", views.AcknowledgementViewSet)
router.register("training-courses", views.TrainingCourseViewSet)
router.register("competence-requirements", views.CompetenceRequirementViewSet)
router.register("training-records", views.TrainingRecordViewSet)
router.register("document-uses", views.DocumentUseViewSet)
router.register("communication-plan-items", views.CommunicationPlanItemViewSet)
router.register("knowledge-articles", views.KnowledgeArticleViewSet)

urlpatterns = router.urls
