"""``evident export-oscal``: the clause catalogue, an evaluation's results or its plans, as OSCAL.

    evident export-oscal --model catalog
    evident export-oscal --model assessment-results --org SLUG [--evaluation REF]
    evident export-oscal --model poam --org SLUG [--evaluation REF]

Without ``--evaluation`` the latest Stage 2 evaluation of the organisation is
used. The document goes to standard output, or to ``--output FILE``.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from evident.audits.models import Evaluation
from evident.core.models import Organisation
from evident.core.tenancy import scoped
from evident.interop.oscal import (
    NothingToPlan,
    assessment_results_document,
    catalog_document,
    poam_document,
)

MODELS = ("catalog", "assessment-results", "poam")


class Command(BaseCommand):
    help = "Write the clause catalogue, or an evaluation's results or action plans, as OSCAL JSON."

    def add_arguments(self, parser):
        parser.add_argument("--model", required=True, choices=MODELS)
        parser.add_argument("--org", help="slug of the organisation (results and POA&M)")
        parser.add_argument("--evaluation", help="ref of the evaluation (default: latest Stage 2)")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, model, org, evaluation, output, **options):
        if model == "catalog":
            document = catalog_document()
        else:
            chosen = self._evaluation(org, evaluation)
            maker = assessment_results_document if model == "assessment-results" else poam_document
            try:
                document = maker(chosen)
            except NothingToPlan as exc:
                raise CommandError(str(exc)) from exc
        text = json.dumps(document, indent=2, ensure_ascii=False)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        else:
            self.stdout.write(text)

    def _evaluation(self, slug: str | None, ref: str | None) -> Evaluation:
        if not slug:
            raise CommandError("--org is required for assessment-results and poam")
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"no organisation with slug {slug!r}")
        evaluations = scoped(Evaluation, organisation)
        if ref:
            found = evaluations.filter(ref=ref).first()
            if found is None:
                raise CommandError(f"no evaluation {ref!r} in {slug}")
            return found
        found = evaluations.filter(stage=2).order_by("-created_at", "-pk").first()
        if found is None:
            raise CommandError(f"{slug} has no Stage 2 evaluation; run `evident audit` first")
        return found
