"""The writers' queue across a fork and after a close (store/writer_queue.py).

A server that forks its workers (or a worker that forks a helper) while one of its threads writes
must not hand the child its lock: the child is another writer and queues behind the parent.
"""
from __future__ import annotations

import os
import signal
import stat
import sys
import threading
import time

import pytest

from store.errors import StoreBusy
from store.writer_queue import WriterQueue

BUSY, ENTERED, FAILED = 3, 4, 5  # the forked child's exit codes


def _child_tries(queue: WriterQueue) -> int:
    """Fork; the child tries to enter `queue` and exits with what happened. Returns that exit code."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = FAILED
        try:
            with queue:
                code = ENTERED
        except StoreBusy:
            code = BUSY
        except BaseException:  # noqa: BLE001 - any other outcome is a failure the parent reports
            code = FAILED
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def test_a_process_forked_while_its_parent_writes_queues_behind_the_parent(tmp_path):
    queue = WriterQueue(tmp_path / "ruhrkarte.sqlite-writers", 0.3)
    with queue:
        assert _child_tries(queue) == BUSY  # not let in on the parent's lock
    assert _child_tries(queue) == ENTERED   # and let in once the parent is done
    with queue:                             # the parent still holds a working lock of its own
        pass


def test_a_process_forked_inside_a_nested_write_starts_with_no_write_of_its_own(tmp_path):
    queue = WriterQueue(tmp_path / "ruhrkarte.sqlite-writers", 0.3)
    with queue:
        with queue:
            assert _child_tries(queue) == BUSY
        assert _child_tries(queue) == BUSY  # the inner write's end does not free the outer one's lock
    assert _child_tries(queue) == ENTERED


def test_a_worker_forked_from_a_process_whose_store_never_wrote_starts_cleanly(tmp_path, monkeypatch):
    """A server that loads the app (and opens the store) before forking its workers: no error is
    reported in the worker, and the worker writes."""
    reported: list = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)
    queue = WriterQueue(tmp_path / "ruhrkarte.sqlite-writers", 0.3)
    pid = os.fork()
    if pid == 0:
        code = FAILED
        try:
            if not reported:
                with queue:
                    code = ENTERED
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == ENTERED


def test_a_writer_of_the_same_process_gives_up_with_store_busy_naming_the_wait(tmp_path):
    """Two threads of one worker: the second waits at most wait_s for the first, then is told so."""
    queue = WriterQueue(tmp_path / "ruhrkarte.sqlite-writers", 1)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with queue:
            held.set()
            release.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(60)
        with pytest.raises(StoreBusy) as busy:
            with queue:
                pass
        assert str(busy.value) == "another writer held the database for over 1 s; try again"
    finally:
        release.set()
        holder.join(60)


def test_a_writer_killed_mid_write_is_not_kept_holding_the_lock_by_a_process_it_forked(tmp_path):
    """A worker dies while writing; a helper it forked meanwhile lives on: the others may write."""
    path = tmp_path / "ruhrkarte.sqlite-writers"
    read_end, write_end = os.pipe()
    worker = os.fork()
    if worker == 0:
        queue = WriterQueue(path, 0.3)
        queue.__enter__()
        helper = os.fork()
        if helper == 0:
            time.sleep(60)
            os._exit(0)
        os.write(write_end, str(helper).encode())
        os._exit(0)  # dies holding the lock, as a killed worker would
    os.close(write_end)
    helper = int(os.read(read_end, 32))
    os.close(read_end)
    os.waitpid(worker, 0)
    try:
        with WriterQueue(path, 0.3):  # the dead worker's lock went with it
            pass
    finally:
        os.kill(helper, signal.SIGKILL)


def _descriptors_of(path) -> int:
    """This process's open descriptors of `path` (only those: another test's leftovers may close any time)."""
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            count += os.readlink(f"/proc/self/fd/{fd}") == str(path)
        except OSError:  # the descriptor listdir itself used, closed by now
            pass
    return count


def test_closing_a_queue_gives_back_its_file_descriptor_and_closing_again_is_harmless(tmp_path):
    """A service that opens and closes stores (tests, the CLI, a reload) does not run out of descriptors."""
    path, other = tmp_path / "ruhrkarte.sqlite-writers", tmp_path / "other.sqlite-writers"
    queue = WriterQueue(path, 0.3)
    with queue:
        assert _descriptors_of(path) == 1
    queue.close()
    assert _descriptors_of(path) == 0
    queue.close()
    never_used = WriterQueue(other, 0.3)
    never_used.close()
    assert _descriptors_of(other) == 0


def test_a_closed_queue_entered_again_opens_its_lock_file_again(tmp_path):
    """A store closed and then used again (the engine reconnects) still queues its writers."""
    path = tmp_path / "ruhrkarte.sqlite-writers"
    queue = WriterQueue(path, 0.3)
    with queue:
        pass
    queue.close()
    with queue:
        assert _child_tries(WriterQueue(path, 0.3)) == BUSY
    queue.close()


def test_the_lock_file_is_made_readable_for_all_and_executable_for_none_by_default(tmp_path):
    previous = os.umask(0o022)
    try:
        path = tmp_path / "ruhrkarte.sqlite-writers"
        with WriterQueue(path, 0.3):
            pass
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


@pytest.mark.parametrize("mode", [0o600, 0o664])
def test_the_lock_file_gets_the_mode_it_is_given(tmp_path, mode):
    previous = os.umask(0o002)
    try:
        path = tmp_path / "ruhrkarte.sqlite-writers"
        with WriterQueue(path, 0.3, mode):
            pass
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == mode
