"""Helpers of the report tests that need real brokers, workers or commits.

Settings are read by Celery once, so `override_settings` cannot switch the
broker; `broker()` changes `app.conf` and drops the cached connections.
"""

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from celery.contrib.testing.worker import start_worker
from django.db import connection
from django.test import TransactionTestCase
from kombu import pools

from mentoring.celery import app

# `make test` passes its own Redis database; the reporting developer uses 4.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/4")
# Nothing listens here: a broker that is down.
CLOSED_PORT_URL = "redis://127.0.0.1:6399/0"


def _drop_connections() -> None:
    # kombu keeps pools per broker URL in global registries; closing them
    # without clearing would hand out closed pools later.
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker(url: str) -> Iterator[None]:
    conf = app.conf
    saved = (conf.broker_url, conf.task_always_eager)
    _drop_connections()
    conf.broker_url = url
    conf.task_always_eager = False
    try:
        yield
    finally:
        _drop_connections()
        conf.broker_url, conf.task_always_eager = saved


def worker() -> object:
    """A real Celery worker in a thread of this process (so it shares
    `mail.outbox`), on the broker that `broker()` set."""
    return start_worker(
        app,
        pool="solo",
        concurrency=1,
        perform_ping_check=False,
        shutdown_timeout=20,
        loglevel="WARNING",
    )


def wait_for(condition: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.2)


def purge(url: str = REDIS_URL) -> None:
    """Empty the test broker's queue and unacknowledged messages."""
    import redis

    redis.Redis.from_url(url).flushdb()


class SeededTransactionTestCase(TransactionTestCase):
    """A TransactionTestCase that leaves the seeded rows behind when it ends.

    Django restores the migrations' data (districts, role groups) before a
    serialized test, but flushes after it; with --reuse-db the next run would
    start from an empty database. Restoring after the flush keeps it whole.
    """

    serialized_rollback = True

    def _fixture_teardown(self) -> None:
        super()._fixture_teardown()
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            connection.creation.deserialize_db_from_string(contents)
