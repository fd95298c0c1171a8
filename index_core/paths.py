"""Where the report's files are: a checkout's data/ and corpus/, else the copies that ship inside the wheel.

Order: the CITY_AI_DATA_DIR / CITY_AI_CORPUS_DIR settings, then the checkout (data/ and corpus/ beside the
packages, as in `pip install -e .`), then the package data of an installed wheel (index_core/_bundle/, copied
there by setup.py's build step). Nothing here reads a file; a missing folder is reported by `missing()` in
words, never as a traceback. This module imports nothing of the project, so the CLI can ask it before
`index_core` (which reads data/ as it loads) is imported.
"""

from __future__ import annotations

import os
from pathlib import Path

CHECKOUT_ROOT = Path(__file__).resolve().parent.parent
BUNDLE = "_bundle"  # index_core/_bundle/{data,corpus} inside a built wheel
REQUIRED = {"data": ("cities.csv", "rankings.csv"), "corpus": ("report.md", "passages.jsonl")}


def _bundled(kind: str) -> Path:
    # The package's own folder, as importlib.resources.files("index_core") gives it for an installed wheel;
    # asked without importing index_core, whose __init__ already needs the data.
    return Path(__file__).resolve().parent / BUNDLE / kind


def _find(kind: str, env: str) -> Path:
    value = os.environ.get(env)
    if value:
        return Path(value).expanduser()
    candidates = [CHECKOUT_ROOT / kind, _bundled(kind)]
    for folder in candidates:
        if all((folder / name).is_file() for name in REQUIRED[kind]):
            return folder
    return candidates[0]


def data_dir() -> Path:
    """The folder of the report's tables (cities.csv, rankings.csv, ...)."""
    return _find("data", "CITY_AI_DATA_DIR")


def corpus_dir() -> Path:
    """The folder of the report's text (report.md) and its passages (passages.jsonl)."""
    return _find("corpus", "CITY_AI_CORPUS_DIR")


def in_checkout() -> bool:
    """True when running from a source checkout (pyproject.toml beside the packages), not an installed wheel."""
    return (CHECKOUT_ROOT / "pyproject.toml").is_file() and (CHECKOUT_ROOT / "index_core").is_dir()


def missing() -> str | None:
    """A sentence naming what is missing and how to fix it, or None when data and corpus are both present."""
    for kind, folder, env in (
        ("data", data_dir(), "CITY_AI_DATA_DIR"),
        ("corpus", corpus_dir(), "CITY_AI_CORPUS_DIR"),
    ):
        absent = [name for name in REQUIRED[kind] if not (folder / name).is_file()]
        if absent:
            return (
                f"the report's {kind} files are missing ({', '.join(absent)} not found in {folder}). "
                f"Reinstall city-ai (the wheel ships them), run from a checkout, or set {env} to a folder "
                f"that holds them."
            )
    return None
