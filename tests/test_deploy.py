"""deploy/: nginx accepts the shipped configuration and pins each visitor to one replica; compose and k8s parse."""
import http.server
import re
import subprocess
import threading
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest
import yaml

from bench.load_test import free_port
from bench.replicas import nginx_binary, render_nginx, upstream_lines
from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"
SITE = (DEPLOY / "nginx.conf").read_text()
NGINX = nginx_binary()
needs_nginx = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install -y nginx)")


def nginx_test(workdir: Path, upstreams: str) -> subprocess.CompletedProcess:
    conf = render_nginx(workdir, upstreams, f"127.0.0.1:{free_port()}")
    return subprocess.run([NGINX, "-t", "-p", str(workdir), "-c", str(conf), "-e", str(workdir / "error.log")],
                          capture_output=True, text=True, timeout=30)


def megabytes(size: str) -> float:
    number, unit = re.fullmatch(r"(\d+)([kKmM]?)", size).groups()
    return int(number) / {"k": 1024, "m": 1, "": 1024 * 1024}[unit.lower()]


@needs_nginx
def test_nginx_accepts_the_shipped_configuration(tmp_path):
    result = nginx_test(tmp_path, upstream_lines(["127.0.0.1:8501", "127.0.0.1:8502", "127.0.0.1:8503"]))
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@needs_nginx
def test_nginx_accepts_composes_upstream_file(tmp_path):
    """The same server line compose uses, with Docker's service name swapped for an address nginx -t can resolve."""
    compose_upstreams = (DEPLOY / "nginx" / "nnlab-upstreams.conf").read_text()
    assert "server app:8501" in compose_upstreams
    result = nginx_test(tmp_path, compose_upstreams.replace("app:8501", "127.0.0.1:8501"))
    assert result.returncode == 0, result.stderr


class _Replica(http.server.BaseHTTPRequestHandler):
    """Answers with its own name and the upgrade headers nginx passed on."""

    def do_GET(self):  # noqa: N802 - http.server's name
        body = "ok" if self.path == "/_stcore/health" else (
            f"{self.server.name} upgrade={self.headers.get('Upgrade')} connection={self.headers.get('Connection')}")
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


def _get(url: str, cookie: str | None = None, **headers: str) -> tuple[str, str | None]:
    if cookie:
        headers["Cookie"] = cookie
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as r:
        return r.read().decode(), r.headers.get("Set-Cookie")


@needs_nginx
def test_nginx_pins_each_visitor_to_one_replica_by_its_own_cookie(tmp_path):
    replicas = []
    for name in ("a", "b", "c"):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Replica)
        server.name = name
        threading.Thread(target=server.serve_forever, daemon=True).start()
        replicas.append(server)
    port = free_port()
    conf = render_nginx(tmp_path, upstream_lines([f"127.0.0.1:{s.server_address[1]}" for s in replicas]),
                        f"127.0.0.1:{port}")
    proc = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "error.log")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 10
        while True:
            try:
                assert _get(base + "/health")[0] == "ok"  # /health answers from a replica's /_stcore/health
                break
            except OSError:
                assert time.time() < deadline, (tmp_path / "error.log").read_text()
                time.sleep(0.1)
        served = set()
        for _ in range(12):  # twelve first visits, each gets its own cookie
            body, set_cookie = _get(base + "/")
            cookie = set_cookie.split(";")[0]
            assert re.fullmatch(r"nnlab_replica=[0-9a-f]{32}", cookie)
            assert "HttpOnly" in set_cookie and "Path=/" in set_cookie
            replica = body.split()[0]
            for _ in range(5):  # every later request with the cookie: same replica, no new cookie
                again, set_again = _get(base + "/static/x.js", cookie)
                assert again.split()[0] == replica and set_again is None
            served.add(replica)
        assert len(served) >= 2  # the cookies spread the visitors (all at one replica: (1/3)^11)

        forged, set_cookie = _get(base + "/", "nnlab_replica=../../etc")  # not 32 hex digits: replaced
        assert set_cookie and re.match(r"nnlab_replica=[0-9a-f]{32};", set_cookie)

        body, _ = _get(base + "/_stcore/stream", cookie, Upgrade="websocket", Connection="Upgrade")
        assert "upgrade=websocket connection=upgrade" in body  # what a websocket handshake needs upstream
        body, _ = _get(base + "/", cookie)
        # plain requests: a fresh upstream connection each, closed after the answer (no kept-alive connection
        # that a replica might close just as nginx reuses it)
        assert "upgrade=None connection=close" in body
    finally:
        proc.terminate()
        proc.wait(10)
        for server in replicas:
            server.shutdown()


