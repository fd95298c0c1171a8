"""Load test: the real app on 127.0.0.1, many concurrent clients, every reply checked.

    .venv/bin/python benchmarks/load_test.py [--n 2000] [--clients 20] [--time-limit 600] [--json out.json]
        [--api gradio|openai] [--workers N] [--compare N]

It starts `city-ai serve [--workers N]` on a free loopback port in a subprocess (or uses `--url`, which must be
a loopback address), then C client threads send questions drawn from tests/questions.jsonl, over Gradio's plain
HTTP API (`--api gradio`: POST /gradio_api/call/ask, then read the event stream) or the OpenAI-compatible API
(`--api openai`: POST /v1/chat/completions, history in the messages). `--compare N` runs the same load twice,
on 1 worker and on N, and prints both and the ratio. Every reply is checked with the evaluation's own
checker (`assistant.evaluation.check`); follow-ups are sent with their history_json, built from the app's
own earlier answers. Each client also keeps asking about "its" city and then "它的知识创造力排第几？" with only
its own history: the follow-up must be about that city, whatever the other 19 clients are asking.

The run is bounded: it stops after --n requests or --time-limit seconds, whichever comes first, and only
ever talks to 127.0.0.0/8, localhost or ::1. Exit status 0 only with no errors, no wrong answers and every
isolation probe about the right city.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import random
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.evaluation import answer_part, check, load_questions, percentile  # noqa: E402
from index_core.vocabulary import names  # noqa: E402

PROBE_FOLLOW_UP = "它的知识创造力排第几？"
PROBE_EVERY = 8  # every 8th task of a client is an isolation probe
STARTUP_TIMEOUT = 240.0
REQUEST_TIMEOUT = 120.0
CITIES = names().sample


# ---- the server -----------------------------------------------------------------------------------------
def require_loopback(url: str) -> None:
    """Refuse any target that is not this machine: a load test never leaves loopback."""
    host = urllib.parse.urlparse(url).hostname or ""
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise SystemExit(f"load_test: refusing to load {url!r}: only 127.0.0.0/8, localhost or ::1")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen | None, timeout: float = STARTUP_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the app exited with code {proc.returncode} before answering")
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the app did not come up at {url} within {timeout:.0f} s")


@dataclass
class Server:
    """`city-ai serve` in a subprocess on a free loopback port; stopped by its own pid."""

    url: str
    proc: subprocess.Popen
    log_path: Path
    started_s: float = 0.0

    @classmethod
    def start(cls, workers: int = 1) -> Server:
        port = free_port()
        log_path = Path(tempfile.mkstemp(prefix="city-ai-load-", suffix=".log")[1])
        env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
        cmd = [sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
        cmd += ["--workers", str(workers)]
        start = time.perf_counter()
        with log_path.open("w") as log:
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        server = cls(f"http://127.0.0.1:{port}/", proc, log_path)
        try:
            wait_until_up(server.url, proc)
        except Exception:
            server.stop()
            raise
        server.started_s = time.perf_counter() - start
        return server

    def pids(self) -> list[int]:
        """The server and every process under it (workers, the shared Chroma server), Linux only."""
        found, todo = [], [self.proc.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            try:
                for task in Path(f"/proc/{pid}/task").iterdir():
                    todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
        return found

    def peak_rss_mb(self) -> float | None:
        """The peak RSS (VmHWM) of the server's processes added up, Linux only."""
        total = 0.0
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1]) / 1024
            except OSError:
                continue
        return total or None

    def cpu_seconds(self) -> float | None:
        """User + system CPU the server's processes have used so far, Linux only."""
        total = 0.0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# ---- one client -------------------------------------------------------------------------------------------
class AskError(RuntimeError):
    """The endpoint failed to produce a reply (HTTP error, event-stream error, malformed payload)."""


