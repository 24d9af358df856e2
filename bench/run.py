#!/usr/bin/env python3
"""The benchmark runner behind bench/run.sh (issue 8). For each N:

 1. generate N synthetic items (bench/gen_corpus.py);
 2. `qingdan import policies` into a fresh data dir (rows/s);
 3. `qingdan serve`: first start (builds the index) and warm start, timed until
    /healthz answers;
 4. the query set through /api/v1/policies?q=…&limit=10, sequential requests on
    one keep-alive connection (p50/p99 per query), listing with no query, q=补贴
    with a profile; server RSS (VmRSS, VmHWM) from /proc;
 5. the same query set on SQLite FTS5 trigram (bench/fts5.py) on the same corpus,
    then the 3+ character terms once more on both in alternating blocks (a few
    Qingdan requests, a few FTS5 queries, over and over), so that a machine whose
    speed drifts over minutes slows both alike and their ratio still means something;
 6. wrk against /search?q=补贴 and /api/v1/policies?q=补贴, and against
    bare_axum (server/examples/bare_axum.rs) serving the same bytes;
 7. an import of more rows into the running portal while searches run;
 8. tip intake: wrk POSTing named tips (bench/tips.lua), then kill -9 mid-load
    and a count of acknowledged tips against stored ones.

Writes bench/RESULTS.md and prints it. Configuration comes from run.sh through
the environment (see bench/README.md); Python 3.11 standard library only.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import gzip
import http.client
import json
import math
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.dont_write_bytecode = True  # no __pycache__ in bench/
import fts5  # noqa: E402  (bench/fts5.py)

QUERIES = fts5.QUERIES
# Asks the portal to search again rather than answer from its recent answers.
FRESH = {"Cache-Control": "no-cache"}
QUERIES_LONG = fts5.QUERIES_LONG
PROFILE_QUERY = "q=补贴&size=小型&qualification=高新技术企业"
PAGE_PATH = "/search?q=补贴"
API_PATH = "/api/v1/policies?q=补贴"


def env_int(name: str, default: int) -> int:
    v = os.environ.get(name, "").strip()
    return int(v) if v else default


def env_float(name: str, default: float) -> float:
    v = os.environ.get(name, "").strip()
    return float(v) if v else default


QINGDAN = os.environ.get("QINGDAN_BIN", "")
BARE = os.environ.get("BARE_BIN", "")
WRK = os.environ.get("WRK_BIN") or shutil.which("wrk") or ""
PROFILE = os.environ.get("BENCH_PROFILE", "release")
WORK = Path(os.environ.get("BENCH_WORK") or Path.home() / ".cache/qingdan/bench")
RESULTS = Path(os.environ.get("BENCH_RESULTS") or BENCH / "RESULTS.md")
REPS = env_int("BENCH_REPS", 200)
SIDE_ROUNDS = env_int("BENCH_SIDE_ROUNDS", 12)
SIDE_QINGDAN = 10
SIDE_FTS5 = 3
BUDGET = env_float("BENCH_BUDGET", 30.0)
MIN_REPS = env_int("BENCH_MIN_REPS", 20)
DEEP_REPS = env_int("BENCH_DEEP_REPS", 50)
WRK_DURATION = env_int("BENCH_WRK_DURATION", 10)
WRK_THREADS = env_int("BENCH_WRK_THREADS", 2)
WRK_CONNECTIONS = env_int("BENCH_WRK_CONNECTIONS", 32)
TIP_CONNECTIONS = env_int("BENCH_TIP_CONNECTIONS", 16)
KILL_DURATION = env_int("BENCH_KILL_DURATION", 6)
START_TIMEOUT = env_float("BENCH_START_TIMEOUT", 3600)
LIVE_IMPORT = os.environ.get("BENCH_LIVE_IMPORT", "").strip()  # rows; default min(N, 100000); 0 skips
KEEP = os.environ.get("BENCH_KEEP", "") == "1"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ processes

_children: list[subprocess.Popen] = []


def _die_with_parent() -> None:
    """Runs in the child before exec: SIGTERM it when the runner dies."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def spawn(cmd: list[str], env: dict, logfile: Path) -> subprocess.Popen:
    out = open(logfile, "ab")
    p = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                         preexec_fn=_die_with_parent)
    out.close()
    _children.append(p)
    return p


def stop(p: subprocess.Popen | None, sig: int = signal.SIGTERM, timeout: float = 60) -> None:
    if p is None:
        return
    if p.poll() is None:
        try:
            p.send_signal(sig)
            p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        except ProcessLookupError:
            pass
    if p in _children:
        _children.remove(p)


def cleanup() -> None:
    for p in list(_children):
        stop(p, timeout=10)


def _on_signal(signum, _frame):
    raise SystemExit(128 + signum)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_status(pid: int) -> dict:
    """VmRSS and VmHWM of a process, in MB, and RSS split into anonymous memory (the
    process's own) and file pages (the memory-mapped index, which the kernel may drop)."""
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
                out[key] = int(value.split()[0]) / 1024
    except OSError:
        pass
    return out


# ----------------------------------------------------------------------- HTTP

