"""Routes for the service portfolio, under /api/orgs/<org_slug>/."""

from evident.core.api.routers import RecordRouter

from . import views

router = RecordRouter()
router.register("services", views.ServiceViewSet)
router.register("catalogue-entries", views.CatalogueEntryViewSet)
router.register("service-plans", views.ServicePlanViewSet)
router.register("lifecycle-parties", views.LifecyclePartyViewSet)
router.register("assets", views.AssetViewSet)
router.register("configuration-items", views.ConfigurationItemViewSet)
router.register("ci-relations", views.CiRelationViewSet)

urlpatterns = router.urls
