"""What the UI adds to Gradio's page: theme, CSS, the <head> script, the Dutch strings.

Gradio chooses its language from the browser's (navigator.language); the head script says
"nl" before Gradio reads it, so a teacher with an English browser still gets Dutch controls
and `<html lang="nl">`. Gradio's Dutch translation lacks a few chatbot strings (the I18n
below adds them), and some labels are fixed English in its components ("chatbot
conversation", "bot's message: …", "Scroll down"): the script renames those as they appear.
"""

from __future__ import annotations

import json

import gradio as gr

# Gradio's own keys that its Dutch file leaves in English.
I18N_NL = {
    "chatbot.copy_message": "Bericht kopiëren",
    "chatbot.copied_message": "Bericht gekopieerd",
    "chatbot.complete": "Klaar",
    "chatbot.like": "Goed antwoord",
    "chatbot.dislike": "Geen goed antwoord",
}

# Labels fixed in English inside Gradio's components -> Dutch (aria-label and title).
RELABEL = {
    "chatbot conversation": "Gesprek",
    "Scroll down": "Naar het nieuwste bericht",
    "Copy conversation": "Gesprek kopiëren",
    "Copied conversation": "Gesprek gekopieerd",
    "Copy message": "Bericht kopiëren",
    "Copied message": "Bericht gekopieerd",
    "Like": "Goed antwoord",
    "Liked": "Goed antwoord gegeven",
    "Dislike": "Geen goed antwoord",
    "Disliked": "Geen goed antwoord gegeven",
    "Loading response": "Het antwoord wordt gemaakt",
    "Feedback": "Beoordeling",
    "More tabs": "Meer tabbladen",
    "Clear": "Wissen",
}
PREFIXES = {"bot's message: ": "Antwoord: ", "user's message: ": "Jouw vraag: "}

FAVICON_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    '<rect width="32" height="32" rx="6" fill="#1d4ed8"/>'
    '<text x="16" y="22" font-family="sans-serif" font-size="14" font-weight="700" '
    'fill="#fff" text-anchor="middle">LOB</text></svg>'
)

FONT = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial",
        "sans-serif"]


def theme() -> gr.themes.Base:
    """System fonts only (nothing to download; one font for every heading) and colours
    with enough contrast (WCAG AA) for buttons, links and slider."""
    return gr.themes.Default(
        primary_hue="blue", neutral_hue="slate", font=FONT,
        font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
    ).set(
        button_primary_background_fill="#1d4ed8",
        button_primary_background_fill_hover="#1e40af",
        button_primary_text_color="#ffffff",
        button_primary_border_color="#1d4ed8",
        link_text_color="#1d4ed8",
        link_text_color_visited="#6d28d9",
        body_text_color_subdued="#475569",
        block_label_text_color="#334155",
        block_info_text_color="#475569",
        input_placeholder_color="#64748b",
        slider_color="#1d4ed8",
        color_accent="#1d4ed8",
        border_color_accent="#1d4ed8",
    )


HEAD = r"""
<link rel="icon" href="/favicon.ico" type="image/svg+xml">
<meta name="viewport" content="width=device-width, initial-scale=1">
<script>
(function () {
  // Dutch whatever the browser says: Gradio reads navigator.language when it starts.
  try {
    Object.defineProperty(Navigator.prototype, 'language', {get: function () { return 'nl'; },
                          configurable: true});
    Object.defineProperty(Navigator.prototype, 'languages', {get: function () { return ['nl']; },
                          configurable: true});
  } catch (e) {}
  document.documentElement.lang = 'nl';
  var RELABEL = __RELABEL__, PREFIXES = __PREFIXES__;
  function fix(el) {
    ['aria-label', 'title'].forEach(function (a) {
      var v = el.getAttribute && el.getAttribute(a);
      if (!v) return;
      if (RELABEL[v]) { el.setAttribute(a, RELABEL[v]); return; }  // never the same text
      for (var p in PREFIXES) {
        // Gradio puts the message's raw HTML in its label: name it by its visible text.
        if (v.indexOf(p) === 0) {
          el.setAttribute(a, PREFIXES[p] + visibleText(v.slice(p.length)));
          return;
        }
      }
    });
  }
  function visibleText(markup) {
    // The message's HTML, parsed inertly (no scripts run, nothing loads), without the
    // citation cards and the source list.
    var doc = new DOMParser().parseFromString(markup, 'text/html');
    doc.querySelectorAll('.cite-card, .answer-sources').forEach(function (n) { n.remove(); });
    return (doc.body.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 600);
  }
  // A source opens in a tab of its own that its "terug naar het gesprek" can close (a
  // chat's state lives in this page). A plain click only: ctrl/middle click stay the
  // browser's.
  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a.cite, a.source-link');
    if (!a || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    window.open(a.href, '_blank');
  }, true);
  // A citation's card stays inside its answer: shifted left when it would stick out.
  function place(e) {
    var wrap = e.target.closest && e.target.closest('.cite-wrap');
    var card = wrap && wrap.querySelector('.cite-card');
    if (!card) return;
    card.style.left = '0px';
    var box = (wrap.closest('.answer') || document.body).getBoundingClientRect();
    var r = card.getBoundingClientRect();
    var shift = Math.max(Math.min(0, box.right - r.right - 4), box.left - r.left);
    card.style.left = shift + 'px';
  }
  document.addEventListener('mouseover', place, true);
  document.addEventListener('focusin', place, true);
  function sweep(root) {
    if (root.nodeType !== 1) return;
    fix(root);
    root.querySelectorAll('[aria-label],[title]').forEach(fix);
  }
  // After an answer arrives, show its start (not its end): on a phone the answer's first
  // sentence and its sources' button are then in view.
  var seen = 0;
  function showLatest() {
    var bots = document.querySelectorAll('#chat .bot-row');
    if (bots.length > seen) {
      var users = document.querySelectorAll('#chat .user-row');
      var top = users.length ? users[users.length - 1] : bots[bots.length - 1];
      var box = scroller(top), chat = document.getElementById('chat');
      if (box) {  // below the chat's own buttons (copy, clear) at its top
        var edge = Math.max(box.getBoundingClientRect().top, chat.getBoundingClientRect().top);
        box.scrollTop += top.getBoundingClientRect().top - edge - 44;
      }
      var r = chat.getBoundingClientRect();
      if (r.top < 0 || r.top > window.innerHeight / 2) chat.scrollIntoView({block: 'start'});
    }
    seen = bots.length;
  }
  function scroller(el) {
    for (var e = el.parentElement; e; e = e.parentElement) {
      var y = getComputedStyle(e).overflowY;
      if ((y === 'auto' || y === 'scroll') && e.scrollHeight > e.clientHeight) return e;
    }
    return null;
  }
  var timer = null;
  new MutationObserver(function (list) {
    if (document.documentElement.lang !== 'nl') document.documentElement.lang = 'nl';
    list.forEach(function (m) {
      if (m.type === 'attributes') fix(m.target);
      m.addedNodes && m.addedNodes.forEach(sweep);
    });
    clearTimeout(timer);
    timer = setTimeout(showLatest, 150);
  }).observe(document.documentElement, {subtree: true, childList: true, attributes: true,
                                        attributeFilter: ['aria-label', 'title', 'lang']});
})();
</script>
""".replace("__RELABEL__", json.dumps(RELABEL)).replace("__PREFIXES__", json.dumps(PREFIXES))