class Client:
    """Sequential requests on one keep-alive connection."""

    def __init__(self, port: int, timeout: float = 600):
        self.port = port
        self.timeout = timeout
        self.conn = None

    def get(self, path: str, headers: dict | None = None, with_headers: bool = False):
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request("GET", path, headers=headers or {})
                resp = self.conn.getresponse()
                body = resp.read()
                if with_headers:
                    return resp.status, body, {k.lower(): v for k, v in resp.getheaders()}
                return resp.status, body
            except (ConnectionError, http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def json(self, path: str) -> dict:
        status, body = self.get(path)
        if status != 200:
            raise RuntimeError(f"GET {path}: HTTP {status}: {body[:300]!r}")
        return json.loads(body)

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def quote_query(query: str) -> str:
    """Percent-encodes the values of a k=v&k=v query string."""
    parts = []
    for pair in query.split("&"):
        k, _, v = pair.partition("=")
        parts.append(f"{k}={urllib.parse.quote(v, safe='')}")
    return "&".join(parts)


def api_path(query: str) -> str:
    q = quote_query(query)
    return f"/api/v1/policies?{q}&limit=10" if q else "/api/v1/policies?limit=10"


def encode_path(path: str) -> str:
    base, _, query = path.partition("?")
    return f"{base}?{quote_query(query)}" if query else base


def time_api(client: Client, query: str) -> dict:
    path = api_path(query)
    first = client.json(path)
    errors = 0
    deep_errors = 0

    # The first page, as a person sees it, with `Cache-Control: no-cache`: the portal
    # then searches the index every time instead of answering from the answers it keeps
    # from recent requests (it still keeps this one).
    def one():
        nonlocal errors
        status, _ = client.get(path, headers=FRESH)
        if status != 200:
            errors += 1

    # Page 50 (offset 490): each part of the index keeps 500 candidates instead of 11.
    def deep():
        nonlocal deep_errors
        status, _ = client.get(f"{path}&offset=490", headers=FRESH)
        if status != 200:
            deep_errors += 1

    samples = fts5.timed(one, REPS, BUDGET, MIN_REPS)
    deep_samples = fts5.timed(deep, DEEP_REPS, BUDGET / 3, min(MIN_REPS, DEEP_REPS))
    return {"total": first.get("total"), "page": len(first.get("hits", [])), "errors": errors + deep_errors,
            **fts5.summary(samples), "deep": fts5.summary(deep_samples)}


def side_by_side(port: int, fts_db: Path, terms: list[str]) -> dict:
    """Each term timed on Qingdan and FTS5 in alternating blocks: the two see the
    same phases of a machine whose speed drifts (shared hosts: FTS5 alone took 229 ms
    and then 364 ms for 技术改造 within the hour), so their ratio holds where two
    runs minutes apart would compare one phase with another."""
    client = Client(port)
    con = sqlite3.connect(str(fts_db))
    out = {}
    for term in terms:
        path = api_path(f"q={term}")
        query = fts5.matcher(con, term)
        ours: list[float] = []
        theirs: list[float] = []
        errors = 0
        for _ in range(SIDE_ROUNDS):
            # One untimed request on each side first: each block is timed warm, as the
            # tables above are, not just after the other side has filled the caches.
            client.get(path, headers=FRESH)
            for _ in range(SIDE_QINGDAN):
                t0 = time.perf_counter()
                status, _ = client.get(path, headers=FRESH)
                ours.append(time.perf_counter() - t0)
                errors += status != 200
            query()
            for _ in range(SIDE_FTS5):
                t0 = time.perf_counter()
                query()
                theirs.append(time.perf_counter() - t0)
        out[term] = {"qingdan": fts5.summary(ours), "fts5": fts5.summary(theirs), "errors": errors}
        q, f = out[term]["qingdan"], out[term]["fts5"]
        log(f"  {term}: Qingdan p50 {q['p50_ms']:.2f} ms (n={q['n']}), FTS5 p50 {f['p50_ms']:.2f} ms (n={f['n']}), "
            f"{f['p50_ms'] / q['p50_ms']:.1f}×")
    con.close()
    client.close()
    return out


def wait_healthy(p: subprocess.Popen, port: int, started: float, logfile: Path) -> float:
    while True:
        if p.poll() is not None:
            raise RuntimeError(f"qingdan serve exited with {p.returncode}; see {logfile}:\n" + tail(logfile))
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return time.perf_counter() - started
            conn.close()
        except OSError:
            pass
        if time.perf_counter() - started > START_TIMEOUT:
            raise RuntimeError(f"qingdan serve did not answer /healthz within {START_TIMEOUT:.0f} s")
        time.sleep(0.02)


def tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# ------------------------------------------------------------------------ wrk

def parse_bench_line(text: str) -> dict:
    for line in text.splitlines():
        if line.startswith("BENCH "):
            return {k: int(v) for k, v in (kv.split("=") for kv in line.split()[1:])}
    return {}


def wrk(url: str, script: Path, connections: int, duration: int, headers: tuple[str, ...] = ()) -> dict:
    threads = max(1, min(WRK_THREADS, connections))
    cmd = [WRK, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", str(script)]
    for h in headers:
        cmd += ["-H", h]
    cmd.append(url)
    r = subprocess.run(cmd, capture_output=True, text=True)
    data = parse_bench_line(r.stdout)
    if not data:
        raise RuntimeError(f"wrk failed ({r.returncode}): {r.stdout}\n{r.stderr}")
    m = re.search(r"Requests/sec:\s*([\d.]+)", r.stdout)
    seconds = data.get("duration_us", 0) / 1e6
    data["rps"] = float(m.group(1)) if m else (data.get("requests", 0) / seconds if seconds else 0)
    return data


def wrk_get(port: int, path: str, headers: tuple[str, ...] = ()) -> dict:
    return wrk(f"http://127.0.0.1:{port}{encode_path(path)}", BENCH / "report.lua", WRK_CONNECTIONS, WRK_DURATION, headers)


# -------------------------------------------------------------------- helpers

def count_complaints(db: Path) -> int:
    con = sqlite3.connect(db, timeout=30)
    try:
        return con.execute("SELECT count(*) FROM complaints").fetchone()[0]
    finally:
        con.close()


def machine() -> dict:
    info = {"cores": os.cpu_count() or 0, "cpu": "", "mem_gib": 0.0, "load": os.getloadavg()[0]}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["mem_gib"] = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip()
        # The results file a previous run left is not a change to what is measured.
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no", "--",
                                ".", f":(exclude){RESULTS.resolve()}"],
                               capture_output=True, text=True).stdout.strip()
        info["commit"] = commit + (" + uncommitted changes" if dirty else "")
    except OSError:
        info["commit"] = "?"
    if WRK:
        r = subprocess.run([WRK, "-v"], capture_output=True, text=True)
        info["wrk"] = (r.stdout + r.stderr).split("[")[0].strip()
    return info


