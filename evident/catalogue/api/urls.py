"""Routes for services and the catalogue, under /api/orgs/<org_slug>/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("services", views.ServiceViewSet)
router.register("catalogue-entries", views.CatalogueEntryViewSet)

urlpatterns = router.urls