def ask(http: httpx.Client, base: str, question: str, history: list[dict[str, str]]) -> dict[str, Any]:
    """One /ask call over Gradio's HTTP API: POST returns an event id, GET streams the result."""
    payload = {"data": [question, json.dumps(history, ensure_ascii=False)]}
    response = http.post(f"{base}gradio_api/call/ask", json=payload)
    if response.status_code != 200:
        raise AskError(f"POST {response.status_code}: {response.text[:200]}")
    event_id = response.json()["event_id"]
    event = None
    with http.stream("GET", f"{base}gradio_api/call/ask/{event_id}") as stream:
        if stream.status_code != 200:
            raise AskError(f"GET {stream.status_code}")
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                data = line.split(":", 1)[1].strip()
                if event == "error":
                    raise AskError(f"event error: {data[:200]}")
                result = json.loads(data)
                if not (isinstance(result, list) and result and isinstance(result[0], dict)):
                    raise AskError(f"unexpected payload: {data[:200]}")
                return result[0]
    raise AskError("the event stream ended without a result")


def ask_openai(http: httpx.Client, base: str, question: str, history: list[dict[str, str]]) -> dict[str, Any]:
    """One POST /v1/chat/completions: the history is the earlier messages; the reply's evidence is `city_ai`."""
    payload = {"model": "city-ai", "messages": [*history, {"role": "user", "content": question}]}
    response = http.post(f"{base}v1/chat/completions", json=payload)
    if response.status_code != 200:
        raise AskError(f"POST {response.status_code}: {response.text[:200]}")
    body = response.json()
    extra = body.get("city_ai") or {}
    return {
        "text": body["choices"][0]["message"]["content"],
        "intent": extra.get("intent"),
        "cities": extra.get("cities"),
        "language": extra.get("language"),
    }


API = {"gradio": ask, "openai": ask_openai}


@dataclass
class Tally:
    """Shared counters; `take` hands out request slots so the total never exceeds the budget."""

    budget: int
    deadline: float
    used: int = 0
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    checked: int = 0
    probes: int = 0
    probe_failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, n: int) -> bool:
        with self.lock:
            if self.used + n > self.budget or time.monotonic() > self.deadline:
                return False
            self.used += n
            return True


def _as_reply(result: dict[str, Any]) -> SimpleNamespace:
    return SimpleNamespace(
        text=result.get("text") or "",
        intent=result.get("intent"),
        cities=result.get("cities") or [],
        language=result.get("language"),
    )


class Client(threading.Thread):
    """One simulated user: its own HTTP connection, its own conversation, its own city."""

    def __init__(
        self, number: int, base: str, tasks: list[dict], tally: Tally, seed: int, api: str = "gradio"
    ) -> None:
        super().__init__(name=f"client-{number}", daemon=True)
        self.number, self.base, self.tasks, self.tally = number, base, tasks, tally
        self.ask = API[api]
        self.random = random.Random(seed * 1000 + number)
        self.city = CITIES[number % len(CITIES)]

    def timed_ask(self, http: httpx.Client, question: str, history: list[dict[str, str]]) -> dict | None:
        start = time.perf_counter()
        try:
            result = self.ask(http, self.base, question, history)
        except (AskError, httpx.HTTPError, ValueError, KeyError) as exc:
            with self.tally.lock:
                self.tally.errors.append(f"{self.name} {question[:40]!r}: {type(exc).__name__}: {exc}")
            return None
        ms = (time.perf_counter() - start) * 1000
        with self.tally.lock:
            self.tally.latencies.append(ms)
            if result.get("intent") == "error":
                self.tally.errors.append(f"{self.name} {question[:40]!r}: internal-error reply")
        return result

    def run_question(self, http: httpx.Client, item: dict) -> None:
        """Replay the item's history (the app's own answers become the assistant turns), then check."""
        history: list[dict[str, str]] = []
        for prior in item.get("history", []):
            result = self.timed_ask(http, prior, history)
            if result is None:
                return
            history += [{"role": "user", "content": prior}, {"role": "assistant", "content": result["text"]}]
        result = self.timed_ask(http, item["question"], history)
        if result is None:
            return
        reasons = check(item, _as_reply(result))
        with self.tally.lock:
            self.tally.checked += 1
            if reasons:
                self.tally.wrong.append(f"{item['id']} {item['question'][:40]!r}: {'; '.join(reasons)}")

    def run_probe(self, http: httpx.Client) -> None:
        """This client's city, then a follow-up that names no city: it must stay this client's city."""
        first_q = f"{self.city}排第几？"
        first = self.timed_ask(http, first_q, [])
        if first is None:
            return
        history = [{"role": "user", "content": first_q}, {"role": "assistant", "content": first["text"]}]
        time.sleep(self.random.uniform(0, 0.05))  # let other clients' requests interleave
        follow = self.timed_ask(http, PROBE_FOLLOW_UP, history)
        if follow is None:
            return
        ok = follow.get("cities") == [self.city] and self.city in answer_part(follow.get("text") or "")
        with self.tally.lock:
            self.tally.probes += 1
            if not ok:
                self.tally.probe_failures.append(f"{self.name} ({self.city}): got {follow.get('cities')}")

    def run(self) -> None:
        with httpx.Client(timeout=REQUEST_TIMEOUT) as http:
            for count in range(10**9):
                if count % PROBE_EVERY == PROBE_EVERY - 1:
                    if not self.tally.take(2):
                        return
                    self.run_probe(http)
                    continue
                item = self.random.choice(self.tasks)
                if not self.tally.take(1 + len(item.get("history", []))):
                    return
                self.run_question(http, item)


