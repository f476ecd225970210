"""Compare two periods: did the fix work? Two logs, one log split on the day something
changed, or two saved analyses; every group read in the framework's terms, with charts and a
report to hand round.

Session state (keys `compare.*`): the chosen way in, the logs given (name and bytes, from the
uploaders — each emptied once its file is read — or the sample periods), the split day and
what changed, the saved links, and the last comparison (or what stopped it). Periods are
analysed once per log, group-by and spec (`st.cache_resource`, the bytes passed unhashed).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qs, urlsplit

import altair as alt
import streamlit as st

from framework import (
    DEFAULT_GROUP_BY,
    ChangeMarker,
    Comparison,
    ComparisonError,
    LogError,
    MappingError,
    Period,
    Spec,
    SplitLog,
    StoreError,
    change_marker,
    compare,
    comparison_report_html,
    comparison_report_markdown,
    log_period,
    markdown_escape,
    open_saved,
    read_log,
    revision_from_text,
    sample_logs,
    split_log,
)
from framework.views.comparison_charts import change_timeline, volume_chart
from framework.views.comparison_tables import (
    comparison_frame,
    period_line,
    rate_unit,
    reading_summary,
    type_text,
)
from framework.views.lead_tables import file_stem
from ui.lead.loading import SUPPORTED_TEXT, emptied_uploader
from ui.lead.store_access import app_store

TWO_LOGS, SPLIT, SAVED = "Two logs", "One log split at a date", "Two saved analyses"
MODE_KEY = "compare.mode"
GROUP_BY_KEY = "compare.group_by"
CHANGE_KEY = "compare.change"
DAY_KEY = "compare.day"
BEFORE_KEY, AFTER_KEY, LOG_KEY = "compare.before", "compare.after", "compare.log"
BEFORE_LINK, AFTER_LINK = "compare.before_link", "compare.after_link"
DETAIL_KEY = "compare.detail"
_FILES = "compare.files"
_RESULT = "compare.result"
SAMPLES = ("period_before.csv", "period_after.csv")
SAMPLE_DAY = date(2024, 4, 15)
SAMPLE_CHANGE = "Order-status and SKU mappings fixed, new runbook for loyalty points"
GROUP_BY_FIELDS = ("error_code", "boundary", "source_system", "target_system")
TILES_PER_ROW = 3
CHART_FRAME = 110  # pixels for a chart's title, x axis and a legend below it


@dataclass(frozen=True)
class Given:
    """A log as given: its name and bytes."""

    name: str
    data: bytes = b""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def page(spec: Spec) -> None:
    """The inputs, the Compare button, then the last comparison."""
    mode = st.radio("Compare", (TWO_LOGS, SPLIT, SAVED), key=MODE_KEY, horizontal=True)
    with st.container(border=True):
        if mode == TWO_LOGS:
            _two_logs()
        elif mode == SPLIT:
            _split_inputs()
        else:
            _saved_inputs()
        _options(spec, mode)
        if st.button("Compare", type="primary", icon=":material/compare_arrows:"):
            st.session_state[_RESULT] = _run(spec, str(mode))
    result = st.session_state.get(_RESULT)
    if isinstance(result, str):
        st.error(markdown_escape(result), icon=":material/error:")
    elif isinstance(result, Comparison):
        show(result)


def _two_logs() -> None:
    left, right = st.columns(2)
    for column, key, label in (
        (left, BEFORE_KEY, "Before: the log of the earlier period"),
        (right, AFTER_KEY, "After: the log of the later period"),
    ):
        with column:
            _uploader(label, key)
    st.button("Try the sample periods", icon=":material/dataset:", on_click=_use_samples)


def _split_inputs() -> None:
    _uploader("The log covering both periods", LOG_KEY)
    day, change = st.columns([1, 3])
    st.session_state.setdefault(DAY_KEY, None)
    day.date_input("The day it changed", key=DAY_KEY, format="YYYY-MM-DD")
    change.text_input(
        "What changed that day", key=CHANGE_KEY, max_chars=120, placeholder="e.g. SKU mapping fixed"
    )
    st.button(
        "Try the sample queue (both periods in one log)",
        icon=":material/dataset:",
        on_click=_use_joined_sample,
    )


def _saved_inputs() -> None:
    left, right = st.columns(2)
    left.text_input("Before: a saved analysis' link or id", key=BEFORE_LINK)
    right.text_input("After: a saved analysis' link or id", key=AFTER_LINK)
    st.caption(
        "Paste share links from Analyse a log (Save & share), e.g. …/analyze?analysis=…&rev=2."
    )


def _options(spec: Spec, mode: object) -> None:
    left, right = st.columns([1, 3])
    if st.session_state.get(GROUP_BY_KEY) not in GROUP_BY_FIELDS:
        st.session_state[GROUP_BY_KEY] = DEFAULT_GROUP_BY
    left.selectbox("Group by", GROUP_BY_FIELDS, key=GROUP_BY_KEY, format_func=spec.field_label)
    if mode != SPLIT:
        right.text_input(
            "What changed between them (optional)",
            key=CHANGE_KEY,
            max_chars=120,
            placeholder="e.g. SKU mapping fixed",
        )


def _files() -> dict[str, Given]:
    files: dict[str, Given] = st.session_state.setdefault(_FILES, {})
    return files


def _uploader(label: str, key: str) -> None:
    """The uploader of one log (emptied once its file is read; the caption below names the
    log the page keeps)."""
    uploaded = emptied_uploader(label, key, help=SUPPORTED_TEXT)
    if uploaded is not None:
        _files()[key] = Given(uploaded.name, uploaded.getvalue())
        st.rerun()
    _given_caption(key)


def _given_caption(key: str) -> None:
    given = _files().get(key)
    st.caption(f"Using {markdown_escape(given.name)}" if given else "No log yet.")


def _sample(name: str) -> Given:
    path = next(sample.path for sample in sample_logs() if sample.name == name)
    return Given(name, path.read_bytes())


def _use_samples() -> None:
    before, after = (_sample(name) for name in SAMPLES)
    _files().update({BEFORE_KEY: before, AFTER_KEY: after})
    st.session_state[CHANGE_KEY] = SAMPLE_CHANGE


def _use_joined_sample() -> None:
    before, after = (_sample(name) for name in SAMPLES)
    joined = before.data + after.data.split(b"\n", 1)[1]
    _files()[LOG_KEY] = Given("period_before_and_after.csv", joined)
    st.session_state[DAY_KEY] = SAMPLE_DAY
    st.session_state[CHANGE_KEY] = SAMPLE_CHANGE


def _run(spec: Spec, mode: str) -> Comparison | str:
    """The comparison, or what stopped it (as a sentence saying what to do)."""
    group_by = str(st.session_state.get(GROUP_BY_KEY) or DEFAULT_GROUP_BY)
    label = str(st.session_state.get(CHANGE_KEY) or "")
    try:
        if mode == SPLIT:
            split = _split(spec, group_by, label)
            if isinstance(split, str):
                return split
            return compare(split.before, split.after, [split.marker])
        periods = _two(spec, group_by) if mode == TWO_LOGS else _two_saved(spec)
        if isinstance(periods, str):
            return periods
        before, after = periods
        markers: list[ChangeMarker] = []
        if label and after.window is not None:
            markers.append(change_marker(after.window.first_day, label))
        return compare(before, after, markers)
    except LogError as error:
        return f"{error.where}: {error.problem}. {error.advice}."
    except (MappingError, ComparisonError, StoreError) as error:
        return str(error)


def _two(spec: Spec, group_by: str) -> tuple[Period, Period] | str:
    files = _files()
    if BEFORE_KEY not in files or AFTER_KEY not in files:
        return "Give both logs (before and after), or try the sample periods."
    before, after = files[BEFORE_KEY], files[AFTER_KEY]
    return (
        _log_period(before.sha256, before.name, group_by, spec.digest, before, spec),
        _log_period(after.sha256, after.name, group_by, spec.digest, after, spec),
    )


def _split(spec: Spec, group_by: str, label: str) -> SplitLog | str:
    given = _files().get(LOG_KEY)
    day = st.session_state.get(DAY_KEY)
    if given is None or not isinstance(day, date):
        return "Give the log and the day it changed (the split is at midnight UTC)."
    return _split_log(given.sha256, day, label, group_by, spec.digest, given, spec)


def _two_saved(spec: Spec) -> tuple[Period, Period] | str:
    texts = [str(st.session_state.get(key) or "").strip() for key in (BEFORE_LINK, AFTER_LINK)]
    if not all(texts):
        return "Paste both saved analyses' links (or ids)."
    store = app_store()
    periods = []
    for text in texts:
        analysis_id, revision = saved_link(text)
        opened = open_saved(store, spec, analysis_id, revision_from_text(revision))
        name = opened.document.title or analysis_id
        source = f"{name} (saved, revision {opened.saved.info.revision})"
        periods.append(Period.of(opened.document.analysis, source))
    return periods[0], periods[1]


def saved_link(text: str) -> tuple[str, str | None]:
    """(id, revision text) from a share link (…?analysis=ID&rev=N) or a bare id."""
    query = parse_qs(urlsplit(text).query)
    if "analysis" in query:
        revisions = query.get("rev")
        return query["analysis"][0], revisions[0] if revisions else None
    return text, None


@st.cache_resource(show_spinner="Analysing the log", max_entries=8)
def _log_period(
    sha256: str, name: str, group_by: str, spec_digest: str, _given: Given, _spec: Spec
) -> Period:
    return log_period(read_log(_given.data, _given.name), _spec, group_by=group_by)


@st.cache_resource(show_spinner="Splitting and analysing the log", max_entries=8)
def _split_log(
    sha256: str, day: date, label: str, group_by: str, spec_digest: str, _given: Given, _spec: Spec
) -> SplitLog:
    table = read_log(_given.data, _given.name)
    return split_log(table, _spec, day, label=label, group_by=group_by)


def show(comparison: Comparison) -> None:
    """The comparison: periods, readings, table, charts, new and vanished, one group's
    answers, and the downloads."""
    spec = comparison.spec
    st.text(f"Before: {period_line(comparison.before)}")
    st.text(f"After:  {period_line(comparison.after)}")
    for marker in comparison.markers:
        st.text(f"Changed on {marker.day:%d %b %Y}: {marker.label}")
    summary = reading_summary(comparison)
    for start in range(0, len(summary), TILES_PER_ROW):
        tiles = st.columns(TILES_PER_ROW, border=True)
        for tile, (_, label, count, text) in zip(tiles, summary[start:], strict=False):
            tile.metric(label, f"{count} group{'s' if count != 1 else ''}", help=text)
    with st.expander("What each reading means"):
        for reading in spec.follow_up.readings.values():
            st.markdown(f"**{reading.label}.** {reading.text}")
    unit = rate_unit(comparison)
    st.caption(
        f"Volumes are exceptions {unit}"
        + (
            ", each period over its own days."
            if comparison.per_week
            else ": at least one period has no timestamps."
        )
    )
    st.dataframe(comparison_frame(comparison), hide_index=True)
    for chart in (volume_chart(comparison), change_timeline(comparison)):
        st.altair_chart(chart, width="stretch", height=_height(chart))
    _new_and_vanished(comparison)
    _detail(comparison)
    _downloads(comparison)


def _height(chart: alt.TopLevelMixin) -> int:
    """The chart's own height plus room for its title, axis and legend (a layered chart's
    "content" height collapses on a page)."""
    plot = chart.to_dict(validate=False).get("height")
    return (plot if isinstance(plot, int) else 240) + CHART_FRAME


def _new_and_vanished(comparison: Comparison) -> None:
    left, right = st.columns(2)
    for column, title, rows, link in (
        (left, "New groups", comparison.new_groups, "downstream of"),
        (right, "Vanished groups", comparison.vanished_groups, "moved to"),
    ):
        column.markdown(f"**{title}**")
        names = [
            row.group + (f" ({link} {', '.join(row.related)})" if row.related else "")
            for row in rows
        ]
        column.text("\n".join(names) or "None")


def _detail(comparison: Comparison) -> None:
    spec = comparison.spec
    names = [row.group for row in comparison.groups]
    st.markdown("**One group, before and after**")
    name = st.selectbox("Group", names, key=DETAIL_KEY)
    row = comparison.group(str(name))
    reading = spec.follow_up.readings[row.reading]
    st.markdown(f"**{reading.label}.** {reading.text}")
    st.text(f"Type: {type_text(spec, row.before)} → {type_text(spec, row.after)}")
    answers = [
        {
            "Question": f"{spec.number(c.question)}. {spec.question(c.question).title}",
            "Before": spec.question(c.question).answer(c.before).label if c.before else "—",
            "After": spec.question(c.question).answer(c.after).label if c.after else "—",
            "Changed": c.changed,
        }
        for c in row.answers
    ]
    st.dataframe(answers, hide_index=True)


def _downloads(comparison: Comparison) -> None:
    stem = file_stem(" ".join(m.label for m in comparison.markers), "comparison")
    with st.container(horizontal=True):
        for label, build, suffix, mime in (
            (
                "Report (HTML)",
                lambda: comparison_report_html(comparison).encode(),
                "html",
                "text/html",
            ),
            (
                "Report (Markdown)",
                lambda: comparison_report_markdown(comparison).encode(),
                "md",
                "text/markdown",
            ),
            (
                "Comparison (JSON)",
                lambda: json.dumps(comparison.to_dict(), indent=2, ensure_ascii=False).encode(),
                "json",
                "application/json",
            ),
        ):
            st.download_button(
                label,
                data=build,
                file_name=f"{stem}.{suffix}",
                mime=mime,
                icon=":material/download:",
                on_click="ignore",
            )
