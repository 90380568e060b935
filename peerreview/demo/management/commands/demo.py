"""Load the demo: the registry of the eleven networks, and cycle 2018 at a chosen month with the
networks' preparations as they stand then.

Running it again changes nothing in the registry; ``--month`` rebuilds the demo cycle at that month.
"""

import logging

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from networks.demo import NETWORKS, SECRETARY_EMAIL, load_registry
from networks.models import Network
from peerreview.cycles.demo import load_cycle, parse_month
from peerreview.grouping.demo import load_grouping
from peerreview.meetings.demo import load_panel_and_hosts
from peerreview.polls.demo import load_polls
from surveys.demo import load_followups, load_preparations


class Command(BaseCommand):
    help = "Load the demo networks, people and cycle 2018. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="Load this many copies of the networks (for benchmarks)."
        )
        parser.add_argument(
            "--month",
            help="Place the demo cycle at this month, October to June (a name in English or Dutch, or a number).",
        )
        parser.add_argument("--quiet-credentials", action="store_true", help="Do not print the sign-in.")

    def handle(self, *args, scale, month, quiet_credentials, **options):
        try:
            month_number = parse_month(month) if month else None
        except ValueError as error:
            raise CommandError(f"Unknown month {error}: use October … June, e.g. --month march.") from None
        # One audit line per demo row would bury the sign-in the command prints.
        audit = logging.getLogger("peerreview.audit")
        level = audit.level
        audit.setLevel(logging.WARNING)
        try:
            with transaction.atomic():
                secretary, password = load_registry(scale=scale)
                cycle = load_cycle(actor=secretary, month=month_number)
                load_followups(actor=secretary, cycle=cycle, month=month_number)
                load_grouping(actor=secretary, cycle=cycle, month=month_number)
                load_panel_and_hosts(actor=secretary, cycle=cycle, month=month_number)
                load_polls(actor=secretary, cycle=cycle, month=month_number)
                load_preparations(actor=secretary, cycle=cycle, month=month_number)
        finally:
            audit.setLevel(level)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {Network.objects.count()} networks; cycle {cycle.year} "
                f"with {cycle.tasks.count()} tasks, {cycle.tasks.filter(state='open').count()} open; "
                f"{cycle.preparations.count()} preparations, "
                f"{cycle.preparations.filter(submitted_at__isnull=False).count()} submitted."
            )
        )
        if not quiet_credentials:
            self.stdout.write(f"Secretary sign-in: {SECRETARY_EMAIL}  password: {password or '(unchanged)'}")
            self.stdout.write(f"Coordinators sign in by code, e.g. coordinator@{NETWORKS[3].slug}.demo.example")
