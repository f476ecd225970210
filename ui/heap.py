"""The server's long-lived objects set apart from the garbage collector's full passes.

Streamlit runs a full collection after every script run (`runner.postScriptGC`, on by
default), and a full collection walks every object the collector tracks: about 150,000 once
Streamlit, pandas, pyarrow, Altair and the app's own modules are imported, 0.1 s or more on
a busy server, between each run and the next (between an upload being read and its verdict
drawn, too). Those objects live as long as the process: `freeze_imports` imports the page
modules on the first run, collects once, and freezes what is there (`gc.freeze`), so that
later passes walk only what the sessions made since. It is done once per process; objects
made later (the sessions' logs and analyses among them) are collected as before.
"""

from __future__ import annotations

import gc
import importlib
import threading

PAGE_MODULES = (
    "ui.lead.page",
    "ui.lead.compare",
    "ui.lead.saved_link",
    "ui.operator.fix_order",
    "ui.operator.matrix",
    "ui.operator.question",
    "ui.operator.verdict",
    "ui.operator.url_state",
)
"""What the pages import (with what those import in turn): imported before the freeze."""
_LOCK = threading.Lock()
_frozen = False


def freeze_imports() -> None:
    """Import the page modules, collect, and freeze the objects left (once per process)."""
    global _frozen
    with _LOCK:
        if _frozen:
            return
        for name in PAGE_MODULES:
            importlib.import_module(name)
        gc.collect()
        gc.freeze()
        _frozen = True