# ---- the run --------------------------------------------------------------------------------------------
def run(
    url: str, n: int, clients: int, time_limit: float, seed: int = 0, api: str = "gradio"
) -> dict[str, Any]:
    """Drive `url` with `clients` threads until n requests or time_limit seconds; returns the tallies."""
    tasks = load_questions()
    tally = Tally(budget=n, deadline=time.monotonic() + time_limit)
    threads = [Client(i, url, tasks, tally, seed, api) for i in range(clients)]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=time_limit + REQUEST_TIMEOUT + 30)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    values = sorted(tally.latencies)
    return {
        "api": api,
        "clients": clients,
        "budget": n,
        "time_limit_s": time_limit,
        "requests": len(values) + len(tally.errors),
        "answered": len(values),
        "elapsed_s": elapsed,
        "throughput_qps": len(values) / elapsed if elapsed else 0.0,
        "p50_ms": percentile(values, 50),
        "p95_ms": percentile(values, 95),
        "p99_ms": percentile(values, 99),
        "max_ms": values[-1] if values else 0.0,
        "checked": tally.checked,
        "errors": tally.errors,
        "wrong": tally.wrong,
        "probes": tally.probes,
        "probe_failures": tally.probe_failures,
        "timed_out": time.monotonic() > tally.deadline,
        "client_cpu_s": client_cpu,
    }


