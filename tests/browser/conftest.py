"""Browser journeys: Debian's chromium driven by Playwright against a live server, with
axe-core checking every page visited."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are safe (one thread), so Django's async guard is lifted for these tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        raise pytest.UsageError("chromium is missing: .ci/run installs it with apt")
    skip = pytest.mark.skip(reason="chromium is not installed here (apt-get install chromium)")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {"executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture
def hub(demo_hub, live_server, page):
    """A live hub with the demo content."""
    page.set_default_timeout(10_000)
    return live_server


class A11y:
    """Runs axe-core on a page; collects serious and critical violations."""

    def __init__(self):
        self.axe = Axe()
        self.problems = []

    def check(self, page):
        results = self.axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"]][:3]
                self.problems.append((page.url, violation["id"], violation["help"], targets))

    def assert_clean(self):
        assert not self.problems, "\n".join(map(str, self.problems))


@pytest.fixture
def a11y():
    checker = A11y()
    yield checker
    checker.assert_clean()
