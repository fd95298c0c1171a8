"""The page's own script: citations you can follow, the evidence sheet on phones, sortable tables, and the
question box's counter and Send state. It runs once at page load (Blocks.load with js=), so it needs no
launch option, and works by event delegation, so Gradio re-rendering a component never loses a handler.

- `[n]` in an answer (a link to `#cite-<turn>-<n>`): hover (or tap, on a phone) shows the report's sentence;
  a click selects that answer (the Chatbot's select event shows its evidence) and highlights and scrolls to
  source n in the evidence panel. On a phone the pop-up has a button that opens the evidence at that source.
- "依据 · Evidence" under an answer (`#ev-<turn>`): selects it; on a phone it opens the evidence sheet.
- a follow-up (`#ask-<turn>-<k>`): asks it, unless an answer is pending.
- a table header button: sorts by that column (numbers numerically, text by pinyin), again to reverse.
- the question box: a live count against the limit; Send disabled while the box is empty, too long, or an
  answer is pending; Enter on an empty box says so instead of doing nothing.
"""

from __future__ import annotations

from assistant.text import MAX_QUESTION_CHARS

NARROW_PX = 700  # below this the evidence is a sheet over the chat (theme.CSS uses the same width)

CLIENT_JS = (
    (
        """() => {
  if (window.__cityAi) return;
  window.__cityAi = true;
  const MAX = __MAX__;
  const NARROW = '(max-width: __NARROW__px)';
  const st = { sending: 0, want: null, sheetFor: null, hintTimer: 0, popAt: 0 };
  const $ = (s, r) => (r || document).querySelector(s);
  const $$ = (s, r) => [...(r || document).querySelectorAll(s)];
  const narrow = () => window.matchMedia(NARROW).matches;
  const box = () => $('#question textarea');
  const sendBtn = () => $('#send');
  const plain = (t) => (t || '').replace(/\\s+/g, ' ').trim();

  function pending() {
    if (st.sending && Date.now() - st.sending < 4000) return true;
    const rows = $$('#chatbot .message-row');
    if (rows.length && rows[rows.length - 1].classList.contains('user-row')) return true;
    return !!$('#chatbot .message.pending');
  }

  function hint(text, ms) {
    const h = $('#q-counter .q-hint');
    if (!h) return;
    h.textContent = text;
    clearTimeout(st.hintTimer);
    if (ms) st.hintTimer = setTimeout(() => { h.textContent = ''; syncSend(); }, ms);
  }

  function syncSend() {
    const b = box(), s = sendBtn();
    if (!b || !s) return;
    const n = [...plain(b.value)].length;
    const over = n > MAX, busy = pending();
    s.disabled = n === 0 || over || busy;
    s.setAttribute('aria-disabled', String(s.disabled));
    const c = $('#q-counter .q-count');
    if (c) {
      c.textContent = n + ' / ' + MAX;
      c.parentElement.classList.toggle('over', over);
    }
    const h = $('#q-counter .q-hint');
    if (h && over) h.textContent = '超出 ' + (n - MAX) + ' 字，请删减后再发送 · ' + (n - MAX) + ' over the limit: shorten it to send';
    else if (h && h.dataset.over) h.textContent = '';
    if (h) h.dataset.over = over ? '1' : '';
    if (h && busy && !over && n) h.textContent = h.textContent || '';
  }

  function blockReason() {
    const n = [...plain(box() ? box().value : '')].length;
    if (pending()) return '正在回答上一个问题… · Still answering the last question…';
    if (n === 0) return '请先输入问题 · Type a question first';
    if (n > MAX) return '问题太长：最多 ' + MAX + ' 字 · Too long: ' + MAX + ' characters at most';
    return '';
  }

  function nudge(reason) {
    hint(reason, 2500);
    const q = $('#question');
    if (q) { q.classList.remove('ca-shake'); void q.offsetWidth; q.classList.add('ca-shake'); }
    if (box()) box().focus();
  }

  // --- the evidence panel ------------------------------------------------------------------------------
  function shownTurn() {
    const h = $('#ev-head [data-turn]');
    return h ? Number(h.dataset.turn) : null;
  }

  function scrollPanelTo(el) {
    const panel = $('#evidence');
    if (!panel || !el) return;
    const scrollable = panel.scrollHeight > panel.clientHeight + 4 && getComputedStyle(panel).overflowY !== 'visible';
    if (scrollable) {
      panel.scrollTop += el.getBoundingClientRect().top - panel.getBoundingClientRect().top - 12;
    } else {
      el.scrollIntoView({ block: 'center' });
    }
  }

  function highlight(turn, n) {
    const card = document.getElementById('src-' + turn + '-' + n);
    if (!card) { st.want = { turn, n }; return; }
    st.want = null;
    $$('#sources .src-card.hit').forEach((e) => e.classList.remove('hit'));
    card.classList.add('hit');
    if (card.tagName === 'DETAILS') card.open = true;
    // Again once a chart drawn above it (or the phone's sheet sliding in) has settled the layout.
    [30, 260, 600].forEach((ms) => setTimeout(() => { if (card.classList.contains('hit')) scrollPanelTo(card); }, ms));
  }

  function openSheet(turn) {
    if (!narrow()) return;
    st.sheetFor = turn;
    document.body.classList.add('ca-ev-open');
    document.body.classList.toggle('ca-ev-loading', shownTurn() !== turn);
    const panel = $('#evidence');
    if (panel) panel.scrollTop = 0;
  }

  function closeSheet() {
    document.body.classList.remove('ca-ev-open', 'ca-ev-loading');
    st.sheetFor = null;
  }

  function markSelected() {
    const t = shownTurn();
    $$('#chatbot .message-row.bot-row').forEach((row, i) => row.classList.toggle('ca-selected', i === t));
    if (st.sheetFor !== null && t === st.sheetFor) document.body.classList.remove('ca-ev-loading');
    if (st.want && document.getElementById('src-' + st.want.turn + '-' + st.want.n)) highlight(st.want.turn, st.want.n);
  }

  // --- the quote pop-up ----------------------------------------------------------------------------------
  function pop() {
    let p = document.getElementById('cite-pop');
    if (!p) {
      p = document.createElement('div');
      p.id = 'cite-pop';
      p.setAttribute('role', 'tooltip');
      p.innerHTML = '<div class="pop-quote"></div><button type="button" class="pop-open">查看出处 · Show source</button>';
      (document.querySelector('.gradio-container') || document.body).appendChild(p);
    }
    return p;
  }

  function quoteOf(a) {
    if (a.title) { a.dataset.quote = a.title; a.removeAttribute('title'); }
    return a.dataset.quote || '';
  }

  function showPop(a, pinned) {
    const p = pop();
    p.querySelector('.pop-quote').textContent = quoteOf(a);
    p.dataset.target = a.getAttribute('href').slice(1);
    p.classList.toggle('pinned', !!pinned);
    st.popAt = Date.now();
    p.style.display = 'block';
    const r = a.getBoundingClientRect();
    const w = Math.min(360, window.innerWidth - 16);
    p.style.width = w + 'px';
    p.style.left = Math.max(8, Math.min(window.innerWidth - w - 8, r.left - 20)) + 'px';
    p.style.top = (r.bottom + 6) + 'px';
    const h = p.getBoundingClientRect().height;
    if (r.bottom + h + 12 > window.innerHeight && r.top > h + 12) p.style.top = (r.top - h - 6) + 'px';
  }

  function hidePop(force) {
    const p = document.getElementById('cite-pop');
    if (p && (force || !p.classList.contains('pinned'))) p.style.display = 'none';
  }

  // --- asking ------------------------------------------------------------------------------------------------
  function ask(text) {
    const reason = pending() ? blockReason() : '';
    if (reason) { nudge(reason); return; }
    const b = box();
    if (!b) return;
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;
    setter.call(b, text);
    b.dispatchEvent(new Event('input', { bubbles: true }));
    syncSend();
    setTimeout(() => { const s = sendBtn(); if (s && !s.disabled) { st.sending = Date.now(); s.click(); } }, 60);
  }

  // --- sorting ------------------------------------------------------------------------------------------------
  function sortBy(button) {
    const th = button.closest('th'), table = th.closest('table');
    const col = [...th.parentNode.children].indexOf(th);
    const dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
    $$('thead th', table).forEach((h) => h.setAttribute('aria-sort', 'none'));
    th.setAttribute('aria-sort', dir);
    const num = th.dataset.type === 'num', sign = dir === 'ascending' ? 1 : -1;
    const body = table.tBodies[0];
    const key = (r) => (r.cells[col] ? r.cells[col].dataset.key : '') || '';
    const rows = [...body.rows].map((r, i) => [r, key(r), i]);
    rows.sort((a, b) => {
      if (a[1] === '' || b[1] === '') return (a[1] === '') - (b[1] === '') || a[2] - b[2];
      const c = num ? parseFloat(a[1]) - parseFloat(b[1]) : a[1].localeCompare(b[1], 'zh-Hans-CN', { numeric: true });
      return c * sign || a[2] - b[2];
    });
    rows.forEach(([r]) => body.appendChild(r));
  }

  // --- wiring ---------------------------------------------------------------------------------------------------
  document.addEventListener('input', (e) => { if (e.target.closest && e.target.closest('#question')) syncSend(); }, true);

  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { hidePop(true); closeSheet(); return; }
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || !e.target.closest || !e.target.closest('#question')) return;
    const reason = blockReason();
    if (reason) { e.preventDefault(); e.stopImmediatePropagation(); nudge(reason); return; }
    st.sending = Date.now();
    setTimeout(syncSend, 0);
  }, true);

  document.addEventListener('click', (e) => {
    const t = e.target;
    if (!t.closest) return;
    const a = t.closest('a[href^="#"]');
    const href = a ? a.getAttribute('href') : '';
    let m;
    if (a && (m = href.match(/^#cite-(\\d+)-(\\d+)$/))) {
      e.preventDefault();
      const turn = Number(m[1]), n = Number(m[2]);
      // The click goes on to the Chatbot, which selects this answer (its evidence replaces the panel's).
      if (narrow()) showPop(a, true);
      else { hidePop(true); highlight(turn, n); }
      return;
    }
    if (a && (m = href.match(/^#ev-(\\d+)$/))) {
      e.preventDefault();
      const turn = Number(m[1]);
      if (narrow()) openSheet(turn);
      else { const panel = $('#evidence'); if (panel) panel.scrollTop = 0; }
      return;
    }
    if (a && /^#ask-\\d+-\\d+$/.test(href)) {
      e.preventDefault();
      e.stopImmediatePropagation();
      ask(a.textContent.trim());
      return;
    }
    if (t.closest('#cite-pop .pop-open')) {
      const target = pop().dataset.target || '';
      const mm = target.match(/^cite-(\\d+)-(\\d+)$/);
      hidePop(true);
      if (mm) { openSheet(Number(mm[1])); highlight(Number(mm[1]), Number(mm[2])); }
      return;
    }
    if (t.closest('#cite-pop')) return;
    hidePop(true);
    const sortButton = t.closest('button.ca-sort');
    if (sortButton) { sortBy(sortButton); return; }
    if (t.closest('#ev-close')) { closeSheet(); return; }
    const send = t.closest('#send');
    if (send) {
      if (send.disabled) { e.preventDefault(); e.stopImmediatePropagation(); return; }
      st.sending = Date.now();
      setTimeout(syncSend, 0);
      return;
    }
    if (t.closest('#examples button, #examples tr, #examples .gallery-item') && pending()) {
      e.preventDefault(); e.stopImmediatePropagation(); nudge(blockReason());
    }
  }, true);

  document.addEventListener('mouseover', (e) => {
    if (narrow() || !e.target.closest) return;
    const a = e.target.closest('a[href^="#cite-"]');
    if (a) showPop(a, false);
  });
  document.addEventListener('mouseout', (e) => {
    if (!e.target.closest) return;
    const to = e.relatedTarget && e.relatedTarget.closest ? e.relatedTarget : null;
    const inside = (sel) => to && to.closest(sel);
    if (e.target.closest('a[href^="#cite-"]') && !inside('#cite-pop')) hidePop(false);
    else if (e.target.closest('#cite-pop') && !inside('#cite-pop') && !inside('a[href^="#cite-"]')) hidePop(false);
  });

  window.matchMedia(NARROW).addEventListener('change', (e) => { if (!e.matches) closeSheet(); });
  // A pop-up sits where its [n] was: hide it when the page or the chat scrolls (not right after it opened).
  window.addEventListener('scroll', (e) => {
    const t = e.target;
    const moves = t === document || (t.matches && t.matches('#chatbot .bubble-wrap'));
    if (moves && Date.now() - st.popAt > 500) hidePop(true);
  }, true);

  let queued = false;
  const observer = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      if (st.sending && $$('#chatbot .message-row').length) {
        const rows = $$('#chatbot .message-row');
        if (rows[rows.length - 1].classList.contains('user-row') || Date.now() - st.sending > 4000) st.sending = 0;
      }
      markSelected();
      syncSend();
    });
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  syncSend();
}"""
    )
    .replace("__MAX__", str(MAX_QUESTION_CHARS))
    .replace("__NARROW__", str(NARROW_PX))
)
