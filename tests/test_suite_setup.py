"""The suite's own set-up: the conditions the other tests rely on to give the same verdict every run."""
import anyio
import hypothesis.strategies
import schemathesis


def test_libraries_are_imported_by_pythons_own_loader():
    """pytest rewrites the assertions of an autoloaded plugin's whole distribution with ast.parse at
    import time; on CPython 3.11 such a lazy import inside another ast.parse broke a fuzz test at random
    (SystemError: AST constructor recursion depth mismatch). The plugins are named in pyproject.toml
    instead, so only their own plugin modules are rewritten."""
    for module in (hypothesis.strategies, schemathesis, anyio):
        assert type(module.__loader__).__name__ != "AssertionRewritingHook", module.__name__
