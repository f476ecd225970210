"""The team lead's page at scale: the first analysis of an upload against a remap and a
group-by switch, and the tagged exports, on a generated 1M-row log.

    .venv/bin/python benchmarks/bench_page.py [--rows 1000000] [--repeat 3] [--keep]

Each round drives the real page with Streamlit's AppTest (the page script, its session
state and caches, the worker process an upload goes to), in a fresh session:

* first analysis: upload the CSV → the page shows the analysis (read, detect the columns,
  analyse, in the worker; the table handed back);
* remap: leave out the handler column → the page shows the new analysis;
* group-by: group by boundary → the page shows it;
* and, outside the page, the tagged sheet's CSV and Excel bytes (`diagnostic_sheet` +
  `sheet_csv` / `sheet_xlsx`, what the download buttons run after a click).

* and, with the log loaded, reruns that reuse the cached analysis, each repeated
  `--reruns` times (the median taken): an override (one answer of the top group set by hand
  and back, on the Groups tab), a tab switch (Overview ↔ Groups) and a page switch (to the
  triage page and back: the time of the way back).

Medians over the rounds are printed; the targets: remap and group-by ≤ the first analysis, a
rerun ≤ 50 ms. A rerun is timed as AppTest's `run()`: the script's time plus AppTest's own
reading of what it rendered (a few ms), so the figure is an upper bound of the script time.
The server's memory and upload → first verdict are measured in a real browser:
`bench_page_browser.py`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_analyze import cached_log  # noqa: E402
from benchmarks.bench_table import median, ratio, render, seconds, verdict  # noqa: E402
from framework.analysis.exports import diagnostic_sheet, sheet_csv, sheet_xlsx  # noqa: E402
from framework.logs.reading import read_log_file  # noqa: E402
from framework.spec.loader import load_spec  # noqa: E402
from tests.support.lead_page import ok, open_lead, override, show_tab, upload  # noqa: E402
from ui import ANALYZE_PAGE, TRIAGE_PAGE  # noqa: E402
from ui.lead.column_picker import GROUP_BY_KEY, column_key  # noqa: E402

TIMEOUT = 600
RERUN_TARGET = 0.050
RERUNS = ("override rerun", "tab switch rerun", "page switch rerun")
QUESTION = "payload_consistent"


def timed(action: Callable[[], object]) -> float:
    """Seconds the action took."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def page_round(data: bytes, reruns: int) -> dict[str, float]:
    """One fresh session: upload, reruns that reuse the analysis, remap, group-by switch;
    seconds for each. The shared caches are emptied first, so no round reuses an analysis
    of the one before."""
    st.cache_resource.clear()
    st.cache_data.clear()
    at = open_lead()
    at.default_timeout = TIMEOUT
    figures = {"first analysis": timed(lambda: upload(at, "bench.csv", data))}
    figures.update(rerun_figures(at, reruns))
    show_tab(at, "Columns")
    start = time.perf_counter()
    ok(at.selectbox(key=column_key("handler")).set_value("").run())
    figures["remap (handler left out)"] = time.perf_counter() - start
    assert at.selectbox(key=column_key("handler")).value == ""
    start = time.perf_counter()
    ok(at.selectbox(key=GROUP_BY_KEY).set_value("boundary").run())
    figures["group by boundary"] = time.perf_counter() - start
    assert at.selectbox(key=GROUP_BY_KEY).value == "boundary"
    return figures


def rerun_figures(at: AppTest, reruns: int) -> dict[str, float]:
    """Median seconds of reruns that reuse the cached analysis: an override, a tab switch
    and a page switch (each done once first, so the first render's caches are filled)."""
    group = at.session_state["lead.view"][1].groups[0].group
    show_tab(at, "Groups")
    override(at, group, QUESTION, "no")
    override(at, group, QUESTION, "yes")
    answers = ["no", "yes"] * reruns
    overrides = [timed(lambda a=a: override(at, group, QUESTION, a)) for a in answers[:reruns]]
    show_tab(at, "Overview")
    tabs = ["Groups", "Overview"] * reruns
    switches = [timed(lambda t=t: show_tab(at, t)) for t in tabs[:reruns]]
    pages = []
    for _ in range(reruns + 1):
        ok(at.switch_page(TRIAGE_PAGE).run())
        pages.append(timed(lambda: ok(at.switch_page(ANALYZE_PAGE).run())))
        assert at.session_state["lead.view"][1].groups[0].group == group
    return dict(zip(RERUNS, map(median, (overrides, switches, pages[1:])), strict=True))


def export_round(path: Path) -> dict[str, float]:
    """The tagged sheet's downloads on the analysed log, outside the page."""
    from framework.analysis.pipeline import analyze_table

    spec = load_spec()
    table = read_log_file(path)
    _, analysis = analyze_table(table, spec)
    start = time.perf_counter()
    tagged = diagnostic_sheet(table.frame, analysis)
    csv = sheet_csv(tagged)
    figures = {"tagged sheet CSV": time.perf_counter() - start}
    start = time.perf_counter()
    workbook = sheet_xlsx(diagnostic_sheet(table.frame, analysis), spec=spec)
    figures["tagged sheet Excel"] = time.perf_counter() - start
    print(f"  CSV {len(csv) / 1e6:,.0f} MB, Excel {len(workbook) / 1e6:,.0f} MB")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reruns", type=int, default=7, help="reruns of each kind per round")
    parser.add_argument("--no-export", action="store_true", help="leave out the exports")
    parser.add_argument("--keep", action="store_true", help="keep logs of older generators")
    args = parser.parse_args()
    path = cached_log(args.rows, args.keep)
    data = path.read_bytes()
    rounds: dict[str, list[float]] = {}
    for number in range(1, args.repeat + 1):
        print(f"  round {number} of {args.repeat}", flush=True)
        exports = {} if args.no_export else export_round(path)
        for name, value in {**page_round(data, args.reruns), **exports}.items():
            rounds.setdefault(name, []).append(value)
    first = median(rounds["first analysis"])
    rows = [["step", "median", "÷ first analysis"]]
    rows += [
        [name, seconds(median(values)), f"{ratio(median(values), first):.2f}×"]
        for name, values in rounds.items()
    ]
    print(f"\n{args.rows:,} rows ({len(data) / 1e6:,.0f} MB of CSV), median of {args.repeat}:\n")
    print(render(rows))
    for name in ("remap (handler left out)", "group by boundary"):
        print(f"{name} ≤ first analysis: {verdict(ratio(median(rounds[name]), first), 1.0)}")
    for name in RERUNS:
        value = median(rounds[name])
        mark = "PASS" if value <= RERUN_TARGET else "MISS"
        print(f"{name} ≤ {RERUN_TARGET * 1000:.0f} ms: {mark} ({value * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
