"""Optional LLM wording: a chat model may rephrase a deterministic answer, but every figure is checked first.

The deterministic reply stays the source of truth; this package only ever swaps its `text` for a model's
wording that passed `verifier.verify`, and otherwise hands the deterministic reply back with a note.
"""

from assistant.llm.client import make_chat_model
from assistant.llm.config import LLMConfig, LLMConfigError, llm_config, llm_mode
from assistant.llm.rewriter import reword, stream_reword
from assistant.llm.verifier import Material, VerifyResult, verify

__all__ = [
    "LLMConfig",
    "LLMConfigError",
    "Material",
    "VerifyResult",
    "llm_config",
    "llm_mode",
    "make_chat_model",
    "reword",
    "stream_reword",
    "verify",
]
