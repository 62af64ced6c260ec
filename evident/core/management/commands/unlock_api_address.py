"""``evident unlock-api-address ADDRESS``: let a locked-out address use API tokens again."""

from django.core.management.base import BaseCommand

from evident.core.token_auth import unlock


class Command(BaseCommand):
    help = "Forget the wrong API tokens counted for an address, so it may sign in again."

    def add_arguments(self, parser):
        parser.add_argument("address", help="the client address, as the server sees it")

    def handle(self, *args, address, **options):
        if unlock(address):
            self.stdout.write(f"{address} may use API tokens again.")
        else:
            self.stdout.write(f"{address} was not locked out.")
