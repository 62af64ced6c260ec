"""Routes for people, under /api/orgs/<org_slug>/."""

from evident.core.api.routers import RecordRouter

from .views import PersonViewSet

router = RecordRouter()
router.register("people", PersonViewSet)

urlpatterns = router.urls
