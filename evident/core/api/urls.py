"""Routes for people, under /api/orgs/<org_slug>/."""

from rest_framework.routers import SimpleRouter

from .views import PersonViewSet

router = SimpleRouter()
router.register("people", PersonViewSet)

urlpatterns = router.urls