def test_nginx_conf_has_sticky_cookie_hash_and_websocket_settings():
    assert re.search(r"^\s*hash \$nnlab_sticky consistent;", SITE, re.M)
    assert "ip_hash" not in re.sub(r"#.*", "", SITE)  # a campus NAT is one IP
    assert re.search(r"add_header Set-Cookie \$nnlab_set_cookie always;", SITE)
    stream = SITE[SITE.index("location /_stcore/stream"):]
    stream = stream[:stream.index("}")]
    for line in ("proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;",
                 'proxy_set_header Connection "upgrade";', "proxy_read_timeout 12h;"):
        assert line in stream
    # the two placeholders a deployment fills in
    assert re.search(r"^\s*include nnlab-upstreams\.conf;", SITE, re.M)
    assert re.search(r"^\s*include nnlab-listen\.conf;", SITE, re.M)
    assert "max_fails=" in upstream_lines(["x:1"]) and "fail_timeout=" in upstream_lines(["x:1"])


def test_upload_limits_let_the_app_answer_oversized_files_itself():
    app_mb = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]["maxUploadSize"]
    docker_mb = int(re.search(r"STREAMLIT_SERVER_MAX_UPLOAD_SIZE=(\d+)", (ROOT / "Dockerfile").read_text())[1])
    nginx_mb = megabytes(re.search(r"client_max_body_size (\w+);", SITE)[1])
    assert app_mb < nginx_mb <= app_mb + 2
    ingress = yaml.safe_load((DEPLOY / "k8s" / "ingress.yaml").read_text())
    ingress_mb = megabytes(ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-body-size"])
    assert docker_mb < ingress_mb <= docker_mb + 2  # k8s runs the Docker image


def _k8s() -> dict:
    docs = [doc for path in sorted((DEPLOY / "k8s").glob("*.yaml")) for doc in yaml.safe_load_all(path.read_text())]
    return {doc["kind"]: doc for doc in docs if doc}


def test_k8s_manifests_parse_and_probe_streamlits_health():
    k8s = _k8s()
    assert set(k8s) == {"Deployment", "Service", "Ingress", "HorizontalPodAutoscaler"}
    labels = k8s["Deployment"]["spec"]["selector"]["matchLabels"]
    assert k8s["Deployment"]["spec"]["template"]["metadata"]["labels"] == labels == k8s["Service"]["spec"]["selector"]
    (app,) = k8s["Deployment"]["spec"]["template"]["spec"]["containers"]
    for probe in ("readinessProbe", "livenessProbe"):
        assert app[probe]["httpGet"] == {"path": "/_stcore/health", "port": 8501}
    for kind in ("requests", "limits"):
        assert {"cpu", "memory"} <= set(app["resources"][kind])
    threads = {e["name"]: e["value"] for e in app["env"]}["NNLAB_THREADS"]
    assert threads == str(app["resources"]["limits"]["cpu"])  # one job's threads = the pod's CPU limit
    assert app["ports"] == [{"name": "http", "containerPort": 8501}]
    assert k8s["Service"]["spec"]["ports"][0]["targetPort"] == "http"


def test_k8s_ingress_is_sticky_by_cookie_and_keeps_websockets_open():
    notes = _k8s()["Ingress"]["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"
    assert notes[prefix + "affinity"] == "cookie"
    assert notes[prefix + "affinity-mode"] == "persistent"
    assert notes[prefix + "session-cookie-name"] == "nnlab_replica"
    assert int(notes[prefix + "proxy-read-timeout"]) >= 3600 and int(notes[prefix + "proxy-send-timeout"]) >= 3600
    hpa = _k8s()["HorizontalPodAutoscaler"]
    assert hpa["spec"]["scaleTargetRef"]["name"] == _k8s()["Deployment"]["metadata"]["name"]
    assert hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu"
    assert 1 <= hpa["spec"]["minReplicas"] < hpa["spec"]["maxReplicas"]


def test_compose_runs_replicas_of_the_image_behind_the_same_nginx_conf():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    app, nginx = compose["services"]["app"], compose["services"]["nginx"]
    assert (DEPLOY / app["build"]["context"] / app["build"]["dockerfile"]).resolve() == ROOT / "Dockerfile"
    assert app["deploy"]["replicas"] >= 2
    assert nginx["depends_on"]["app"]["condition"] == "service_healthy"  # the image's HEALTHCHECK
    mounts = dict(v.rsplit(":", 1)[0].split(":", 1) for v in nginx["volumes"])
    assert mounts["./nginx.conf"] == "/etc/nginx/conf.d/default.conf"
    for local, inside in mounts.items():
        assert (DEPLOY / local).is_file()
        if local != "./nginx.conf":  # the placeholders, next to nginx's own nginx.conf
            assert inside == "/etc/nginx/" + Path(local).name
