"""Look and feel: a calm theme with a Chinese-first font stack (no web fonts: the app must work offline)."""

from __future__ import annotations

import gradio as gr

FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "PingFang SC",
    "Hiragino Sans GB",
    "Microsoft YaHei",
    "ui-sans-serif",
    "system-ui",
    "sans-serif",
)
MONO = ("ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace")


def theme() -> gr.themes.Base:
    """Soft blue/slate; system fonts only, so nothing is fetched from a font CDN."""
    return gr.themes.Soft(
        primary_hue="blue",
        secondary_hue="sky",
        neutral_hue="slate",
        radius_size="md",
        font=FONTS,
        font_mono=MONO,
    ).set(
        body_text_size="15px",
        block_title_text_weight="600",
        button_primary_background_fill="*primary_600",
        button_primary_background_fill_hover="*primary_700",
    )


# Narrow screens: rows wrap (Gradio columns honour min_width), and the chat stays tall enough to use.
CSS = """
.gradio-container { width: 100% !important; max-width: 1360px !important; margin: 0 auto !important; }
#app-title h1 { font-size: 1.45rem; margin: 0.2rem 0 0; }
#app-title p { margin: 0.15rem 0 0; color: var(--body-text-color-subdued); }
#chatbot .bubble-wrap { padding-top: 40px !important; }  /* clear of the label and the bin icon */
#status-line { font-size: 0.82rem; color: var(--body-text-color-subdued); }
#status-line p { margin: 0; }
.sources details { border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 0.35rem 0.6rem; margin: 0 0 0.45rem; background: var(--background-fill-secondary); }
.sources h5 { margin: 0.3rem 0 0.4rem; font-size: 0.85rem; color: var(--body-text-color-subdued); }
.sources summary { cursor: pointer; font-weight: 600; font-size: 0.9rem; line-height: 1.45; }
.sources .src-meta { font-weight: 400; color: var(--body-text-color-subdued); font-size: 0.8rem; }
.sources .src-text { white-space: pre-wrap; font-size: 0.88rem; line-height: 1.6; margin-top: 0.4rem; }
.sources .src-empty { color: var(--body-text-color-subdued); font-size: 0.9rem; }
.profile-text h4 { margin: 0.9rem 0 0.25rem; font-size: 0.95rem; }
.profile-text p { white-space: pre-wrap; margin: 0; line-height: 1.7; font-size: 0.92rem; }
.approx-note { font-size: 0.88rem; border-left: 3px solid var(--color-accent); padding-left: 0.6rem; }
.count-line p { font-weight: 600; margin: 0; }
@media (max-width: 640px) {
  .gradio-container { padding: 0 6px !important; }
  #app-title h1 { font-size: 1.15rem; }
  #chatbot { height: 440px !important; }
  #chatbot .message-row.bubble { margin: 10px 6px !important; max-width: calc(100% - 12px) !important; }
  .tab-wrapper button, .tab-container button { padding: 0.3rem 0.5rem !important; font-size: 0.85rem; }
}
"""