CSS = """
h1, h2, h3, h4, .prose h1, .prose h2, .prose h3 { font-family: inherit !important; }
footer { display: none !important; }
.lob-intro p { margin: 0 0 .5rem; }
#chat .message-content, #chat .message { white-space: normal; }
#chat .answer-text { white-space: pre-wrap; margin: 0; }
.cite-wrap { position: relative; display: inline; }
a.cite { font-weight: 700; color: #1d4ed8; text-decoration: underline; padding: 0 .1em;
  border-radius: 3px; }
a.cite:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 1px; }
.cite-card { display: none; position: absolute; left: 0; top: 1.6em; z-index: 50;
  width: min(22rem, 80vw); background: #fff; color: #1a1a1a; border: 1px solid #475569;
  border-radius: 8px; padding: .5rem .7rem; box-shadow: 0 4px 14px rgba(0,0,0,.18);
  font-size: .9rem; line-height: 1.4; white-space: normal; }
.cite-wrap:hover .cite-card, .cite-wrap:focus-within .cite-card { display: block; }
.cite-card .t { display: block; font-weight: 700; }
.cite-card .m, .source-card .meta { display: block; color: #374151; font-size: .85rem; }
.cite-card .q { display: block; margin-top: .3rem; font-style: italic; }
.notice { background: #fff7d6; border-left: 4px solid #8a5a00; color: #3d2a00;
  padding: .4rem .6rem; margin: .5rem 0 0; white-space: normal; }
.answer-sources { margin-top: .5rem; }
.answer-sources summary { cursor: pointer; font-weight: 600; color: #1e3a8a; }
.answer-sources ol { margin: .3rem 0 0; padding-left: 0; list-style: none; }
.source-card { border: 1px solid #cbd5e1; border-radius: 8px; padding: .45rem .7rem;
  margin: .35rem 0; background: #fff; color: #1a1a1a; white-space: normal; }
.source-card a { color: #1d4ed8; font-weight: 600; }
.source-card .snippet { font-size: .9rem; margin-top: .2rem; }
.refused { color: #7a4300; }
.ui-error { color: #7a4300; }
.rel { display: inline-flex; align-items: center; gap: .35rem; font-size: .85rem;
  color: #1f2937; }
.rel .bar { display: inline-block; width: 4.5rem; height: .5rem; border-radius: 4px;
  background: #e2e8f0; overflow: hidden; }
.rel .bar i { display: block; height: 100%; background: #1d4ed8; }
.doc-list { list-style: none; padding: 0; margin: 0; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0,0,0,0); white-space: nowrap; border: 0; }
#chat .scroll-down-button-container { left: auto !important; right: .5rem !important;
  transform: none !important; }
@media (max-width: 640px) {
  /* A phone scrolls the chat by touch; the floating button would cover the text. */
  #chat .scroll-down-button-container { display: none !important; }
  .gradio-container { padding-left: 4px !important; padding-right: 4px !important; }
  #chat .message-row { margin-left: 0 !important; margin-right: 0 !important; }
  #chat .message { font-size: .95rem; }
  .cite-card { width: 80vw; }
}
"""


def i18n() -> gr.I18n:
    return gr.I18n(nl=I18N_NL)
