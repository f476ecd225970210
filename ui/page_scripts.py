"""The few things Streamlit cannot do without a line of script in the page: copy a link to
the clipboard, bring an element into view after a rerun, close the sidebar on a phone after
choosing a page, and the page's own small style sheet.

Every script here is our own code. Values from the app (a link to copy) travel in an
HTML-escaped `data-` attribute and are read back by the script, never pasted into the code;
nothing from a log ever reaches this module.
"""

from __future__ import annotations

import html
import json

import streamlit as st

PHONE_MAX_WIDTH = 640
"""Below this viewport width the app treats the screen as a phone (Streamlit's own sidebar
breakpoint is wider; the sidebar then overlays the page)."""

_SCROLL_KEY = "page.scroll_to"
_NONCE_KEY = "page.scroll_nonce"

_STYLE = f"""
<style>
/* Script-only HTML elements take no room in the page. */
[data-testid=stElementContainer]:has(> [data-testid=stHtml] > script:only-child) {{
  display: none;
}}
/* Scrolled-to elements clear Streamlit's header bar. */
.st-key-verdict-hero, .st-key-question-card, .st-key-group-detail, .st-key-fix-first {{
  scroll-margin-top: 4.5rem;
}}
/* Long button labels wrap instead of being cut with an ellipsis. */
.st-key-remaining button, .st-key-remaining button * {{
  white-space: normal !important; text-overflow: clip !important; overflow: visible !important;
  height: auto; text-align: left;
}}
.triage-note {{ color: #5f6b7a; font-size: 0.875rem; line-height: 1.4; }}
.triage-copy {{
  font: inherit; font-size: 0.95rem; line-height: 1.6; cursor: pointer;
  padding: 0.25rem 0.8rem; border-radius: 0.5rem; color: inherit;
  border: 1px solid rgba(49, 51, 63, 0.25); background: #ffffff;
}}
.triage-copy:hover {{ border-color: #2f6db5; color: #2f6db5; }}
.triage-copy:focus-visible {{ outline: 2px solid #2f6db5; outline-offset: 2px; }}
.triage-table {{ width: 100%; border-collapse: collapse; font-size: 0.95rem; }}
.triage-matrix {{ table-layout: fixed; }}
.triage-matrix th:nth-child(1) {{ width: 18%; }}
.triage-matrix th:nth-child(2), .triage-matrix th:nth-child(3) {{ width: 29%; }}
.triage-table th {{ text-align: left; font-weight: 600; color: #5f6b7a; font-size: 0.85rem;
  border-bottom: 2px solid #d5d9df; padding: 0.4rem 0.6rem; }}
.triage-table td {{ border-bottom: 1px solid #e3e6ea; padding: 0.5rem 0.6rem;
  vertical-align: top; overflow-wrap: break-word; }}
.triage-table td.lead {{ font-weight: 600; }}
.triage-table td.num, .triage-table th.num {{ text-align: right; white-space: nowrap;
  font-variant-numeric: tabular-nums; }}
.triage-matrix td:first-child {{ font-weight: 600; }}
@media (max-width: {PHONE_MAX_WIDTH}px) {{
  /* Long button labels wrap instead of being cut with an ellipsis. */
.st-key-remaining button, .st-key-remaining button * {{
  white-space: normal !important; text-overflow: clip !important; overflow: visible !important;
  height: auto; text-align: left;
}}
.triage-note {{ color: #5f6b7a; font-size: 0.875rem; line-height: 1.4; }}
.triage-copy {{ width: 100%; padding: 0.5rem 0.8rem; }}
  .triage-table thead {{ display: none; }}
  .triage-table tr {{ display: block; border: 1px solid #d5d9df; border-radius: 0.5rem;
    margin-bottom: 0.75rem; overflow: hidden; }}
  .triage-table td {{ display: block; border: 0; padding: 0.35rem 0.7rem;
    overflow-wrap: anywhere; }}
  .triage-table td.num {{ text-align: left; }}
  .triage-table td.lead::before {{ display: none; }}
  .triage-table td.inline {{ display: inline-block; vertical-align: top; }}
  .triage-table td::before {{ content: attr(data-label); display: block; font-weight: 400;
    font-size: 0.78rem; color: #5f6b7a; }}
}}
</style>
"""

