"""Routes for documented information and awareness, under /api/orgs/<org_slug>/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("documents", views.DocumentViewSet)
router.register("document-versions", views.DocumentVersionViewSet)
router.register("communications", views.CommunicationViewSet)
router.register("acknowledgements", views.AcknowledgementViewSet)

urlpatterns = router.urls
