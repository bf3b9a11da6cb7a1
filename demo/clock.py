"""The demo's clock: each step of the demo happens on the day that fits it, so that the
history on every page (signed, submitted, recommended, funded) reads in order and in the past.

Inside ``at(day, ...)`` Django's clock (``django.utils.timezone.now``, which ``localdate``,
``auto_now`` and ``auto_now_add`` read) starts on that day at that time and moves on one second
each time it is read: the same steps always get the same times. Only the demo uses it.
"""

import contextlib
import datetime
import itertools
from collections.abc import Iterator
from unittest import mock

from django.utils import timezone


@contextlib.contextmanager
def at(day: datetime.date, hour: int = 10, minute: int = 0) -> Iterator[None]:
    """Run the block as if it were ``day`` at ``hour``:``minute``, London time."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
    ticks = itertools.count()

    def now() -> datetime.datetime:
        return start + datetime.timedelta(seconds=next(ticks))

    with mock.patch("django.utils.timezone.now", now):
        yield