# Installed once per browser tab, listening on the document: the elements they serve may be
# re-rendered by Streamlit at any time.
_LISTENERS = f"""
<script>
(() => {{
  if (window.__triageListeners) return;
  window.__triageListeners = true;
  // A phone: close the sidebar once a page was chosen in it.
  document.addEventListener("click", (event) => {{
    const link = event.target.closest("[data-testid=stSidebarNavLink]");
    if (!link || window.innerWidth > {PHONE_MAX_WIDTH}) return;
    setTimeout(() => {{
      const close = document.querySelector("[data-testid=stSidebarCollapseButton] button");
      if (close) close.click();
    }}, 50);
  }}, true);
  // Copy buttons: the text to copy is the button's data-copy attribute.
  const fallback = (text) => {{
    const area = document.createElement("textarea");
    area.value = text; area.setAttribute("readonly", "");
    area.style.position = "fixed"; area.style.opacity = "0";
    document.body.appendChild(area); area.select();
    try {{ document.execCommand("copy"); }} finally {{ area.remove(); }}
  }};
  document.addEventListener("click", async (event) => {{
    const button = event.target.closest("button.triage-copy");
    if (!button) return;
    const label = button.dataset.label || button.textContent;
    button.dataset.label = label;
    try {{ await navigator.clipboard.writeText(button.dataset.copy); }}
    catch (error) {{ fallback(button.dataset.copy); }}
    button.textContent = button.dataset.done;
    setTimeout(() => {{ button.textContent = label; }}, 2000);
  }});
}})();
</script>
"""


def page_setup() -> None:
    """The style sheet, and the listeners for copy buttons and the phone's sidebar (once per
    browser tab); call from app.py."""
    st.html(_STYLE)
    st.html(_LISTENERS, unsafe_allow_javascript=True)


def copy_button(text: str, key: str, label: str = "Copy link", done: str = "Copied") -> None:
    """A visible button that copies `text` to the clipboard (falls back to a hidden selection
    where the clipboard API is not allowed, e.g. on plain http). `key` names it in the page."""
    button_id = f"triage-copy-{key}"
    value = html.escape(text, quote=True)
    st.html(
        f'<button type="button" class="triage-copy" id="{button_id}" data-copy="{value}" '
        f'data-done="{html.escape(done, quote=True)}">{html.escape(label)}</button>',
        width="content",
    )


def request_scroll(key: str) -> None:
    """Ask this run (or, from a callback, the next one) to bring an element into view."""
    st.session_state[_SCROLL_KEY] = key


def take_scroll() -> str | None:
    """The key of the element a callback asked to bring into view, once (then forgotten)."""
    wanted: str | None = st.session_state.pop(_SCROLL_KEY, None)
    return wanted


def scroll_into_view(key: str, *, only_if_hidden: bool = True) -> None:
    """Bring the element with this Streamlit key into view, once, after this run.

    Each call is a new script (it carries a counter), so it runs again on the next request;
    with `only_if_hidden` it leaves the page alone when the element's top is already on screen.
    """
    nonce = int(st.session_state.get(_NONCE_KEY, 0)) + 1
    st.session_state[_NONCE_KEY] = nonce
    selector = json.dumps(f".st-key-{key}")
    check = "r.top >= 56 && r.top < window.innerHeight - 120" if only_if_hidden else "false"
    script = f"""
(() => {{ /* {nonce} */
  let tries = 0;
  const go = () => {{
    const el = document.querySelector({selector});
    if (!el) {{ if (tries++ < 40) setTimeout(go, 50); return; }}
    const r = el.getBoundingClientRect();
    if ({check}) return;
    el.scrollIntoView({{block: "start", behavior: "instant"}});
  }};
  setTimeout(go, 60);
}})();
"""
    st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)