def server_env(data_dir: Path, port: int | None = None) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("QINGDAN_") or k in ("QINGDAN_LOG",)}
    env["QINGDAN_DATA_DIR"] = str(data_dir)
    env["QINGDAN_SAMPLE_DATA"] = "0"
    # The tip benchmark posts from one address as fast as it can: lift the flood limits.
    env["QINGDAN_TIPS_PER_CLIENT"] = "100000000"
    env["QINGDAN_TIPS_PER_MINUTE"] = "100000000"
    if port is not None:
        env["QINGDAN_ADDR"] = f"127.0.0.1:{port}"
    return env


def start_server(data_dir: Path, logfile: Path) -> tuple[subprocess.Popen, int, float]:
    port = free_port()
    started = time.perf_counter()
    p = spawn([QINGDAN, "serve"], server_env(data_dir, port), logfile)
    seconds = wait_healthy(p, port, started, logfile)
    return p, port, seconds


def gen_corpus(n: int, out: Path, *extra: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, str(BENCH / "gen_corpus.py"), str(n), str(out), *extra], check=True)
    return time.perf_counter() - t0


def run_import(data_dir: Path, corpus: Path, logfile: Path) -> float:
    t0 = time.perf_counter()
    with open(logfile, "ab") as out:
        r = subprocess.run([QINGDAN, "import", "policies", str(corpus)], env=server_env(data_dir),
                           stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    seconds = time.perf_counter() - t0
    if r.returncode != 0:
        raise RuntimeError(f"qingdan import policies {corpus} failed ({r.returncode}); see {logfile}:\n" + tail(logfile))
    return seconds


# ---------------------------------------------------------------- one corpus

def bench_n(n: int) -> dict:
    res: dict = {"n": n, "documents": -(-n // 10), "notes": []}
    work = WORK / f"n{n}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    data_dir = work / "data"
    corpus = work / "corpus.csv"

    log(f"N={n}: generating the corpus")
    res["gen_s"] = gen_corpus(n, corpus)
    res["corpus_mb"] = corpus.stat().st_size / 1e6

    log(f"N={n}: qingdan import policies")
    s = run_import(data_dir, corpus, work / "import.log")
    res["import"] = {"seconds": s, "rows_per_s": n / s}
    log(f"  import: {s:.1f} s, {n / s:.0f} rows/s")

    log(f"N={n}: first start (index build)")
    server, port, s = start_server(data_dir, work / "serve-1.log")
    res["first_start_s"] = s
    log(f"  first start: {s:.2f} s")
    stop(server)
    log(f"N={n}: warm start")
    server, port, s = start_server(data_dir, work / "serve-2.log")
    res["warm_start_s"] = s
    res["rss_start"] = proc_status(server.pid)
    log(f"  warm start: {s:.2f} s, RSS {res['rss_start'].get('VmRSS', 0):.0f} MB")

    client = Client(port)
    listed = client.json(api_path(""))
    if listed.get("total") != n:
        res["notes"].append(f"listing reports {listed.get('total')} items, expected {n}")

    log(f"N={n}: query set through the JSON API ({REPS} repetitions, {BUDGET:.0f} s budget each)")
    res["qingdan"] = {}
    for term in QUERIES:
        r = time_api(client, f"q={term}")
        res["qingdan"][term] = r
        log(f"  {term}: {r['total']} hits, p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms (n={r['n']})")
    res["list_all"] = time_api(client, "")
    log(f"  list all: p50 {res['list_all']['p50_ms']:.2f} ms, p99 {res['list_all']['p99_ms']:.2f} ms")
    res["profile"] = time_api(client, PROFILE_QUERY)
    log(f"  {PROFILE_QUERY}: {res['profile']['total']} hits, p50 {res['profile']['p50_ms']:.2f} ms, "
        f"p99 {res['profile']['p99_ms']:.2f} ms")
    client.close()
    res["rss_queries"] = proc_status(server.pid)
    log(f"  RSS {res['rss_queries'].get('VmRSS', 0):.0f} MB, peak {res['rss_queries'].get('VmHWM', 0):.0f} MB")

    log(f"N={n}: SQLite {fts5.sqlite3.sqlite_version} FTS5 trigram")
    fts_db = work / "fts5.db"
    res["fts5_build"] = fts5.build(str(corpus), str(fts_db))
    log(f"  build: {res['fts5_build']['seconds']:.2f} s")
    res["fts5"] = fts5.run_queries(str(fts_db), REPS, BUDGET, MIN_REPS, log=log)
    log(f"N={n}: 3+ character terms side by side ({SIDE_ROUNDS} rounds of {SIDE_QINGDAN} Qingdan requests "
        f"and {SIDE_FTS5} FTS5 queries)")
    res["side"] = side_by_side(port, fts_db, QUERIES_LONG)
    side_errors = sum(s["errors"] for s in res["side"].values())
    if side_errors:
        res["notes"].append(f"{side_errors} Qingdan requests of the side-by-side timing failed")
    if not KEEP:
        fts_db.unlink(missing_ok=True)

    res["pages"] = bench_pages(port, work)
    res["assets"] = bench_assets(port, work)
    res["rss_pages"] = proc_status(server.pid)
    res["live_import"] = bench_live_import(n, port, data_dir, work)
    res["rss_end"] = proc_status(server.pid)
    res["tips"] = bench_tips(server, port, data_dir, work)
    stop(server)
    if not KEEP:
        corpus.unlink(missing_ok=True)
        shutil.rmtree(data_dir, ignore_errors=True)  # logs stay in the work dir
    (work / "results.json").write_text(json.dumps(res, ensure_ascii=False, indent=1))
    return res


def bench_pages(port: int, work: Path) -> dict:
    out = {}
    if not WRK:
        log("wrk not found: skipping the page benchmarks")
        return out
    client = Client(port)
    for name, path, suffix in (("page", PAGE_PATH, "html"), ("api", API_PATH, "json")):
        status, body = client.get(encode_path(path))
        if status != 200:
            raise RuntimeError(f"GET {path}: HTTP {status}")
        saved = work / f"{name}.{suffix}"
        saved.write_bytes(body)
        log(f"wrk {path} on Qingdan ({len(body)} bytes)")
        q = wrk_get(port, path)
        entry = {"path": path, "bytes": len(body), "qingdan": q}
        if BARE and os.path.exists(BARE):
            bare_port = free_port()
            bare_log = work / "bare.log"
            bare = spawn([BARE, str(saved), f"127.0.0.1:{bare_port}"], dict(os.environ), bare_log)
            try:
                wait_port(bare, bare_port, bare_log)
                log(f"wrk {path} on bare_axum")
                entry["bare"] = wrk_get(bare_port, path)
            finally:
                stop(bare)
            entry["ratio"] = q["rps"] / entry["bare"]["rps"] if entry["bare"]["rps"] else float("nan")
            log(f"  Qingdan {q['rps']:.0f} req/s, bare {entry['bare']['rps']:.0f} req/s, ratio {100 * entry['ratio']:.1f} %")
        else:
            log(f"  Qingdan {q['rps']:.0f} req/s (no bare_axum binary at {BARE!r})")
        out[name] = entry
        if name == "page":
            # The portal keeps an anonymous search page as rendered for a second
            # (QINGDAN_PAGE_CACHE_MS); a request with a cookie is rendered for itself,
            # which measures rendering.
            log(f"wrk {path} on Qingdan with a Cookie (rendered for each request)")
            r = wrk_get(port, path, ("Cookie: bench=1",))
            rendered = {"path": path, "bytes": len(body), "qingdan": r, "rendered": True}
            if "bare" in entry:
                rendered["bare"] = entry["bare"]
                rendered["ratio"] = r["rps"] / entry["bare"]["rps"] if entry["bare"]["rps"] else float("nan")
            log(f"  rendered each time: {r['rps']:.0f} req/s")
            out["page_rendered"] = rendered
    client.close()
    return out


def bench_assets(port: int, work: Path) -> list[dict]:
    """The files under /pkg/ the search page links to: size, gzip -9 size, what is
    sent to a browser accepting br and gzip, and the caching headers."""
    page = work / "page.html"
    if not page.exists():
        return []
    links = sorted(set(re.findall(r"""(/pkg/[^"'\s>?#]+)""", page.read_text(errors="replace"))))
    client = Client(port)
    out = []
    for link in links:
        status, body, headers = client.get(link, {"Accept-Encoding": "identity"}, with_headers=True)
        entry = {"path": link, "status": status, "bytes": len(body)}
        if status == 200:
            _, wire, wire_headers = client.get(link, {"Accept-Encoding": "br, gzip"}, with_headers=True)
            entry.update({
                "gzip9_bytes": len(gzip.compress(body, 9)),
                "wire_bytes": len(wire),
                "encoding": wire_headers.get("content-encoding", "none"),
                "cache_control": wire_headers.get("cache-control", "none"),
            })
        out.append(entry)
    client.close()
    if out:
        log("assets: " + ", ".join(f"{a['path']} {a['bytes']:,} B" for a in out))
    return out


def wait_port(p: subprocess.Popen, port: int, logfile: Path, timeout: float = 30) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if p.poll() is not None:
            raise RuntimeError(f"{p.args[0]} exited with {p.returncode}:\n" + tail(logfile))
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"{p.args[0]} did not listen on {port}")


def bench_live_import(n: int, port: int, data_dir: Path, work: Path) -> dict:
    rows = int(LIVE_IMPORT) if LIVE_IMPORT else min(n, 100_000)
    if rows <= 0:
        return {}
    corpus = work / "live.csv"
    gen_corpus(rows, corpus, "--seed", "2", "--doc-start", str(-(-n // 10)))
    log(f"N={n}: importing {rows} more rows into the running portal while searching")
    samples: list[float] = []
    errors = 0
    stop_flag = threading.Event()

    def searcher():
        nonlocal errors
        c = Client(port)
        paths = [api_path(f"q={t}") for t in QUERIES]
        i = 0
        while not stop_flag.is_set():
            t0 = time.perf_counter()
            try:
                status, _ = c.get(f"{paths[i % len(paths)]}&offset={10 * ((i // len(paths)) % 50)}")
                if status != 200:
                    errors += 1
            except OSError:
                errors += 1
            samples.append(time.perf_counter() - t0)
            i += 1
        c.close()

    t = threading.Thread(target=searcher, daemon=True)
    t.start()
    out: dict = {"rows": rows}
    try:
        s = run_import(data_dir, corpus, work / "live-import.log")
        out["import_s"] = s
        out["rows_per_s"] = rows / s
        # Until the running portal shows the new rows.
        t0 = time.perf_counter()
        c = Client(port)
        expected = n + rows
        while True:
            total = c.json(api_path("")).get("total")
            if total == expected:
                out["visible_after_s"] = time.perf_counter() - t0
                break
            if time.perf_counter() - t0 > START_TIMEOUT:
                out["visible_after_s"] = None
                out["note"] = f"listing still shows {total} items, expected {expected}"
                break
            time.sleep(0.05)
        c.close()
    finally:
        stop_flag.set()
        t.join(timeout=START_TIMEOUT)
    out["searches"] = {"errors": errors, **fts5.summary(samples)}
    log(f"  import {out.get('import_s', 0):.1f} s; searches meanwhile p50 {out['searches']['p50_ms']:.1f} ms, "
        f"p99 {out['searches']['p99_ms']:.1f} ms, max {out['searches']['max_ms']:.1f} ms (n={out['searches']['n']}); "
        f"searchable {secs(out.get('visible_after_s'))} after")
    if not KEEP:
        corpus.unlink(missing_ok=True)
    return out


def bench_tips(server: subprocess.Popen, port: int, data_dir: Path, work: Path) -> dict:
    if not WRK:
        log("wrk not found: skipping the tip benchmarks")
        return {}
    db = data_dir / "qingdan.db"
    url = f"http://127.0.0.1:{port}/"
    script = BENCH / "tips.lua"
    out: dict = {}
    before = count_complaints(db)
    log(f"wrk tip intake: {TIP_CONNECTIONS} connections, {WRK_DURATION} s")
    r = wrk(url, script, TIP_CONNECTIONS, WRK_DURATION)
    after = count_complaints(db)
    seconds = r["duration_us"] / 1e6
    out["load"] = {**r, "tips_per_s": r["created"] / seconds if seconds else 0, "stored": after - before}
    log(f"  {out['load']['tips_per_s']:.0f} tips/s, p99 {r['p99_us'] / 1000:.1f} ms, non-201 {r['other']}, "
        f"stored {after - before} of {r['created']} acknowledged")

    # kill -9 in the middle of a load: every acknowledged tip must be in the database.
    log(f"kill -9 of the server {KILL_DURATION / 2:.0f} s into a {KILL_DURATION} s tip load")
    threads = max(1, min(WRK_THREADS, TIP_CONNECTIONS))
    cmd = [WRK, f"-t{threads}", f"-c{TIP_CONNECTIONS}", f"-d{KILL_DURATION}s", "--timeout", "5s", "-s", str(script), url]
    load = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    time.sleep(KILL_DURATION / 2)
    server.send_signal(signal.SIGKILL)
    server.wait()
    text, _ = load.communicate()
    k = parse_bench_line(text)
    stored = count_complaints(db) - after
    out["kill"] = {"acknowledged": k.get("created"), "stored": stored,
                   "lost": max(0, k.get("created", 0) - stored) if k else None}
    log(f"  acknowledged {k.get('created')}, stored {stored}, lost {out['kill']['lost']}")
    return out


# ------------------------------------------------------------------- report

def ms(x) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def secs(x) -> str:
    return "—" if x is None else (f"{x:.1f} s" if x >= 10 else f"{x:.2f} s")


def num(x) -> str:
    return "—" if x is None else f"{x:,.0f}"


def mb(d: dict, key: str) -> str:
    return f"{d[key]:,.0f} MB" if d and key in d else "—"


def ratio(a, b) -> str:
    if not a or not b:
        return "—"
    x = a / b
    return f"{x:,.1f}×" if x >= 10 else f"{x:.2f}×"


def report_n(r: dict) -> list[str]:
    n = r["n"]
    L = [f"## N = {n:,} items ({r['documents']:,} documents)", ""]
    for note in r["notes"]:
        L += [f"**Note:** {note}", ""]
    L += ["### Search: Qingdan and SQLite FTS5 trigram on the same corpus", "",
          "Qingdan: `GET /api/v1/policies?q=…&limit=10` (hits counted exactly, facets, the first page), "
          "sequential requests on one keep-alive connection with `Cache-Control: no-cache`, so that every one "
          "searches the index instead of taking the answer the portal keeps from a recent request; page 50 "
          "(`offset=490`) the same way. FTS5: ranked `MATCH` "
          "(`ORDER BY rank LIMIT 10`, with a snippet) plus `COUNT(*)`, in-process.", "",
          "| query | Qingdan hits | Qingdan p50 ms | Qingdan p99 ms | n | page 50 p50 / p99 ms | FTS5 MATCH rows "
          "| FTS5 p50 ms | FTS5 p99 ms | FTS5 p50 ÷ Qingdan p50 |",
          "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for term in QUERIES:
        q = r["qingdan"][term]
        f = r["fts5"][term]["match"]
        speed = ratio(f["p50_ms"], q["p50_ms"]) if f["rows"] else "FTS5 finds nothing"
        d = q["deep"]
        L.append(f"| {term} | {num(q['total'])} | {ms(q['p50_ms'])} | {ms(q['p99_ms'])} | {q['n']} "
                 f"| {ms(d['p50_ms'])} / {ms(d['p99_ms'])} | {num(f['rows'])} "
                 f"| {ms(f['p50_ms'])} | {ms(f['p99_ms'])} | {speed} |")
    short = [t for t in QUERIES if "like" in r["fts5"][t]]
    if short:
        L += ["", "2-character terms on FTS5 without the index: `title LIKE '%t%' OR body LIKE '%t%'` "
              "(a full scan, unranked; what an FTS5 trigram user falls back to):", "",
              "| query | Qingdan hits | Qingdan p50 ms | FTS5 LIKE rows | LIKE p50 ms | LIKE p99 ms | n "
              "| LIKE p50 ÷ Qingdan p50 |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for term in short:
            q = r["qingdan"][term]
            lk = r["fts5"][term]["like"]
            L.append(f"| {term} | {num(q['total'])} | {ms(q['p50_ms'])} | {num(lk['rows'])} | {ms(lk['p50_ms'])} "
                     f"| {ms(lk['p99_ms'])} | {lk['n']} | {ratio(lk['p50_ms'], q['p50_ms'])} |")

    side = r.get("side", {})
    if side:
        L += ["", f"3+ character terms side by side: {SIDE_ROUNDS} rounds, each {SIDE_QINGDAN} Qingdan requests "
              f"then {SIDE_FTS5} FTS5 queries, each block after one untimed request, so that both are timed warm and in "
              "the same minutes (this machine's speed drifts: the tables above time Qingdan and FTS5 minutes apart). "
              "Each side also slows the other here: FTS5 fills the caches Qingdan had warmed, and after each "
              "FTS5 block the portal's threads have idled for a tenth of a second, which a machine answers with "
              "slower wake-ups for the next few requests.", "",
              "| query | Qingdan p50 / p99 ms | n | FTS5 p50 / p99 ms | n | FTS5 p50 ÷ Qingdan p50 |",
              "| --- | ---: | ---: | ---: | ---: | ---: |"]
        for term in QUERIES_LONG:
            q, f = side[term]["qingdan"], side[term]["fts5"]
            L.append(f"| {term} | {ms(q['p50_ms'])} / {ms(q['p99_ms'])} | {q['n']} | {ms(f['p50_ms'])} / "
                     f"{ms(f['p99_ms'])} | {f['n']} | {ratio(f['p50_ms'], q['p50_ms'])} |")

    worst_p99 = max(r["qingdan"][t]["p99_ms"] for t in QUERIES)
    long_speedups = [r["fts5"][t]["match"]["p50_ms"] / r["qingdan"][t]["p50_ms"] for t in QUERIES_LONG
                     if r["qingdan"][t]["p50_ms"]]
    side_speedups = [side[t]["fts5"]["p50_ms"] / side[t]["qingdan"]["p50_ms"] for t in QUERIES_LONG
                     if t in side and side[t]["qingdan"]["p50_ms"]]
    found_short = all(r["qingdan"][t]["total"] for t in QUERIES if t not in QUERIES_LONG)
    imp, fb = r["import"], r["fts5_build"]
    la, pr = r["list_all"], r["profile"]
    L += ["", "### Build, start, memory", "",
          "| measure | Qingdan | goal (issue 8, at 1,000,000 items) |",
          "| --- | --- | --- |",
          f"| corpus generation (`bench/gen_corpus.py`) | {secs(r['gen_s'])}, {r['corpus_mb']:,.0f} MB CSV | — |",
          f"| import (`qingdan import policies`) | {secs(imp['seconds'])}, {num(imp['rows_per_s'])} rows/s | ≥ 20,000 rows/s |",
          f"| FTS5 trigram build (parse + insert + commit) | {secs(fb['seconds'])}, {num(fb['rows_per_s'])} rows/s | — |",
          f"| first start (index build), until `/healthz` answers | {secs(r['first_start_s'])}, "
          f"{num(n / r['first_start_s'])} items/s | ≥ 20,000 items/s |",
          f"| warm start | {secs(r['warm_start_s'])} | ≤ 1 s |",
          f"| query set: worst p99 | {ms(worst_p99)} ms | ≤ 10 ms |",
          f"| 3+ character terms: FTS5 p50 ÷ Qingdan p50 (least; each timed alone / side by side) | "
          f"{ratio(min(long_speedups), 1) if long_speedups else '—'} / "
          f"{ratio(min(side_speedups), 1) if side_speedups else '—'} | ≥ 30× |",
          f"| 2-character terms found | {'yes' if found_short else 'no'} | yes |",
          f"| list all, no query | p50 {ms(la['p50_ms'])} ms, p99 {ms(la['p99_ms'])} ms | ≤ 20 ms |",
          f"| `{PROFILE_QUERY}` ({num(pr['total'])} hits) | p50 {ms(pr['p50_ms'])} ms, p99 {ms(pr['p99_ms'])} ms | p99 ≤ 10 ms |",
          f"| server RSS after warm start | {mb(r['rss_start'], 'VmRSS')} | — |",
          f"| server RSS after the queries / peak (VmHWM) | {mb(r['rss_queries'], 'VmRSS')} / "
          f"{mb(r['rss_queries'], 'VmHWM')} | ≤ 300 MB |",
          f"| of which anonymous / mapped index files (RssAnon / RssFile) | {mb(r['rss_queries'], 'RssAnon')} / "
          f"{mb(r['rss_queries'], 'RssFile')} | — |",
          f"| server RSS after the page load (wrk, below) / peak | {mb(r.get('rss_pages'), 'VmRSS')} / "
          f"{mb(r.get('rss_pages'), 'VmHWM')} ({mb(r.get('rss_pages'), 'RssAnon')} anonymous, "
          f"{mb(r.get('rss_pages'), 'RssFile')} mapped) | — |",
          f"| server RSS at the end (after pages and live import) / peak | {mb(r['rss_end'], 'VmRSS')} / "
          f"{mb(r['rss_end'], 'VmHWM')} ({mb(r['rss_end'], 'RssAnon')} anonymous, "
          f"{mb(r['rss_end'], 'RssFile')} mapped) | ≤ 300 MB |"]
    li = r.get("live_import") or {}
    if li:
        s = li["searches"]
        vis = li.get("visible_after_s")
        L.append(f"| import of {li['rows']:,} more rows into the running portal | {secs(li.get('import_s'))}, "
                 f"{num(li.get('rows_per_s'))} rows/s; searches meanwhile p50 {ms(s['p50_ms'])} ms, "
                 f"p99 {ms(s['p99_ms'])} ms, max {ms(s['max_ms'])} ms (n={s['n']}, errors {s['errors']}); "
                 f"searchable {secs(vis) if vis is not None else 'never'} after the import ended | searches not stalled |")

    pages = r.get("pages") or {}
    if pages:
        L += ["", f"### Pages under load (wrk, {WRK_THREADS} threads, {WRK_CONNECTIONS} connections, {WRK_DURATION} s)", "",
              "bare_axum (`server/examples/bare_axum.rs`) serves the identical bytes, saved from the portal in this run.", "",
              "| endpoint | bytes | Qingdan req/s | Qingdan p99 ms | bare axum req/s | bare p99 ms | Qingdan ÷ bare | goal |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
        goals = {"page": "≥ 10 %", "api": "≥ 30 %", "page_rendered": "(rendering alone)"}
        for name, e in pages.items():
            q, b = e["qingdan"], e.get("bare")
            errs = q["errors"] + q["status_errors"]
            note = f" ({errs} errors)" if errs else ""
            share = f"{100 * e['ratio']:.1f} %" if b else "—"
            shown = f"`{e['path']}` rendered for each request (sent with a Cookie, so the kept page is not used)" if e.get("rendered") else f"`{e['path']}`"
            L.append(f"| {shown} | {e['bytes']:,} | {num(q['rps'])}{note} | {ms(q['p99_us'] / 1000)} "
                     f"| {num(b['rps']) if b else '—'} | {ms(b['p99_us'] / 1000) if b else '—'} "
                     f"| {share} | {goals[name]} |")

    assets = r.get("assets") or []
    if assets:
        L += ["", "### Assets linked from the search page", "",
              "| file | status | bytes | gzip -9 bytes | sent for `Accept-Encoding: br, gzip` | Cache-Control |",
              "| --- | ---: | ---: | ---: | --- | --- |"]
        for a in assets:
            if a["status"] != 200:
                L.append(f"| `{a['path']}` | {a['status']} | — | — | — | — |")
                continue
            L.append(f"| `{a['path']}` | 200 | {a['bytes']:,} | {a['gzip9_bytes']:,} "
                     f"| {a['wire_bytes']:,} bytes, encoding {a['encoding']} | {a['cache_control']} |")
        ok = [a for a in assets if a["status"] == 200 and not a["path"].endswith(".css")]
        if ok:
            L.append(f"| bundle (js + wasm) | | {sum(a['bytes'] for a in ok):,} | {sum(a['gzip9_bytes'] for a in ok):,} "
                     f"| {sum(a['wire_bytes'] for a in ok):,} bytes | goal: compressed, hashed names with "
                     f"`immutable`, ≤ 400 KB gzipped |")

    tips = r.get("tips") or {}
    if tips:
        t, k = tips["load"], tips["kill"]
        L += ["", f"### Tip intake (`POST /api/v1/complaints`, named tips, wrk, {TIP_CONNECTIONS} connections, "
              f"{WRK_DURATION} s)", "",
              "| measure | Qingdan | goal |", "| --- | --- | --- |",
              f"| accepted tips/s (201 answers) | {num(t['tips_per_s'])} | ≥ 1,000 |",
              f"| latency p50 / p99 / max | {ms(t['p50_us'] / 1000)} / {ms(t['p99_us'] / 1000)} / "
              f"{ms(t['max_us'] / 1000)} ms | p99 ≤ 50 ms |",
              f"| non-201 answers | {num(t['other'])} | 0 |",
              f"| acknowledged / stored in the database (stored may exceed: wrk drops answers in flight at the end) "
              f"| {num(t['created'])} / {num(t['stored'])} | stored ≥ acknowledged |",
              f"| kill -9 mid-load ({KILL_DURATION} s load, kill at {KILL_DURATION / 2:.0f} s): acknowledged / stored / lost "
              f"| {num(k['acknowledged'])} / {num(k['stored'])} / {num(k['lost'])} | 0 lost |"]
    return L + [""]


def report(results: list[dict], info: dict, sizes: list[int]) -> str:
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    L = ["# Qingdan benchmark results", "",
         f"Written by `bench/run.sh {' '.join(map(str, sizes))}` on {now}. "
         f"Machine: {info['cores']} cores ({info['cpu'] or 'unknown CPU'}), {info['mem_gib']:.1f} GiB RAM, "
         f"load average {info['load']:.2f} at start. Build profile: **{PROFILE}**. Commit {info.get('commit', '?')}. "
         f"SQLite {fts5.sqlite3.sqlite_version} (Python {sys.version.split()[0]}). "
         f"{info.get('wrk', 'wrk: not installed')}. "
         f"Up to {REPS} sequential requests per query (stopping after {BUDGET:.0f} s once {MIN_REPS} are taken).", "",
         "Goals are those of issue 8; they are stated for 1,000,000 items. Benchmarks print numbers, they assert nothing.", ""]
    if PROFILE != "release":
        L += [f"**{PROFILE} build: a smoke run of the bench itself; these numbers say nothing about Qingdan's speed.**", ""]
    if len(results) > 1:
        L += ["## Summary", "",
              "| N | import rows/s | first start | warm start | worst query p99 ms | list all p50 ms "
              "| RSS / peak | page ÷ bare | API ÷ bare | tips/s (p99 ms) |",
              "| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |"]
        for r in results:
            worst = max(r["qingdan"][t]["p99_ms"] for t in QUERIES)
            pages = r.get("pages") or {}
            pr = lambda k: f"{100 * pages[k]['ratio']:.1f} %" if k in pages and "ratio" in pages[k] else "—"  # noqa: E731
            tips = (r.get("tips") or {}).get("load")
            t = f"{num(tips['tips_per_s'])} ({ms(tips['p99_us'] / 1000)})" if tips else "—"
            L.append(f"| {r['n']:,} | {num(r['import']['rows_per_s'])} | {secs(r['first_start_s'])} "
                     f"| {secs(r['warm_start_s'])} | {ms(worst)} | {ms(r['list_all']['p50_ms'])} "
                     f"| {mb(r['rss_end'], 'VmRSS')} / {mb(r['rss_end'], 'VmHWM')} | {pr('page')} | {pr('api')} | {t} |")
        L.append("")
    for r in results:
        L += report_n(r)
    return "\n".join(L)


def main() -> int:
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGHUP, _on_signal)
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, _on_signal)
    sizes = [int(a.replace("_", "").replace(",", "")) for a in sys.argv[1:]] or [10_000, 100_000]
    if not QINGDAN or not os.access(QINGDAN, os.X_OK):
        print(f"QINGDAN_BIN is not an executable: {QINGDAN!r} (run bench/run.sh)", file=sys.stderr)
        return 2
    if tuple(map(int, fts5.sqlite3.sqlite_version.split("."))) < (3, 34, 0):
        print(f"SQLite {fts5.sqlite3.sqlite_version} has no trigram tokenizer (needs >= 3.34)", file=sys.stderr)
        return 2
    WORK.mkdir(parents=True, exist_ok=True)
    info = machine()
    results = []
    try:
        for n in sizes:
            results.append(bench_n(n))
            text = report(results, info, sizes)
            RESULTS.write_text(text + "\n", encoding="utf-8")
    finally:
        cleanup()
    print(text)
    log(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
