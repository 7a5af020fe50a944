"""The writers of every process sharing a SQLite file queue on one lock (store/writer_queue.py)."""
from __future__ import annotations

import multiprocessing
import threading
from contextlib import contextmanager

import pytest

from store.errors import StoreBusy
from store.writer_queue import WriterQueue

WAIT_S = 60  # generous: these only wait for the other side to reach its step


def _hold(path: str, held, release) -> None:
    with WriterQueue(path, 60):
        held.set()
        release.wait(WAIT_S)


@contextmanager
def held_by_another_process(path):
    """Another process holds the queue until `release()` is called (or the block ends)."""
    context = multiprocessing.get_context("spawn")
    held, release = context.Event(), context.Event()
    holder = context.Process(target=_hold, args=(str(path), held, release))
    holder.start()
    try:
        assert held.wait(WAIT_S)
        yield release.set, holder
    finally:
        if holder.is_alive():  # (a killed holder never wakes: setting its event would wait for it)
            release.set()
        holder.join(WAIT_S)


def _writer(queue: WriterQueue) -> tuple[threading.Thread, threading.Event]:
    """A thread that enters the queue (once it can) and says so."""
    entered = threading.Event()

    def write() -> None:
        with queue:
            entered.set()

    thread = threading.Thread(target=write)
    thread.start()
    return thread, entered


def test_a_writer_in_another_process_waits_until_the_holder_is_done(tmp_path):
    path = tmp_path / "ruhrkarte.sqlite-writers"
    with held_by_another_process(path) as (release, _holder):
        writer, entered = _writer(WriterQueue(path, 60))
        assert not entered.wait(1.0)  # still queued behind the other process
        release()
        assert entered.wait(WAIT_S)   # and let in once it is done
        writer.join(WAIT_S)


def test_the_queue_is_reentrant_within_a_thread_and_released_after_the_outermost(tmp_path):
    queue = WriterQueue(tmp_path / "writers", 60)
    with queue:
        with queue:  # a write that runs another write (an import) does not wait for itself
            pass
        other, entered = _writer(queue)
        assert not entered.wait(0.3)  # the outer block still holds it
    assert entered.wait(WAIT_S)
    other.join(WAIT_S)


def test_a_killed_holder_does_not_block_the_others(tmp_path):
    path = tmp_path / "writers"
    with held_by_another_process(path) as (_release, holder):
        holder.kill()
        holder.join(WAIT_S)
        with WriterQueue(path, 60):  # the kernel dropped the dead process's lock
            pass


def test_a_writer_gives_up_with_store_busy_when_another_holds_the_database_too_long(tmp_path):
    path = tmp_path / "writers"
    with held_by_another_process(path):
        with pytest.raises(StoreBusy, match="another writer held the database"):
            with WriterQueue(path, 0.2):
                pass
    with WriterQueue(path, 0.2):  # free again: no trace of the refused writer
        pass
