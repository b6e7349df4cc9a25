"""Scale-out: N hosted replicas behind nginx (deploy/nginx.conf), S browser sessions through it.

Starts, on 127.0.0.1 only, N `streamlit run app.py` replicas in hosted mode and Debian's nginx with
the shipped deploy/nginx.conf (its two placeholders filled: these replicas, a free port), as
children with their pid, logs and temp files in a temporary folder. Then S browser sessions at
once go through nginx; each:
1. opens the home page and the MNIST page and trains a small network (bench/load_test.py);
2. switches page (Home, then MNIST) and checks that the trained model is still there;
3. drops its websocket and lets Streamlit reconnect (as after a network blip or an nginx
   reload), switches page again and checks the model once more: a reconnect that reached
   another replica would start a new, empty session there.
nginx's access log (the sticky id and $upstream_addr of every request) says which replica
served each session; a session is ok only if every one of its requests went to one replica,
the model survived both checks and no exception showed.

Prints one line per session and, last, one JSON object. Bounded: every wait has a timeout and
the whole run a deadline; every process it started is stopped in a `finally`, Ctrl-C included.

    NNLAB_DATA_DIR=../shared/data python bench/replicas.py --sessions 4 --replicas 2
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_test import CHROMIUM, IDLE, ROOT, MemoryWatch, free_port, memory_mb, open_and_train, page_state  # noqa: E402

SITE = ROOT / "deploy" / "nginx.conf"
COOKIE = "nnlab_replica"  # the cookie deploy/nginx.conf sets and hashes on
SERVER_PARAMS = "max_fails=3 fail_timeout=15s"  # as in deploy/nginx/nnlab-upstreams.conf
QUERY = "mnist_images=1000&mnist_epochs=1"
NAV = '[data-testid="stSidebarNavLink"]'
RESULT = '[data-testid="stMetricLabel"]'
# Keeps every websocket the page opens, so the bench can drop Streamlit's connection.
WS_SPY = """(() => {
  const Native = window.WebSocket;
  window.__nnlabSockets = [];
  window.WebSocket = class extends Native {
    constructor(...args) { super(...args); window.__nnlabSockets.push(this); }
  };
})();"""
LOG_LINE = re.compile(r'"(?P<request>[^"]*)" (?P<status>\d+) .*sticky=(?P<sticky>\S+) '
                      r'upstream=(?P<upstream>.*?) rt=(?P<rt>\S+)')


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def upstream_lines(addresses: list[str], params: str = SERVER_PARAMS) -> str:
    """The body of nnlab-upstreams.conf: one `server` line per replica address."""
    return "".join(f"server {address} {params};\n" for address in addresses)


def render_nginx(workdir: Path, upstreams: str, listen: str, site: Path = SITE) -> Path:
    """A main nginx configuration in `workdir` around `site`, with its two include placeholders written
    beside it (nnlab-upstreams.conf, nnlab-listen.conf); pid, logs and temp files stay in `workdir`.

    Returns the path to pass to `nginx -p WORKDIR -c PATH`; the access log (format `nnlab`) is
    `workdir/access.log`.
    """
    workdir = Path(workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    workdir.chmod(0o755)  # nginx started as root runs its workers as nobody; they must reach the temp dirs
    (workdir / "tmp").mkdir(exist_ok=True)
    (workdir / "nnlab-upstreams.conf").write_text(upstreams)
    (workdir / "nnlab-listen.conf").write_text(f"listen {listen};\n")
    temp = "\n".join(f'    {kind}_temp_path "{workdir}/tmp/{kind}";'
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = workdir / "nginx.conf"
    main.write_text(f"""# Written by bench/replicas.py: a main configuration around {site.name}.
worker_processes 1;
daemon off;
pid "{workdir}/nginx.pid";
error_log "{workdir}/error.log" warn;

events {{
    worker_connections 1024;
}}

