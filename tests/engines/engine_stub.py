"""The stub pipeline of tests/conftest.py under a name worker processes can import.

`conftest` is no module name to import by: every test directory with a conftest.py shadows
the others. This loads tests/conftest.py from its path under a name of its own.
"""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("warta_tests_conftest",
                                               Path(__file__).resolve().parents[1] / "conftest.py")
assert _spec is not None and _spec.loader is not None
_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_conftest)

StubPipeline = _conftest.StubPipeline


class SlowStubPipeline(StubPipeline):
    """The stub, slowed down by WARTA_TEST_DELAY seconds a document (so a kill lands mid-run)."""

    def process(self, doc):  # type: ignore[no-untyped-def]
        import os
        import time

        time.sleep(float(os.environ.get("WARTA_TEST_DELAY", "0")))
        return super().process(doc)
