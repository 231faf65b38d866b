"""bulk.together(): the writes of a block in one round trip on PostgreSQL, in their order, errors at its end."""

from __future__ import annotations

import random
import uuid

import pytest
from django.db import IntegrityError, transaction

from common import bulk
from sources.models import Source, SourceCheck
from sources.recording import CHECK_FIELDS
from tests.sources.test_check_hours import rows

pytestmark = pytest.mark.django_db


def test_the_writes_of_a_block_are_sent_together_in_order(require_postgres):
    sources = [Source.objects.create(url=f"https://t{n}.example/") for n in range(3)]
    checks = rows(sources, 5, random.Random(1))
    with bulk.together():
        bulk.insert(SourceCheck, checks, CHECK_FIELDS, unique=["source_id", "lease"])
        # Held back: nothing is written until the block ends.
        assert SourceCheck.objects.count() == 0
        bulk.update(Source, [{"id": sources[0].pk, "title": "erst"}], ["title"])
        bulk.update(Source, [{"id": sources[0].pk, "title": "dann"}], ["title"])
    assert SourceCheck.objects.count() == 5
    assert Source.objects.get(pk=sources[0].pk).title == "dann"  # the later update ran last


def test_a_failing_write_fails_at_the_end_and_writes_nothing(require_postgres):
    source = Source.objects.create(url="https://t.example/")
    check = rows([source], 1, random.Random(2))[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        with bulk.together():
            bulk.update(Source, [{"id": source.pk, "title": "neu"}], ["title"])
            bulk.insert(SourceCheck, [check, check], CHECK_FIELDS)  # one lease twice: refused
    assert Source.objects.get(pk=source.pk).title == ""
    assert not SourceCheck.objects.exists()


def test_a_big_write_goes_at_once_after_what_was_held(require_postgres):
    sources = [Source.objects.create(url=f"https://b{n}.example/") for n in range(4)]
    with bulk.together():
        bulk.update(Source, [{"id": sources[0].pk, "title": "vorher"}], ["title"])
        bulk.insert(SourceCheck, rows(sources, bulk.PAGE + 1, random.Random(3)), CHECK_FIELDS)
        # The big insert was sent, and the held update before it.
        assert SourceCheck.objects.count() == bulk.PAGE + 1
        assert Source.objects.get(pk=sources[0].pk).title == "vorher"
        bulk.insert(SourceCheck, [{**rows(sources, 1, random.Random(4))[0], "lease": uuid.uuid4()}], CHECK_FIELDS)
        assert SourceCheck.objects.count() == bulk.PAGE + 1
    assert SourceCheck.objects.count() == bulk.PAGE + 2


@pytest.mark.django_db(transaction=True)
def test_a_write_on_another_connection_is_not_held(require_postgres):
    import contextvars
    import threading

    from django.db import connection

    source = Source.objects.create(url="https://thread.example/")

    def write() -> None:
        try:
            bulk.update(Source, [{"id": source.pk, "title": "im Thread"}], ["title"])
        finally:
            connection.close()

    with bulk.together():
        # The block's context copied into a thread (as asgiref and eager tasks do): the thread's own connection
        # writes at once, and nothing of it waits for this block.
        worker = threading.Thread(target=contextvars.copy_context().run, args=(write,))
        worker.start()
        worker.join()
        assert Source.objects.get(pk=source.pk).title == "im Thread"