http {{
{temp}
    include "{site}";
    access_log "{workdir}/access.log" nnlab;
}}
""")
    return main


def wait_health(url: str, deadline: float, proc: subprocess.Popen | None = None) -> bool:
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def read_access_log(path: Path) -> list[dict]:
    rows = []
    if path.exists():
        for line in path.read_text(errors="replace").splitlines():
            m = LOG_LINE.search(line)
            if m:
                rows.append(m.groupdict())
    return rows


async def switch_and_check(page, timeout_s: float) -> bool:
    """Home, then back to MNIST through the navigation; True if the test accuracy shows again."""
    result = page.locator(RESULT, has_text="Test accuracy")
    await page.locator(NAV, has_text="Home").first.click()
    await result.first.wait_for(state="detached", timeout=timeout_s * 1000)  # really left the MNIST page
    await page.wait_for_selector(IDLE, timeout=timeout_s * 1000)
    await page.locator(NAV, has_text="MNIST").first.click()
    try:
        await result.first.wait_for(timeout=min(timeout_s, 60) * 1000)
        return True
    except Exception:  # the page came back without the model
        return False


async def sticky_visit(browser, base: str, timeout_s: float, delay_s: float = 0.0) -> dict:
    """One visitor, arriving after `delay_s`: open and train, switch page, reconnect, switch again; which nginx
    cookie it got."""
    await asyncio.sleep(delay_s)
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    context.set_default_timeout(timeout_s * 1000)
    await context.add_init_script(WS_SPY)
    page = await context.new_page()
    out: dict = {}
    try:
        out.update(await open_and_train(page, base, QUERY, timeout_s))
        start = time.perf_counter()
        out["kept_after_switch"] = await switch_and_check(page, timeout_s)
        out["switch_s"] = round(time.perf_counter() - start, 2)
        start = time.perf_counter()
        sockets = await page.evaluate("window.__nnlabSockets.length")
        await page.evaluate("window.__nnlabSockets.forEach(s => s.close())")
        await page.wait_for_function(
            f"window.__nnlabSockets.length > {sockets} && window.__nnlabSockets.at(-1).readyState === 1",
            timeout=timeout_s * 1000)
        await page.wait_for_selector(IDLE, timeout=timeout_s * 1000)
        out["kept_after_reconnect"] = await switch_and_check(page, timeout_s)
        out["reconnect_s"] = round(time.perf_counter() - start, 2)
        out["exceptions"] = await page.locator('[data-testid="stException"]').count()
    except Exception as err:  # a timeout or a crash counts as a failed session
        out["error"] = str(err)[:200]
        out["page"] = await page_state(page)
    finally:
        try:
            cookies = await context.cookies()
            out["sticky"] = next((c["value"] for c in cookies if c["name"] == COOKIE), None)
            await context.close()
        except Exception:  # the browser is gone (Ctrl-C reaches it too): without its cookie the session fails
            pass
    return out


async def drive(base: str, sessions: int, timeout_s: float, ramp_s: float = 0.0) -> tuple[list[dict], float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM,
                                           args=["--headless=new", "--no-sandbox", "--disable-gpu"])
        try:
            start = time.perf_counter()
            arrivals = [ramp_s * i / max(1, sessions - 1) for i in range(sessions)]  # evenly over the ramp
            results = await asyncio.gather(*(sticky_visit(browser, base, timeout_s, at) for at in arrivals))
            return list(results), time.perf_counter() - start
        finally:
            await browser.close()


def stop_all(procs: list[subprocess.Popen], wait_s: float = 20) -> int:
    """SIGTERM to every process at once, up to `wait_s` for them all, then SIGKILL; returns how many were killed.

    A second Ctrl-C while waiting skips straight to SIGKILL.
    """
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    deadline = time.time() + wait_s
    try:
        for proc in procs:
            try:
                proc.wait(max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                pass
    except KeyboardInterrupt:
        pass
    finally:
        killed = [proc for proc in procs if proc.poll() is None]
        for proc in killed:
            proc.kill()
        for proc in killed:
            proc.wait(5)
    return len(killed)


def attribute(results: list[dict], log: list[dict], ports: dict[str, int]) -> None:
    """Adds to each session the replicas that served its requests (from nginx's log) and its verdict."""
    for r in results:
        mine = [row for row in log if r.get("sticky") and row["sticky"] == r["sticky"]]
        served = sorted({u for row in mine for u in row["upstream"].split(", ") if u != "-"})
        r["requests"] = len(mine)
        r["websockets"] = sum("/_stcore/stream" in row["request"] for row in mine)
        r["replicas_seen"] = [ports.get(u, u) for u in served]
        # what went elsewhere, and why: nginx writes "a, b" when it retried a request on a second replica
        r["moved"] = [f'{row["request"].split(" ")[1][:40]} {row["status"]} {row["upstream"]} {row["rt"]}s'
                      for row in mine if ", " in row["upstream"] or row["status"].startswith("5")][:4]
        r["replica"] = r["replicas_seen"][0] if len(served) == 1 else None
        r["ok"] = (r.get("error") is None and r.get("exceptions") == 0 and r.get("kept_after_switch") is True
                   and r.get("kept_after_reconnect") is True and len(served) == 1)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=4, help="browser sessions at once (default 4)")
    ap.add_argument("--replicas", type=int, default=2, help="Streamlit replicas behind nginx (default 2)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds any one wait may take (default 300)")
    ap.add_argument("--ramp", type=float, default=0.0,
                    help="seconds over which the sessions arrive, evenly (default 0: all at once)")
    ap.add_argument("--deadline", type=float, default=1800, help="seconds the whole run may take (default 1800)")
    args = ap.parse_args()
    nginx = nginx_binary()
    if nginx is None:
        print("nginx is not installed: apt-get install -y nginx", file=sys.stderr)
        return 2
    t0 = time.time()
    deadline = t0 + args.deadline
    # A deployment gives each replica its own cores; here they share this machine's, so each replica's
    # training job gets its share (NNLAB_THREADS set in the environment wins).
    threads = os.environ.get("NNLAB_THREADS") or str(max(1, len(os.sched_getaffinity(0)) // args.replicas))
    env = {**os.environ, "NNLAB_HOSTED": "1", "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none", "NNLAB_THREADS": threads}
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` cleans up like Ctrl-C

    work = Path(tempfile.mkdtemp(prefix="nnlab-replicas-"))
    procs: list[subprocess.Popen] = []
    replicas: list[subprocess.Popen] = []
    watches: list[MemoryWatch] = []
    logs: list = []
    proxy = None
    ports: set[int] = set()
    try:
        while len(ports) < args.replicas + 1:
            ports.add(free_port())
        nginx_port, *replica_ports = sorted(ports)
        addresses = [f"127.0.0.1:{p}" for p in replica_ports]
        for i, port in enumerate(replica_ports):
            log = open(work / f"replica-{i}.log", "wb")
            logs.append(log)
            replicas.append(subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                 "--server.address", "127.0.0.1", "--server.headless", "true"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
            procs.append(replicas[-1])
        conf = render_nginx(work, upstream_lines(addresses), f"127.0.0.1:{nginx_port}")
        test = subprocess.run([nginx, "-t", "-p", str(work), "-c", str(conf), "-e", str(work / "error.log")],
                              capture_output=True, text=True, timeout=30)
        if test.returncode != 0:
            print(test.stderr, file=sys.stderr)
            return 2
        logs.append(open(work / "nginx.stderr", "wb"))
        proxy = subprocess.Popen([nginx, "-p", str(work), "-c", str(conf), "-e", str(work / "error.log")],
                                 stdout=subprocess.DEVNULL, stderr=logs[-1])
        procs.append(proxy)
        startup = min(deadline, time.time() + args.timeout)
        for i, (proc, address) in enumerate(zip(replicas, addresses, strict=True)):
            if not wait_health(f"http://{address}/_stcore/health", startup, proc):
                print(f"replica {i} did not become healthy; its log:\n"
                      + (work / f"replica-{i}.log").read_text(errors="replace")[-2000:], file=sys.stderr)
                return 2
        base = f"http://127.0.0.1:{nginx_port}"
        if not wait_health(base + "/health", startup, proxy):
            print("nginx did not answer /health:\n" + (work / "error.log").read_text(errors="replace")[-2000:],
                  file=sys.stderr)
            return 2
        started_s = time.time() - t0
        for proc in replicas:
            watches.append(MemoryWatch(proc.pid))
            watches[-1].start()
        try:
            results, wall = asyncio.run(asyncio.wait_for(drive(base, args.sessions, args.timeout, args.ramp),
                                                         max(1.0, deadline - time.time())))
        except TimeoutError:  # the whole run's deadline: every session counts as failed
            results, wall = [{"error": f"deadline of {args.deadline:g} s"} for _ in range(args.sessions)], None
        time.sleep(1)  # nginx logs a websocket when it closes
        for w in watches:
            w.running = False
        peaks, private = [round(w.peak) for w in watches], [round(w.private) for w in watches]
        hwm = [round(memory_mb(p.pid)["hwm"]) if p.poll() is None else None for p in replicas]
        alive = [p.poll() is None for p in replicas]
        attribute(results, read_access_log(work / "access.log"), {a: i for i, a in enumerate(addresses)})
        upstream_errors = [line for line in (work / "error.log").read_text(errors="replace").splitlines()
                           if "upstream" in line and "[warn]" not in line]  # warn: a big file buffered
        if upstream_errors:  # why nginx moved a request: kept here, as the folder goes at the end
            print(f"nginx logged {len(upstream_errors)} upstream errors; the first:", *upstream_errors[:5],
                  sep="\n", file=sys.stderr)
    finally:
        for w in watches:
            w.running = False
        stopping = time.time()
        try:
            killed = stop_all(list(reversed(procs)))  # nginx first, then the replicas
        finally:
            for log in logs:
                log.close()
            shutil.rmtree(work, ignore_errors=True)
        stop_s = time.time() - stopping

    for i, r in enumerate(results, 1):
        print(f"session {i}: {r}")
    used = sorted({r["replica"] for r in results if r.get("replica") is not None})
    ok = all(r["ok"] for r in results) and all(alive)
    summary = {
        "sessions": args.sessions, "replicas": args.replicas, "ramp_s": args.ramp, "replicas_used": len(used),
        "sessions_per_replica": [sum(r.get("replica") == i for r in results) for i in range(args.replicas)],
        "all_ok": ok, "ok_sessions": sum(r["ok"] for r in results),
        "sticky_sessions": sum(len(r["replicas_seen"]) == 1 for r in results),
        "kept_after_switch": sum(r.get("kept_after_switch") is True for r in results),
        "kept_after_reconnect": sum(r.get("kept_after_reconnect") is True for r in results),
        "latency_open_s": [r.get("open_s") for r in results],
        "latency_train_s": [r.get("train_s") for r in results],
        "latency_reconnect_s": [r.get("reconnect_s") for r in results],
        "replica_peak_rss_mb": peaks, "replica_peak_private_mb": private, "replica_hwm_rss_mb": hwm,
        "replicas_alive": alive,
        "threads_per_replica": int(threads), "startup_s": round(started_s, 1),
        "concurrent_wall_s": wall and round(wall, 1), "stop_s": round(stop_s, 1), "killed_at_stop": killed,
        "total_s": round(time.time() - t0, 1),
    }
    print(json.dumps(summary))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
