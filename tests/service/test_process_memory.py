"""The service asks numpy not to advise huge pages (service/process_memory.py says why)."""
from __future__ import annotations

from numpy._core.multiarray import _set_madvise_hugepage

from service.app import create_app


def test_the_app_turns_numpys_huge_page_advice_off(repo):
    before = _set_madvise_hugepage(True)
    try:
        create_app(repo)
        assert _set_madvise_hugepage(False) is False  # the answer is the state before the call: off
    finally:
        _set_madvise_hugepage(before)

