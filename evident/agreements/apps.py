from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "evident.agreements"
    label = "agreements"
    verbose_name = "Agreements: SLAs and suppliers (8.3)"

    def ready(self):
        # Calendars and SLA targets are entered through the verbs that keep SLA clocks running.
        from evident.core.writers import register_writer

        from . import services
        from .models import BusinessCalendar, SlaTarget

        register_writer(
            BusinessCalendar, create=services.define_calendar, update=services.revise_calendar
        )
        register_writer(
            SlaTarget, create=services.define_sla_target, update=services.revise_sla_target
        )
