"""Many visitors, one small server: N browser sessions open pages and train at once.

Starts `streamlit run app.py` in hosted mode on a loopback port, then:
1. one session trains the largest hosted MNIST runs alone, one after the other (peak RSS
   with one training);
2. N sessions (default 8) at once open the home page and the MNIST page and start a
   small training job; the server-wide queue lets one train at a time.
Prints per-session latency, the peak server memory and, last, one JSON line.
Bounded: every wait has a timeout; only 127.0.0.1 is contacted.

    NNLAB_DATA_DIR=../shared/data python bench/load_test.py --sessions 8
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
NETWORK = re.compile(r"\b(MLP|CNN)\b")
# the largest runs hosted mode allows (20k images, 5 epochs): the widest MLP, then the CNN
LARGEST = ["mnist_depth=3&mnist_width=256&mnist_images=20000&mnist_epochs=5",
           "mnist_kind=cnn&mnist_images=20000&mnist_epochs=5"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def memory_mb(pid: int) -> dict[str, float]:
    """A process's memory from /proc, in MB: `rss` (resident now), `hwm` (its resident peak) and `private`
    (resident and its own: RssAnon). RSS also counts the pages of shared libraries (torch's and CUDA's, about
    315 MB), which every replica on a host shares; the private part is what each further replica adds."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return {name: int(fields[field].split()[0]) / 1024
            for name, field in (("rss", "VmRSS"), ("hwm", "VmHWM"), ("private", "RssAnon"))}


class MemoryWatch(threading.Thread):
    """Samples the server's memory every 0.2 s; `peak` (RSS) and `private` are the highest seen since `reset()`."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.private, self.running = pid, 0.0, 0.0, True

    def run(self) -> None:
        while self.running:
            now = memory_mb(self.pid)
            self.peak, self.private = max(self.peak, now["rss"]), max(self.private, now["private"])
            time.sleep(0.2)

    def reset(self) -> tuple[float, float]:
        """(peak RSS, peak private memory) since the last reset, in MB; starts afresh."""
        peaks, self.peak, self.private = (self.peak, self.private), 0.0, 0.0
        return peaks


async def network_named(page, wait_s: float = 20) -> str:
    """The network the page will train ("MLP" or "CNN"), read from the settings line under the controls
    ("CNN: conv(16)-… · adam lr 0.001 · … epoch(s) on …"), or "not shown". Its absence must not fail the session."""
    line = page.locator('[data-testid="stCaptionContainer"]', has_text="epoch(s) on")
    try:
        text = await line.first.inner_text(timeout=wait_s * 1000)
    except Exception:  # noqa: BLE001 - a timeout: no such line on this tab
        return "not shown"
    found = NETWORK.search(text)
    return found.group(1) if found else "not shown"


async def open_and_train(page, base: str, query: str, timeout_s: float) -> dict:
    """Home page, MNIST page, Train, wait for this run's outcome; raises on a timeout."""
    start = time.perf_counter()
    await page.goto(base, timeout=timeout_s * 1000)
    await page.wait_for_selector(IDLE, timeout=timeout_s * 1000)
    await page.goto(f"{base}/mnist?{query}", timeout=timeout_s * 1000)
    await page.wait_for_selector(IDLE, timeout=timeout_s * 1000)
    opened = time.perf_counter() - start
    network = await network_named(page)
    await page.get_by_role("button", name="Train", exact=True).first.click()
    clicked = time.perf_counter()
    result = page.locator('[data-testid="stMetricLabel"]', has_text="Training time")  # own run, not the default
    await result.first.wait_for(timeout=timeout_s * 1000)
    trained = time.perf_counter() - clicked
    errors = await page.locator('[data-testid="stException"]').count()
    return {"network": network, "open_s": round(opened, 2), "train_s": round(trained, 2),
            "exceptions": errors, "ok": errors == 0}


