"""Cold start: from `streamlit run app.py` to a usable home page, then to the MNIST page.

Prints the seconds to the health endpoint, to the first fully rendered home page in
Chromium, and to the MNIST page with its dataset loaded; the last line is JSON.

    NNLAB_DATA_DIR=../shared/data python bench/cold_start.py
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_test import CHROMIUM, IDLE, ROOT, free_port  # noqa: E402


def main() -> None:
    from playwright.sync_api import sync_playwright

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
        page = browser.new_page()
        start = time.perf_counter()
        server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                                   "--server.address", "127.0.0.1", "--server.headless", "true"],
                                  cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                try:
                    urllib.request.urlopen(base + "/_stcore/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.05)
            healthy = time.perf_counter() - start
            page.goto(base)
            page.get_by_text("Questions learners ask").wait_for(timeout=120_000)
            home = time.perf_counter() - start  # the lesson map and FAQ are on screen
            page.wait_for_selector(IDLE, timeout=120_000)
            page.get_by_text("Device:").wait_for(timeout=120_000)
            home_done = time.perf_counter() - start  # ... and the device badge
            page.locator('[data-testid="stSidebarNavLink"]', has_text="MNIST").click()
            page.get_by_role("button", name="Train", exact=True).first.wait_for(timeout=120_000)
            page.wait_for_selector(IDLE, timeout=120_000)
            mnist = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(15)
            browser.close()
    print(json.dumps({"health_s": round(healthy, 2), "home_usable_s": round(home, 2),
                      "home_complete_s": round(home_done, 2),
                      "mnist_page_ready_s": round(mnist, 2)}))


if __name__ == "__main__":
    main()
