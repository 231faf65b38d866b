"""`make demo`'s server: Django's runserver, which says where the desk is and how to log in once it listens, below
everything else it prints, so the logins are not lost above the start-up lines."""

from __future__ import annotations

from django.contrib.staticfiles.management.commands.runserver import Command as RunServer
from django.utils.translation import gettext as _

from .load_demo import demo_password, logins


class Command(RunServer):
    help = "Serve the demo desk (runserver) and print its addresses and logins once it listens."

    def on_bind(self, server_port):
        super().on_bind(server_port)
        base = f"{self.protocol}://{self.addr}:{server_port}"
        rule = "=" * 78
        self.stdout.write("\n".join([
            "", rule,
            _("The demo desk: {base}/admin/   API: {base}/api/   API docs: {base}/api/docs/").format(base=base),
            self.style.SUCCESS(logins(demo_password())),
            _("The server runs in the foreground in this terminal: Ctrl+C stops it."),
            rule, "",
        ]))
