"""``evident bundle-schema``: print the JSON Schema published as docs/bundle.schema.json."""

from django.core.management.base import BaseCommand

from evident.interop.bundle import schema_json


class Command(BaseCommand):
    help = "Print the JSON Schema of the organisation bundle."

    def handle(self, *args, **options):
        self.stdout.write(schema_json(), ending="")
