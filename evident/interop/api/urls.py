"""Routes for import jobs, under /api/orgs/<org_slug>/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("import-jobs", views.ImportJobViewSet)
router.register("import-mappings", views.ImportMappingViewSet)

urlpatterns = router.urls
