"""The API's claims of one outlet, newest first (`?publisher=`, case-blind as iexact compares): one range of
this index, read backwards and stopped at the page's size (migration 0020 put the publisher on the claim)."""

from django.db import migrations

from claims.db_rules import concurrent_index


class Migration(migrations.Migration):

    atomic = False
    dependencies = [("claims", "0020_claim_publisher")]

    operations = [concurrent_index("claim_publisher_newest", "ON claims_claim (upper(publisher), id)")]
