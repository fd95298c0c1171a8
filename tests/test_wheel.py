"""The wheel installs anywhere: built from the checkout, installed into a fresh venv (torch==2.13.0 first, the
CPU build pip finds on local disk), run from a folder outside the checkout, it answers `city-ai ask`; without
its data it says so in one line, never with a traceback. Bounded: pip and each command have time limits.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _run(cmd: list[str], timeout: float, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)
    assert result.returncode == 0, f"{cmd}: {result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # Built from a clean copy of the working tree: setuptools' build/ folder would otherwise keep stale files.
    source = tmp_path_factory.mktemp("src") / "city-ai"
    skip = (
        ".venv",
        ".city_ai",
        ".git",
        "build",
        "dist",
        "__pycache__",
        "*.egg-info",
        ".pytest_cache",
        ".hypothesis",
    )
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*skip))
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(source),
        ],
        600,
    )
    (built,) = out.glob("city_ai-*.whl")
    return built


def test_the_wheel_carries_the_data_and_no_torch_pin(wheel) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        meta = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    for path in (
        "index_core/_bundle/data/cities.csv",
        "index_core/_bundle/data/rankings.csv",
        "index_core/_bundle/data/policies.csv",
        "index_core/_bundle/corpus/report.md",
        "index_core/_bundle/corpus/passages.jsonl",
        "index_core/templates/raw_indicators_template.csv",
        "assistant/understanding/lexicon.toml",
        "assistant/api/server.py",
    ):
        assert path in names, path
    assert any(n.startswith("assistant/understanding/training/") and n.endswith(".jsonl") for n in names)
    requires = [line for line in meta.splitlines() if line.startswith("Requires-Dist:")]
    assert not any(line.split()[1].startswith("torch") for line in requires)  # the Makefile pins torch
    assert any('extra == "llm"' in line for line in requires) and any(
        'extra == "dev"' in line for line in requires
    )


def test_a_fresh_venv_outside_the_checkout_answers(wheel, tmp_path) -> None:
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], 120)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    _run([*pip, "torch==2.13.0"], 900)  # first, so sentence-transformers does not pull a CUDA build
    _run([*pip, str(wheel)], 1500)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CITY_AI_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(HOME=str(tmp_path / "home"), HF_HUB_OFFLINE="1", XDG_DATA_HOME=str(tmp_path / "data-home"))
    city_ai = str(venv / "bin" / "city-ai")

    where = _run([str(venv / "bin" / "python"), "-c", "import index_core.paths as p; print(p.data_dir())"], 120,
                 cwd=elsewhere, env=env)  # fmt: skip
    assert str(venv) in where.stdout and "_bundle" in where.stdout  # the wheel's copy, not the checkout's

    answer = _run([city_ai, "ask", "苏州排第几"], 300, cwd=elsewhere, env=env)
    assert "第6" in answer.stdout and "「苏州市" in answer.stdout
    assert "Traceback" not in answer.stderr and "it/s" not in answer.stderr  # no progress bars either

    broken = subprocess.run([city_ai, "ask", "苏州排第几"], capture_output=True, text=True, timeout=120,
                            cwd=elsewhere, env={**env, "CITY_AI_DATA_DIR": str(tmp_path / "nowhere")})  # fmt: skip
    assert broken.returncode == 2 and "Traceback" not in broken.stderr
    assert "CITY_AI_DATA_DIR" in broken.stderr and len(broken.stderr.strip().splitlines()) == 1
