"""`make review-screenshot`: the review page of the recorded sample-corpus run (replayed from its
cassette, no model needed) at 1280×800 with the first conflict open, written to docs/review.png."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.conftest import CASSETTES, CORPUS, ROOT, run_recorded
from tests.test_review_page import ARGS


def main(target: Path) -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("no chromium: `bash .ci/install-browser` (as root) installs Debian's")
    tmp = Path(tempfile.mkdtemp())
    html = tmp / "review.html"
    result = run_recorded(CASSETTES / "corpus_embedded.yaml", CORPUS, tmp / "json", "http://127.0.0.1:9/v1",
                          "--no-cache", "--html", str(html))  # fmt: skip
    if result.exit_code != 0:
        sys.exit(result.output)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(html.as_uri())
        page.wait_for_selector("html[data-ready='1']")
        page.click(".item[data-relation] .head")
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target))
        browser.close()
    print(f"{target}: page {html.stat().st_size:,} bytes for {len(list(CORPUS.glob('*.txt')))} articles")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "review.png")
