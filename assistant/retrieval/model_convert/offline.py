"""Keep transformers / sentence-transformers from ever reaching for a model hub."""

from __future__ import annotations

import os
import sys


def force_offline() -> None:
    """Set the offline switches, also in huggingface_hub if it was imported before they were set."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    constants = sys.modules.get("huggingface_hub.constants")
    if constants is not None:
        constants.HF_HUB_OFFLINE = True
