from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "evident.governance"
    label = "governance"
    verbose_name = "Governance: context, leadership, planning (4-6)"

    def ready(self):
        from . import signals  # noqa: F401  (connects the milestone dependency rule)