def markdown(result: dict[str, Any]) -> str:
    rows = [
        ("workers / API", f"{result.get('workers', 1)} / {result.get('api', 'gradio')}"),
        ("clients", f"{result['clients']}"),
        ("requests (budget)", f"{result['requests']} ({result['budget']})"),
        ("elapsed", f"{result['elapsed_s']:.1f} s" + (" (time limit hit)" if result["timed_out"] else "")),
        ("throughput", f"{result['throughput_qps']:.1f} q/s"),
        (
            "latency p50 / p95 / p99 / max",
            f"{result['p50_ms']:.0f} / {result['p95_ms']:.0f} / "
            f"{result['p99_ms']:.0f} / {result['max_ms']:.0f} ms",
        ),
        ("errors", f"{len(result['errors'])}"),
        ("wrong answers (of checked)", f"{len(result['wrong'])} of {result['checked']}"),
        ("isolation probes about the wrong city", f"{len(result['probe_failures'])} of {result['probes']}"),
    ]
    if result.get("server_cpu_s") is not None:
        busy = result["server_cpu_s"] / result["elapsed_s"]
        rows.append(
            (
                "CPU during the run: server / load generator",
                f"{busy:.2f} / {result['client_cpu_s'] / result['elapsed_s']:.2f} cores",
            )
        )
    if result.get("server_peak_rss_mb"):
        rows.append(("server peak RSS", f"{result['server_peak_rss_mb']:.0f} MB"))
    if result.get("server_start_s"):
        rows.append(("server start to first page", f"{result['server_start_s']:.1f} s"))
    return "\n".join(["| measure | value |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="requests in total (default 2000)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--time-limit", type=float, default=600.0, help="stop after this many seconds")
    parser.add_argument("--url", default=None, help="an already running app (loopback only)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", dest="json_path", default=None, help="also write the result here")
    parser.add_argument("--api", choices=sorted(API), default="gradio", help="which HTTP API the clients use")
    parser.add_argument("--workers", type=int, default=1, help="`city-ai serve --workers N` (default 1)")
    parser.add_argument(
        "--compare", type=int, default=None, metavar="N", help="run on 1 worker, then on N, and compare"
    )
    args = parser.parse_args(argv)

    if args.url:
        require_loopback(args.url)
        url = args.url if args.url.endswith("/") else args.url + "/"
        wait_until_up(url, None, timeout=30)
        results = [run(url, args.n, args.clients, args.time_limit, args.seed, args.api)]
    else:
        counts = [1, args.compare] if args.compare else [args.workers]
        results = [one_server(w, args.n, args.clients, args.time_limit, args.seed, args.api) for w in counts]
    for result in results:
        print(markdown(result))
        print()
    if len(results) == 2:
        print(comparison(results[0], results[1]))
    for result in results:
        for label in ("errors", "wrong", "probe_failures"):
            for line in result[label][:20]:
                print(f"{label} ({result.get('workers', 1)} workers): {line}")
    if args.json_path:
        payload = results[0] if len(results) == 1 else {"runs": results, "ratio": ratio(*results)}
        Path(args.json_path).write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    ok = all(
        not r["errors"] and not r["wrong"] and not r["probe_failures"] and r["answered"] for r in results
    )
    return 0 if ok else 1


def one_server(workers: int, n: int, clients: int, time_limit: float, seed: int, api: str) -> dict[str, Any]:
    """Start `city-ai serve --workers N`, drive it, stop it; the tallies with the server's CPU and memory."""
    server = Server.start(workers)
    print(f"load_test: {workers} worker(s) up at {server.url} in {server.started_s:.1f} s", file=sys.stderr)
    require_loopback(server.url)
    try:
        cpu_before = server.cpu_seconds()
        result = run(server.url, n, clients, time_limit, seed, api)
        result["workers"] = workers
        result["server_peak_rss_mb"] = server.peak_rss_mb()
        result["server_start_s"] = server.started_s
        cpu_after = server.cpu_seconds()
        if cpu_before is not None and cpu_after is not None:
            result["server_cpu_s"] = cpu_after - cpu_before
    finally:
        server.stop()
    return result


def ratio(one: dict[str, Any], many: dict[str, Any]) -> dict[str, float]:
    """N workers over 1: throughput (higher is better) and p95 latency (lower is better)."""
    return {
        "throughput": many["throughput_qps"] / one["throughput_qps"] if one["throughput_qps"] else 0.0,
        "p95": many["p95_ms"] / one["p95_ms"] if one["p95_ms"] else 0.0,
    }


def comparison(one: dict[str, Any], many: dict[str, Any]) -> str:
    r = ratio(one, many)
    return (
        f"{many['workers']} workers vs 1: throughput {many['throughput_qps']:.1f} / {one['throughput_qps']:.1f} q/s "
        f"= {r['throughput']:.2f}x; p95 {many['p95_ms']:.0f} / {one['p95_ms']:.0f} ms = {r['p95']:.2f}x"
    )


if __name__ == "__main__":
    raise SystemExit(main())