async def page_state(page) -> dict:
    """What a stuck page shows, for the report: its script state, Train enabled or not, progress and alerts."""
    try:
        texts = await page.locator('[data-testid="stProgress"], [data-testid="stAlert"]').all_inner_texts()
        train = page.get_by_role("button", name="Train", exact=True).first
        return {"script": await page.locator('[data-testid="stApp"]').get_attribute("data-test-script-state",
                                                                                   timeout=5000),
                "train_enabled": await train.is_enabled(timeout=5000), "shows": [t[:80] for t in texts[:4]]}
    except Exception as err:  # noqa: BLE001 - the page is gone: say so
        return {"unreadable": str(err)[:80]}


async def visit_and_train(browser, base: str, query: str, timeout_s: float) -> dict:
    """One visitor in a fresh browser context: `open_and_train`, then the context is closed."""
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    context.set_default_timeout(timeout_s * 1000)
    page = await context.new_page()
    try:
        return await open_and_train(page, base, query, timeout_s)
    except Exception as err:  # a timeout or a crash counts as a failed session
        return {"ok": False, "error": str(err)[:200], "page": await page_state(page)}
    finally:
        await context.close()


async def drive(base: str, sessions: int, timeout_s: float, watch: MemoryWatch) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM,
                                           args=["--headless=new", "--no-sandbox", "--disable-gpu"])
        watch.reset()
        single = []
        for query in LARGEST:  # one after the other, each with its own peak
            single.append(await visit_and_train(browser, base, query, timeout_s))
            rss, private = watch.reset()
            single[-1].update(peak_rss_mb=round(rss), peak_private_mb=round(private))
            print(f"alone, {query}: {single[-1]}", flush=True)  # now: a slow machine may not get to the end
        start = time.perf_counter()
        many = await asyncio.gather(*(visit_and_train(browser, base, "mnist_images=1000&mnist_epochs=1", timeout_s)
                                      for _ in range(sessions)))
        wall = time.perf_counter() - start
        await browser.close()
    rss, private = watch.reset()
    return {"single": single, "sessions": many, "concurrent_wall_s": round(wall, 1),
            "concurrent_peak_rss_mb": round(rss), "concurrent_peak_private_mb": round(private)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=8, help="sessions at once after the largest runs (0: none)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds any one wait may take")
    args = ap.parse_args()
    port = free_port()
    # as the Dockerfile runs it: hosted mode, no source-file watching
    env = {**os.environ, "NNLAB_HOSTED": "1", "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    t0 = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                               "--server.address", "127.0.0.1", "--server.headless", "true"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        watch = MemoryWatch(server.pid)
        watch.start()
        report = asyncio.run(drive(base, args.sessions, args.timeout, watch))
        watch.running = False
        report["server_hwm_rss_mb"] = round(memory_mb(server.pid)["hwm"])
    finally:
        server.terminate()
        server.wait(15)
    for i, s in enumerate(report["sessions"], 1):
        print(f"session {i}: {s}")
    ok = all(s["ok"] for s in report["single"] + report["sessions"])
    summary = {
        "sessions": args.sessions, "all_ok": ok,
        "single_training_peak_rss_mb": max(s["peak_rss_mb"] for s in report["single"]),
        "single_training_peak_private_mb": max(s["peak_private_mb"] for s in report["single"]),
        "largest_runs": {s.get("network", query): s.get("peak_rss_mb") for query, s in zip(LARGEST, report["single"],
                                                                                              strict=True)},
        "concurrent_peak_rss_mb": report["concurrent_peak_rss_mb"],
        "concurrent_peak_private_mb": report["concurrent_peak_private_mb"],
        "server_hwm_rss_mb": report["server_hwm_rss_mb"],
        "concurrent_wall_s": report["concurrent_wall_s"],
        "latency_open_s": [s.get("open_s") for s in report["sessions"]],
        "latency_train_s": [s.get("train_s") for s in report["sessions"]],
        "total_s": round(time.perf_counter() - t0, 1),
    }
    print(json.dumps(summary))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
