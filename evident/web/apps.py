from django.apps import AppConfig


def editable_record_types():
    """The registry entries people keep by hand: what a user's own file may be imported as."""
    from .record_types import registry

    return [t for t in registry if t.editable]


class WebConfig(AppConfig):
    name = "evident.web"
    label = "web"
    verbose_name = "Web UI"

    def ready(self):
        from evident.interop.importers.importable import provide_record_types

        # Interop sits below the pages and may not import their registry; it asks this.
        provide_record_types(editable_record_types)
