"""Routes for import jobs, under /api/orgs/<org_slug>/."""

from evident.core.api.routers import RecordRouter

from . import views

router = RecordRouter()
router.register("import-jobs", views.ImportJobViewSet)
router.register("import-mappings", views.ImportMappingViewSet)

urlpatterns = router.urls
