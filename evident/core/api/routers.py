"""The router every app's API uses: the usual routes, plus each declared transition.

A record type whose declaration has a lifecycle gets ``POST …/<id>/<transition>/``
for every transition, served by ``OrgScopedViewSet.transition``; the names come
from the declaration, so a new transition needs no route of its own.
"""

from django.urls import re_path
from rest_framework.routers import SimpleRouter

from ..records import lifecycle_of


class RecordRouter(SimpleRouter):
    def get_urls(self):
        urls = super().get_urls()
        for prefix, viewset, basename in self.registry:
            model = getattr(getattr(viewset, "queryset", None), "model", None)
            lifecycle = lifecycle_of(model) if model is not None else None
            if lifecycle is None or "post" not in viewset.http_method_names:
                continue
            for transition in lifecycle.transitions:
                view = viewset.as_view(
                    {"post": "transition"}, transition_name=transition.name, detail=True
                )
                urls.append(
                    re_path(
                        rf"^{prefix}/(?P<pk>\d+)/{transition.name}/$",
                        view,
                        name=f"{basename}-{transition.name}",
                    )
                )
        return urls
