"""Two users doing the same thing at the same moment: the harness for the locking tests.

PostgreSQL only (SQLite serialises every writer, so it proves nothing). ``two_at_once`` runs
an action in two threads, each with its own database connection, started together. The
service's check (the function named by ``hold_open_after``, e.g. the sum already awarded)
is wrapped so that each thread, after checking, waits up to ``WINDOW`` seconds for the
other thread to have checked too before it writes and commits.

Without the service's ``select_for_update`` both threads check side by side, meet, and both
write: the test sees two successes. With the lock the second thread cannot even check until
the first commits: the barrier breaks (the first waits out the window alone), the first
commits, and the second then checks what the first wrote and is refused.
"""

import contextlib
import threading
from collections.abc import Callable
from unittest import mock

from django.db import connection

#: How long a thread holds its transaction open after its check, waiting for the other
#: thread to reach the same point. Long enough for any machine to get both threads there
#: when nothing serialises them.
WINDOW = 3.0

#: How long each thread may take in all before the harness calls it stuck.
JOIN_TIMEOUT = 30


def two_at_once(
    action: Callable[[int], object],
    *,
    hold_open_after: tuple[object, str],
    window: float = WINDOW,
) -> dict[int, object]:
    """Run ``action(0)`` and ``action(1)`` in two threads at once.

    ``hold_open_after`` is ``(module, name)``: the check the service makes inside its
    transaction, patched on that module for the duration. Returns each thread's outcome by
    index: what the action returned, or the exception it raised.
    """
    module, name = hold_open_after
    real_check = getattr(module, name)
    start = threading.Barrier(2)
    both_checked = threading.Barrier(2, timeout=window)

    checks = []

    def check_then_hold_the_transaction_open(*args, **kwargs):
        result = real_check(*args, **kwargs)
        checks.append(threading.get_ident())
        # The race window: the other thread may check now too. A broken barrier means it is
        # (rightly) waiting for the lock.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_checked.wait()
        return result

    outcomes: dict[int, object] = {}

    def run(index: int) -> None:
        try:
            start.wait(timeout=10)
            outcomes[index] = action(index)
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()  # this thread's own connection

    with mock.patch.object(module, name, check_then_hold_the_transaction_open):
        threads = [threading.Thread(target=run, args=(index,)) for index in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=JOIN_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    # Each thread made the check: else the patch missed the name the service looks up, and
    # the race was never forced.
    assert len(set(checks)) == 2, f"{name} was checked by {len(set(checks))} of 2 threads"
    return outcomes
