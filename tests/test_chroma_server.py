"""Server mode against a real `chroma run` process: build, search with filters, and fall back when it stops."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import free_port, make_settings

from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.passages import load_passages, passages_hash
from assistant.retrieval.store import PassageStore

pytestmark = pytest.mark.server


def _chroma_cli() -> str | None:
    beside_python = Path(sys.executable).parent / "chroma"
    return str(beside_python) if beside_python.exists() else shutil.which("chroma")


def _wait_for_heartbeat(port: int, proc: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"chroma exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"no Chroma heartbeat on port {port} after {timeout:.0f} s")


@pytest.fixture
def chroma_server(tmp_path: Path):
    """A real Chroma server on a free loopback port, stopped (by its pid) after the test."""
    cli = _chroma_cli()
    if cli is None:
        pytest.skip("the chroma CLI is not installed")
    port = free_port()
    log = (tmp_path / "chroma.log").open("w")
    cmd = [cli, "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for_heartbeat(port, proc)
        yield proc, port
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


def test_build_and_search_through_a_chroma_server(chroma_server, tmp_path, model_ref, embedder) -> None:
    proc, port = chroma_server
    settings = make_settings(tmp_path / "home", model_ref, chroma_host="127.0.0.1", chroma_port=port)
    assert settings.server_mode
    # Two cities' profiles and the recommendations: enough to test search without embedding all 87 passages.
    passages = [p for p in load_passages() if p["city"] in ("苏州", "深圳") or p["id"].startswith("s4-")]

    retriever = HybridRetriever(settings, passages=passages, embeddings=embedder, auto_build=True)
    assert not retriever.degraded, retriever.notes
    assert not (tmp_path / "home" / "chroma").exists()  # nothing went to the embedded store
    store = PassageStore(settings, embedder)
    assert store.state()["count"] == len(passages)
    again = store.build(passages, passages_hash(passages), store.state()["model_id"], progress=False)
    assert again["built"] is False

    top = retriever.search("What supercomputing resources does Shenzhen have?", k=3)
    assert "s3.2-p04" in [s.id for s in top]
    assert retriever.rankings("算力", city="苏州")["dense"]
    assert {s.city for s in retriever.search("算力", k=5, city="苏州")} == {"苏州"}
    assert [s.id for s in retriever.search("政策", k=3, city="深圳", kind="policy_table")] == ["s3.2-p03"]

    proc.terminate()
    proc.wait(timeout=15)
    fallback = retriever.search("鹏城云脑II的算力", k=3)  # the server is gone: keyword search carries on
    assert retriever.degraded and "keyword search only" in retriever.note
    assert fallback[0].id == "s3.2-p05"
