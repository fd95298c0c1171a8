"""The Gradio app: chat with tables, charts and sources, plus rankings, city profiles, policies and what-if.

`build_app(assistant)` returns the Blocks; `serve(host, port)` is what `city-ai serve` runs.
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from assistant.app.layout import build_app  # noqa: E402
from assistant.app.server import launch_background, launch_options, serve  # noqa: E402

__all__ = ["build_app", "launch_background", "launch_options", "serve"]
