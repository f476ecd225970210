"""Exception triage: the functional core. No Streamlit here; the app (`app.py`, `ui/`) and
the command line (`python -m framework`) are two shells over this package.

The data flows through one package per stage:

    spec/       questions.yaml → a validated Spec (questions, flowchart, matrix, advice,
                column synonyms, vocabulary, inference rules)
    engine.py   answers → a Diagnosis (flowchart verdict, five-point tally, advice)
    logs/       bytes → a LogTable (CSV, JSON, JSON Lines, Excel, Parquet; any encoding)
    columns/    a table → a ColumnMapping (which column holds which field)
    inference/  mapped columns → per group, the five answers with their evidence
    analysis/   → an Analysis: groups diagnosed, overrides, costs, flips, exports
    views/      → plain data the shells render (charts, handoff map, flowchart, tables)
    report/     → self-contained HTML / Markdown to hand round
    store/      → saved analyses behind share links (SQLite or PostgreSQL)
    cli/        → python -m framework validate | diagnose | analyze | report

The public API is importable from here; each name loads its module on first use, so
`import framework` stays cheap:

    spec = framework.load_spec()
    diagnosis = framework.diagnose(spec, {"payload_consistent": "no"})
    table = framework.read_log_file("queue.csv")
    mapping, analysis = framework.analyze_table(table, spec)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    # spec
    "DEFAULT_SPEC_PATH": "framework.spec.loader",
    "load_spec": "framework.spec.loader",
    "parse_spec": "framework.spec.loader",
    "spec_problems": "framework.spec.loader",
    "Problem": "framework.spec.problems",
    "SpecError": "framework.spec.problems",
    "Spec": "framework.spec.model",
    # engine
    "AnswerError": "framework.engine",
    "Diagnosis": "framework.engine",
    "diagnose": "framework.engine",
    "verdict_flips": "framework.engine",
    # logs
    "LogError": "framework.logs.table",
    "LogTable": "framework.logs.table",
    "read_log": "framework.logs.reading",
    "read_log_file": "framework.logs.reading",
    "sheet_names": "framework.logs.reading",
    # columns
    "ColumnMapping": "framework.columns.mapping",
    "MappingError": "framework.columns.mapping",
    "apply_overrides": "framework.columns.mapping",
    "detect_mapping": "framework.columns.mapping",
    # analysis
    "Analysis": "framework.analysis.results",
    "GroupResult": "framework.analysis.results",
    "analyze": "framework.analysis.pipeline",
    "analyze_table": "framework.analysis.pipeline",
    "OverrideError": "framework.analysis.overrides",
    "set_override": "framework.analysis.overrides",
    "with_overrides": "framework.analysis.overrides",
    "tag_rows": "framework.analysis.rows",
    "AnalysisDocument": "framework.analysis.document",
    "CostSettings": "framework.analysis.document",
    "SourceInfo": "framework.analysis.document",
    "recurrence_costs": "framework.analysis.cost",
    "flip_report": "framework.analysis.flips",
    # report
    "analysis_report_html": "framework.report.analysis_report",
    "analysis_report_markdown": "framework.report.analysis_report",
    "summary_html": "framework.report.triage_summary",
    "summary_markdown": "framework.report.triage_summary",
    # store
    "Store": "framework.store.saved_analyses",
    "open_store": "framework.store.saved_analyses",
    "StoreError": "framework.store.records",
    "open_saved": "framework.store.opening",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from framework.analysis.cost import (
        recurrence_costs as recurrence_costs,
    )
    from framework.analysis.document import (
        AnalysisDocument as AnalysisDocument,
    )
    from framework.analysis.document import (
        CostSettings as CostSettings,
    )
    from framework.analysis.document import (
        SourceInfo as SourceInfo,
    )
    from framework.analysis.flips import (
        flip_report as flip_report,
    )
    from framework.analysis.overrides import (
        OverrideError as OverrideError,
    )
    from framework.analysis.overrides import (
        set_override as set_override,
    )
    from framework.analysis.overrides import (
        with_overrides as with_overrides,
    )
    from framework.analysis.pipeline import (
        analyze as analyze,
    )
    from framework.analysis.pipeline import (
        analyze_table as analyze_table,
    )
    from framework.analysis.results import (
        Analysis as Analysis,
    )
    from framework.analysis.results import (
        GroupResult as GroupResult,
    )
    from framework.analysis.rows import (
        tag_rows as tag_rows,
    )
    from framework.columns.mapping import (
        ColumnMapping as ColumnMapping,
    )
    from framework.columns.mapping import (
        MappingError as MappingError,
    )
    from framework.columns.mapping import (
        apply_overrides as apply_overrides,
    )
    from framework.columns.mapping import (
        detect_mapping as detect_mapping,
    )
    from framework.engine import (
        AnswerError as AnswerError,
    )
    from framework.engine import (
        Diagnosis as Diagnosis,
    )
    from framework.engine import (
        diagnose as diagnose,
    )
    from framework.engine import (
        verdict_flips as verdict_flips,
    )
    from framework.logs.reading import (
        read_log as read_log,
    )
    from framework.logs.reading import (
        read_log_file as read_log_file,
    )
    from framework.logs.reading import (
        sheet_names as sheet_names,
    )
    from framework.logs.table import (
        LogError as LogError,
    )
    from framework.logs.table import (
        LogTable as LogTable,
    )
    from framework.report.analysis_report import (
        analysis_report_html as analysis_report_html,
    )
    from framework.report.analysis_report import (
        analysis_report_markdown as analysis_report_markdown,
    )
    from framework.report.triage_summary import (
        summary_html as summary_html,
    )
    from framework.report.triage_summary import (
        summary_markdown as summary_markdown,
    )
    from framework.spec.loader import (
        DEFAULT_SPEC_PATH as DEFAULT_SPEC_PATH,
    )
    from framework.spec.loader import (
        load_spec as load_spec,
    )
    from framework.spec.loader import (
        parse_spec as parse_spec,
    )
    from framework.spec.loader import (
        spec_problems as spec_problems,
    )
    from framework.spec.model import (
        Spec as Spec,
    )
    from framework.spec.problems import (
        Problem as Problem,
    )
    from framework.spec.problems import (
        SpecError as SpecError,
    )
    from framework.store.opening import (
        open_saved as open_saved,
    )
    from framework.store.records import (
        StoreError as StoreError,
    )
    from framework.store.saved_analyses import (
        Store as Store,
    )
    from framework.store.saved_analyses import (
        open_store as open_store,
    )


def __getattr__(name: str) -> Any:
    """Load a public name's module on first use (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'framework' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
