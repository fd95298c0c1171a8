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


# Layout, citations, the evidence panel (a sheet over the chat on phones), readable tables, dark charts.
CSS = """
.gradio-container { width: 100% !important; max-width: 1440px !important; margin: 0 auto !important; }
#app-title h1 { font-size: 1.45rem; margin: 0.2rem 0 0; }
#app-title p { margin: 0.15rem 0 0; color: var(--body-text-color-subdued); }
#chatbot .bubble-wrap { padding-top: 40px !important; }  /* clear of the label and the bin icon */
#status-line { font-size: 0.82rem; color: var(--body-text-color-subdued); }
#status-line p { margin: 0; }

/* answers: [n] markers, the evidence link, follow-ups, the selected answer, the thinking indicator */
#chatbot a[href^="#cite-"] { font-size: 0.78em; vertical-align: super; line-height: 0; font-weight: 600;
  text-decoration: none; color: var(--color-accent); padding: 0 1px; white-space: nowrap; cursor: pointer; }
#chatbot a[href^="#cite-"]:hover, #chatbot a[href^="#cite-"]:focus { text-decoration: underline; }
#chatbot a[href^="#ev-"] { display: inline-block; font-size: 0.82em; padding: 1px 10px; border-radius: 999px;
  border: 1px solid var(--color-accent); color: var(--color-accent); text-decoration: none; }
#chatbot a[href^="#ask-"] { display: inline-block; margin: 4px 4px 0 0; padding: 2px 10px; border-radius: 999px;
  border: 1px solid var(--border-color-primary); background: var(--background-fill-secondary);
  color: var(--body-text-color); text-decoration: none; font-size: 0.86em; line-height: 1.6; }
#chatbot a[href^="#ask-"]:hover { border-color: var(--color-accent); color: var(--color-accent); }
#chatbot .message-row.bot-row.ca-selected .message { box-shadow: 0 0 0 2px var(--color-accent) !important;
  border-color: var(--color-accent) !important; }
#chatbot .message.pending .message-content::after { content: "思考中… Thinking…"; margin-left: 10px;
  font-size: 0.85em; color: var(--body-text-color-subdued); }
#chatbot .message.pending .message-content { display: flex; align-items: center; }

/* the question box: counter, Send state, a shake when Enter cannot send */
#q-counter .q-counter { display: flex; justify-content: space-between; gap: 12px; font-size: 0.78rem;
  color: var(--body-text-color-subdued); padding: 0 4px; min-height: 1.2em; }
#q-counter .q-counter.over { color: var(--error-text-color, #c0392b); font-weight: 600; }
#q-counter .q-hint { order: -1; color: var(--body-text-color); }
#q-counter .q-counter.over .q-hint { color: var(--error-text-color, #c0392b); }
#send:disabled { opacity: 0.5; cursor: not-allowed; }
@keyframes ca-shake { 0%, 100% { transform: none; } 25% { transform: translateX(-4px); } 75% { transform: translateX(4px); } }
#question.ca-shake { animation: ca-shake 0.25s ease 2; }
#chat-tools { gap: 8px; }

/* the quote pop-up of a [n] */
#cite-pop { position: fixed; z-index: 2000; display: none; background: var(--background-fill-primary);
  color: var(--body-text-color); border: 1px solid var(--border-color-primary); border-radius: 8px;
  box-shadow: 0 6px 24px rgba(0, 0, 0, 0.22); padding: 10px 12px; font-size: 0.86rem; line-height: 1.55; }
#cite-pop .pop-open { margin-top: 8px; border: 1px solid var(--color-accent); color: var(--color-accent);
  background: transparent; border-radius: 6px; padding: 3px 10px; font-size: 0.82rem; cursor: pointer; }

/* the evidence panel: beside the chat, scrolling on its own */
#ev-head .ev-title { display: flex; justify-content: space-between; align-items: center; font-weight: 700;
  font-size: 1rem; }
#ev-head .ev-for { margin: 0.2rem 0 0.4rem; font-size: 0.85rem; color: var(--body-text-color-subdued); }
#ev-head .ev-notes { margin: 0 0 0.4rem 1.1rem; font-size: 0.85rem; }
#ev-close { display: none; border: 1px solid var(--border-color-primary); background: var(--background-fill-secondary);
  color: var(--body-text-color); border-radius: 6px; padding: 4px 10px; font-size: 0.85rem; cursor: pointer; }
@media (min-width: 701px) {
  #evidence { position: sticky; top: 8px; align-self: flex-start; max-height: calc(100vh - 16px);
    overflow-y: auto; overscroll-behavior: contain; flex-wrap: nowrap !important; }
  #evidence > * { flex-shrink: 0; }
}
.sources h5 { margin: 0.5rem 0 0.4rem; font-size: 0.85rem; color: var(--body-text-color-subdued); }
.sources .src-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 0.4rem 0.6rem;
  margin: 0 0 0.45rem; background: var(--background-fill-secondary); scroll-margin: 12px; }
.sources .src-card > * { margin-top: 0 !important; margin-bottom: 0 !important; }
.sources .src-card.hit { border-color: var(--color-accent); box-shadow: 0 0 0 2px var(--color-accent);
  background: var(--background-fill-primary); }
.sources .src-n { font-weight: 700; color: var(--color-accent); margin-right: 2px; }
.sources .src-head, .sources summary { font-weight: 600; font-size: 0.9rem; line-height: 1.45; }
.sources summary { cursor: pointer; }
.sources .src-quote { margin: 0.25rem 0 !important; padding: 0 0 0 0.6rem !important; border-left: 3px solid
  var(--color-accent) !important; font-size: 0.9rem; line-height: 1.6; font-style: normal; quotes: none; }
.sources .src-meta { font-weight: 400; color: var(--body-text-color-subdued); font-size: 0.8rem; }
.sources .src-text { white-space: pre-wrap; font-size: 0.88rem; line-height: 1.6; margin-top: 0.4rem; }
.sources .src-empty { color: var(--body-text-color-subdued); font-size: 0.9rem; }

/* tables: readable headers, numbers right-aligned, a real sort */
.ca-table-block { margin: 0.3rem 0 0.5rem; }
.ca-cap { font-size: 0.85rem; font-weight: 600; color: var(--block-label-text-color, var(--body-text-color));
  margin: 0 0 0.3rem; }
.ca-note { font-size: 0.78rem; color: var(--body-text-color-subdued); margin-top: 0.25rem; }
.ca-scroll { overflow: auto; border: 1px solid var(--border-color-primary); border-radius: 8px; }
.ca-table { border-collapse: separate !important; border-spacing: 0; width: 100%; font-size: 0.86rem;
  line-height: 1.45; margin: 0 !important; border: none !important; }
.ca-table th, .ca-table td { border: none !important; border-bottom: 1px solid var(--border-color-primary) !important;
  padding: 5px 8px !important; }
.ca-table th { position: sticky; top: 0; z-index: 2; background: var(--background-fill-secondary) !important;
  text-align: left; vertical-align: bottom; font-weight: 600; }
.ca-table td { vertical-align: top; background: var(--background-fill-primary); }
.ca-table tbody tr:nth-child(even) td { background: var(--background-fill-secondary); }
.ca-table tbody tr:last-child td { border-bottom: none !important; }
/* the first column (the city, the dimension) stays in view when a wide table scrolls sideways */
.ca-table th:first-child, .ca-table td:first-child { position: sticky; left: 0; z-index: 1; }
.ca-table th:first-child { z-index: 3; }
.ca-table th.k-num, .ca-table td.k-num { text-align: right; font-variant-numeric: tabular-nums; }
.ca-table td.k-num, .ca-table td.k-text { white-space: nowrap; }
.ca-table td.k-long { min-width: 15em; max-width: 28em; }
.ca-table td.best { font-weight: 700; color: var(--color-accent); }
.ca-sort { all: unset; cursor: pointer; display: inline-flex; flex-direction: column; align-items: inherit; }
.ca-table th.k-num .ca-sort { align-items: flex-end; }
.ca-sort .h-name { display: inline-flex; align-items: flex-end; gap: 2px; white-space: normal; word-break: keep-all;
  overflow-wrap: normal; }  /* breaks at spaces only; the sort arrow stays with the name */
.ca-sort .h-unit { white-space: nowrap; font-weight: 400; font-size: 0.78em; color: var(--body-text-color-subdued); }
.ca-sort:focus-visible { outline: 2px solid var(--color-accent); }
.ca-arrow::after { content: "⇅"; opacity: 0.35; font-size: 0.8em; }
th[aria-sort="ascending"] .ca-arrow::after { content: "▲"; opacity: 0.9; }
th[aria-sort="descending"] .ca-arrow::after { content: "▼"; opacity: 0.9; }
.ca-empty { color: var(--body-text-color-subdued); font-size: 0.9rem; padding: 0.4rem 0; }

.profile-text h4 { margin: 0.9rem 0 0.25rem; font-size: 0.95rem; }
.profile-text p { white-space: pre-wrap; margin: 0; line-height: 1.7; font-size: 0.92rem; }
.approx-note { font-size: 0.88rem; border-left: 3px solid var(--color-accent); padding-left: 0.6rem; }
.count-line p { font-weight: 600; margin: 0; }

/* charts follow dark mode: Plotly paints its own white paper, dark text and pale grid; restyle them (cell
   labels of the heat-map, bar labels inside bars and hover boxes keep their own contrast colours) */
.dark .js-plotly-plot .main-svg { background: transparent !important; }
.dark .js-plotly-plot .bglayer .bg, .dark .js-plotly-plot .plotbg path, .dark .js-plotly-plot .legend .bg {
  fill: transparent !important; }
.dark .js-plotly-plot .main-svg g:not(.heatmap-label):not(.textpoint):not(.hovertext):not(.axistext) > text:not(.bartext-inside) {
  fill: var(--body-text-color) !important; }
.dark .js-plotly-plot .xgrid, .dark .js-plotly-plot .ygrid, .dark .js-plotly-plot .angularaxisgrid,
.dark .js-plotly-plot .radialaxisgrid, .dark .js-plotly-plot .crisp, .dark .js-plotly-plot .zl {
  stroke: rgba(255, 255, 255, 0.16) !important; }

/* The sheet's open state hangs on <body> classes the script sets only on narrow screens. Gradio scopes rules
   inside @media to its container, so these live outside. */
body.ca-ev-open #evidence { transform: none !important; visibility: visible !important; }
body.ca-ev-open { overflow: hidden; }
body.ca-ev-loading #evidence > * { opacity: 0.45; }
body.ca-ev-open #chatbot .scroll-down-button-container { display: none !important; }

/* phones and narrow windows (rules in here are scoped to the app's container by Gradio): every tab on
   screen, the evidence as a sheet one tap away */
@media (max-width: 700px) {
  #app-title h1 { font-size: 1.15rem; }
  #chatbot { height: 440px !important; }
  #chatbot .message-row.bubble { margin: 10px 6px !important; max-width: calc(100% - 12px) !important; }
  .tab-wrapper { height: auto !important; }
  .tab-container[role=tablist] { flex-wrap: wrap !important; height: auto !important; row-gap: 2px; }
  .tab-container[role=tablist] button { padding: 4px 8px !important; font-size: 0.85rem; }
  .tab-container.visually-hidden button { width: 1px !important; min-width: 0 !important; padding: 0 !important;
    overflow: hidden !important; }
  .overflow-menu { display: none !important; }
  #evidence { position: fixed !important; inset: 0; z-index: 1000; margin: 0 !important; width: 100% !important;
    max-width: 100% !important; min-width: 0 !important; background: var(--background-fill-primary);
    overflow-y: auto; padding: 10px 12px 48px !important; transform: translateY(102%); visibility: hidden;
    transition: transform 0.2s ease, visibility 0.2s; box-sizing: border-box; flex-wrap: nowrap !important; }
  #evidence > * { flex-shrink: 0; }
  #ev-close { display: inline-block; }
  #ev-head { position: sticky; top: -10px; z-index: 5; background: var(--background-fill-primary);
    padding-top: 4px; }
}
"""
