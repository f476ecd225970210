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
    cli/        → python -m framework validate | diagnose | analyze | report | compare | tag

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
    "action_items_csv": "framework.analysis.action_export",
    "action_items_table": "framework.analysis.action_export",
    "STATUSES": "framework.analysis.action_items",
    "STATUS_LABELS": "framework.analysis.action_items",
    "ActionItem": "framework.analysis.action_items",
    "ActionItemError": "framework.analysis.action_items",
    "ActionItems": "framework.analysis.action_items",
    "OverrideReason": "framework.analysis.action_items",
    "checked_item": "framework.analysis.action_items",
    "checked_reason": "framework.analysis.action_items",
    "ChangeMarker": "framework.analysis.comparison",
    "Comparison": "framework.analysis.comparison",
    "ComparisonError": "framework.analysis.comparison",
    "Period": "framework.analysis.comparison",
    "compare": "framework.analysis.comparison",
    "UNKNOWN_GROUP": "framework.analysis.intake",
    "RecordError": "framework.analysis.intake",
    "Tag": "framework.analysis.intake",
    "Tagger": "framework.analysis.intake",
    "parse_record": "framework.analysis.intake",
    "SplitLog": "framework.analysis.periods",
    "change_marker": "framework.analysis.periods",
    "log_period": "framework.analysis.periods",
    "split_log": "framework.analysis.periods",
    "TrendReport": "framework.analysis.trends",
    "group_trends": "framework.analysis.trends",
    "comparison_report_html": "framework.report.comparison_report",
    "comparison_report_markdown": "framework.report.comparison_report",
    "RevisionDiff": "framework.store.revision_changes",
    "revision_diff": "framework.store.revision_changes",
    "BUDGET_SECONDS": "framework.analysis.background",
    "Job": "framework.analysis.background",
    "JobStopped": "framework.analysis.background",
    "Prepared": "framework.analysis.background",
    "analyse_mapped": "framework.analysis.background",
    "start_prepare": "framework.analysis.background",
    "start_spare": "framework.analysis.background",
    "KeptBytes": "framework.analysis.kept_bytes",
    "hand_back_freed": "framework.columnar.arrow_memory",
    "CostReport": "framework.analysis.cost",
    "recurrence_costs": "framework.analysis.cost",
    "AnalysisDocument": "framework.analysis.document",
    "CostSettings": "framework.analysis.document",
    "MAX_TITLE_LENGTH": "framework.analysis.document",
    "SourceInfo": "framework.analysis.document",
    "EXCEL_MAX_ROWS": "framework.analysis.exports",
    "SheetTooLarge": "framework.analysis.exports",
    "diagnostic_sheet": "framework.analysis.exports",
    "groups_csv": "framework.analysis.exports",
    "groups_json": "framework.analysis.exports",
    "sheet_csv": "framework.analysis.exports",
    "sheet_xlsx": "framework.analysis.exports",
    "FlipReport": "framework.analysis.flips",
    "flip_report": "framework.analysis.flips",
    "points": "framework.analysis.flips",
    "OverrideError": "framework.analysis.overrides",
    "Overrides": "framework.analysis.overrides",
    "applicable": "framework.analysis.overrides",
    "clear_override": "framework.analysis.overrides",
    "set_override": "framework.analysis.overrides",
    "with_overrides": "framework.analysis.overrides",
    "analyze": "framework.analysis.pipeline",
    "analyze_table": "framework.analysis.pipeline",
    "mapping_for": "framework.analysis.pipeline",
    "Analysis": "framework.analysis.results",
    "neutralise_text": "framework.analysis.safe_cells",
    "safe_frame": "framework.analysis.safe_cells",
    "GroupResult": "framework.analysis.results",
    "group_rows": "framework.analysis.rows",
    "tag_rows": "framework.analysis.rows",
    "DEFAULT_GROUP_BY": "framework.columns.group_by",
    "first_group_by": "framework.columns.group_by",
    "fitting_group_by": "framework.columns.group_by",
    "group_by_choices": "framework.columns.group_by",
    "group_by_label": "framework.columns.group_by",
    "ColumnMapping": "framework.columns.mapping",
    "MappingError": "framework.columns.mapping",
    "Condition": "framework.columns.row_filter",
    "RowFilter": "framework.columns.row_filter",
    "parse_where": "framework.columns.row_filter",
    "apply_overrides": "framework.columns.mapping",
    "detect_mapping": "framework.columns.mapping",
    "AnswerError": "framework.engine",
    "Diagnosis": "framework.engine",
    "diagnose": "framework.engine",
    "verdict_flips": "framework.engine",
    "read_log": "framework.logs.reading",
    "read_log_file": "framework.logs.reading",
    "sheet_names": "framework.logs.reading",
    "SampleLog": "framework.logs.samples",
    "sample_logs": "framework.logs.samples",
    "LogError": "framework.logs.table",
    "LogTable": "framework.logs.table",
    "MAX_LOG_BYTES": "framework.logs.table",
    "ReportContext": "framework.report.analysis_report",
    "analysis_report_html": "framework.report.analysis_report",
    "analysis_report_markdown": "framework.report.analysis_report",
    "report_filename": "framework.report.analysis_report",
    "saved_line": "framework.report.analysis_report",
    "markdown_escape": "framework.report.blocks",
    "summary_filename": "framework.report.triage_summary",
    "summary_html": "framework.report.triage_summary",
    "summary_markdown": "framework.report.triage_summary",
    "DEFAULT_SPEC_PATH": "framework.spec.loader",
    "load_spec": "framework.spec.loader",
    "parse_spec": "framework.spec.loader",
    "spec_problems": "framework.spec.loader",
    "ADVICE_KEYS": "framework.spec.model",
    "Advice": "framework.spec.model",
    "Answer": "framework.spec.model",
    "FIELD_IDS": "framework.spec.model",
    "GlossaryEntry": "framework.spec.model",
    "INTEGRATION": "framework.spec.model",
    "MatrixRow": "framework.spec.model",
    "PROCESS": "framework.spec.model",
    "Question": "framework.spec.model",
    "Spec": "framework.spec.model",
    "Verdict": "framework.spec.model",
    "Problem": "framework.spec.problems",
    "SpecError": "framework.spec.problems",
    "DEFAULT_DB_PATH": "framework.store.config",
    "database_url_from": "framework.store.config",
    "OpenedAnalysis": "framework.store.opening",
    "open_saved": "framework.store.opening",
    "revision_from_text": "framework.store.opening",
    "saved_log_table": "framework.store.opening",
    "AnalysisNotFound": "framework.store.records",
    "LogBlob": "framework.store.records",
    "LogTooLarge": "framework.store.records",
    "SaveOutcomeUnknown": "framework.store.records",
    "SavedRef": "framework.store.records",
    "StoreError": "framework.store.records",
    "new_analysis_id": "framework.store.records",
    "Store": "framework.store.saved_analyses",
    "open_store": "framework.store.saved_analyses",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from framework.analysis.action_export import (
        action_items_csv as action_items_csv,
    )
    from framework.analysis.action_export import (
        action_items_table as action_items_table,
    )
    from framework.analysis.action_items import (
        STATUS_LABELS as STATUS_LABELS,
    )
    from framework.analysis.action_items import (
        STATUSES as STATUSES,
    )
    from framework.analysis.action_items import (
        ActionItem as ActionItem,
    )
    from framework.analysis.action_items import (
        ActionItemError as ActionItemError,
    )
    from framework.analysis.action_items import (
        ActionItems as ActionItems,
    )
    from framework.analysis.action_items import (
        OverrideReason as OverrideReason,
    )
    from framework.analysis.action_items import (
        checked_item as checked_item,
    )
    from framework.analysis.action_items import (
        checked_reason as checked_reason,
    )
    from framework.analysis.background import (
        BUDGET_SECONDS as BUDGET_SECONDS,
    )
    from framework.analysis.background import (
        Job as Job,
    )
    from framework.analysis.background import (
        JobStopped as JobStopped,
    )
    from framework.analysis.background import (
        Prepared as Prepared,
    )
    from framework.analysis.background import (
        analyse_mapped as analyse_mapped,
    )
    from framework.analysis.background import (
        start_prepare as start_prepare,
    )
    from framework.analysis.background import (
        start_spare as start_spare,
    )
    from framework.analysis.comparison import (
        ChangeMarker as ChangeMarker,
    )
    from framework.analysis.comparison import (
        Comparison as Comparison,
    )
    from framework.analysis.comparison import (
        ComparisonError as ComparisonError,
    )
    from framework.analysis.comparison import (
        Period as Period,
    )
    from framework.analysis.comparison import (
        compare as compare,
    )
    from framework.analysis.cost import (
        CostReport as CostReport,
    )
    from framework.analysis.cost import (
        recurrence_costs as recurrence_costs,
    )
    from framework.analysis.document import (
        MAX_TITLE_LENGTH as MAX_TITLE_LENGTH,
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
    from framework.analysis.exports import (
        EXCEL_MAX_ROWS as EXCEL_MAX_ROWS,
    )
    from framework.analysis.exports import (
        SheetTooLarge as SheetTooLarge,
    )
    from framework.analysis.exports import (
        diagnostic_sheet as diagnostic_sheet,
    )
    from framework.analysis.exports import (
        groups_csv as groups_csv,
    )
    from framework.analysis.exports import (
        groups_json as groups_json,
    )
    from framework.analysis.exports import (
        sheet_csv as sheet_csv,
    )
    from framework.analysis.exports import (
        sheet_xlsx as sheet_xlsx,
    )
    from framework.analysis.flips import (
        FlipReport as FlipReport,
    )
    from framework.analysis.flips import (
        flip_report as flip_report,
    )
    from framework.analysis.flips import (
        points as points,
    )
    from framework.analysis.intake import (
        UNKNOWN_GROUP as UNKNOWN_GROUP,
    )
    from framework.analysis.intake import (
        RecordError as RecordError,
    )
    from framework.analysis.intake import (
        Tag as Tag,
    )
    from framework.analysis.intake import (
        Tagger as Tagger,
    )
    from framework.analysis.intake import (
        parse_record as parse_record,
    )
    from framework.analysis.kept_bytes import (
        KeptBytes as KeptBytes,
    )
    from framework.analysis.overrides import (
        OverrideError as OverrideError,
    )
    from framework.analysis.overrides import (
        Overrides as Overrides,
    )
    from framework.analysis.overrides import (
        applicable as applicable,
    )
    from framework.analysis.overrides import (
        clear_override as clear_override,
    )
    from framework.analysis.overrides import (
        set_override as set_override,
    )
    from framework.analysis.overrides import (
        with_overrides as with_overrides,
    )
    from framework.analysis.periods import (
        SplitLog as SplitLog,
    )
    from framework.analysis.periods import (
        change_marker as change_marker,
    )
    from framework.analysis.periods import (
        log_period as log_period,
    )
    from framework.analysis.periods import (
        split_log as split_log,
    )
    from framework.analysis.pipeline import (
        analyze as analyze,
    )
    from framework.analysis.pipeline import (
        analyze_table as analyze_table,
    )
    from framework.analysis.pipeline import (
        mapping_for as mapping_for,
    )
    from framework.analysis.results import (
        Analysis as Analysis,
    )
    from framework.analysis.results import (
        GroupResult as GroupResult,
    )
    from framework.analysis.rows import (
        group_rows as group_rows,
    )
    from framework.analysis.rows import (
        tag_rows as tag_rows,
    )
    from framework.analysis.safe_cells import (
        neutralise_text as neutralise_text,
    )
    from framework.analysis.safe_cells import (
        safe_frame as safe_frame,
    )
    from framework.analysis.trends import (
        TrendReport as TrendReport,
    )
    from framework.analysis.trends import (
        group_trends as group_trends,
    )
    from framework.columnar.arrow_memory import (
        hand_back_freed as hand_back_freed,
    )
    from framework.columns.group_by import (
        DEFAULT_GROUP_BY as DEFAULT_GROUP_BY,
    )
    from framework.columns.group_by import (
        first_group_by as first_group_by,
    )
    from framework.columns.group_by import (
        fitting_group_by as fitting_group_by,
    )
    from framework.columns.group_by import (
        group_by_choices as group_by_choices,
    )
    from framework.columns.group_by import (
        group_by_label as group_by_label,
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
    from framework.columns.row_filter import (
        Condition as Condition,
    )
    from framework.columns.row_filter import (
        RowFilter as RowFilter,
    )
    from framework.columns.row_filter import (
        parse_where as parse_where,
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
    from framework.logs.samples import (
        SampleLog as SampleLog,
    )
    from framework.logs.samples import (
        sample_logs as sample_logs,
    )
    from framework.logs.table import (
        MAX_LOG_BYTES as MAX_LOG_BYTES,
    )
    from framework.logs.table import (
        LogError as LogError,
    )
    from framework.logs.table import (
        LogTable as LogTable,
    )
    from framework.report.analysis_report import (
        ReportContext as ReportContext,
    )
    from framework.report.analysis_report import (
        analysis_report_html as analysis_report_html,
    )
    from framework.report.analysis_report import (
        analysis_report_markdown as analysis_report_markdown,
    )
    from framework.report.analysis_report import (
        report_filename as report_filename,
    )
    from framework.report.analysis_report import (
        saved_line as saved_line,
    )
    from framework.report.blocks import (
        markdown_escape as markdown_escape,
    )
    from framework.report.comparison_report import (
        comparison_report_html as comparison_report_html,
    )
    from framework.report.comparison_report import (
        comparison_report_markdown as comparison_report_markdown,
    )
    from framework.report.triage_summary import (
        summary_filename as summary_filename,
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
        ADVICE_KEYS as ADVICE_KEYS,
    )
    from framework.spec.model import (
        FIELD_IDS as FIELD_IDS,
    )
    from framework.spec.model import (
        INTEGRATION as INTEGRATION,
    )
    from framework.spec.model import (
        PROCESS as PROCESS,
    )
    from framework.spec.model import (
        Advice as Advice,
    )
    from framework.spec.model import (
        Answer as Answer,
    )
    from framework.spec.model import (
        GlossaryEntry as GlossaryEntry,
    )
    from framework.spec.model import (
        MatrixRow as MatrixRow,
    )
    from framework.spec.model import (
        Question as Question,
    )
    from framework.spec.model import (
        Spec as Spec,
    )
    from framework.spec.model import (
        Verdict as Verdict,
    )
    from framework.spec.problems import (
        Problem as Problem,
    )
    from framework.spec.problems import (
        SpecError as SpecError,
    )
    from framework.store.config import (
        DEFAULT_DB_PATH as DEFAULT_DB_PATH,
    )
    from framework.store.config import (
        database_url_from as database_url_from,
    )
    from framework.store.opening import (
        OpenedAnalysis as OpenedAnalysis,
    )
    from framework.store.opening import (
        open_saved as open_saved,
    )
    from framework.store.opening import (
        revision_from_text as revision_from_text,
    )
    from framework.store.opening import (
        saved_log_table as saved_log_table,
    )
    from framework.store.records import (
        AnalysisNotFound as AnalysisNotFound,
    )
    from framework.store.records import (
        LogBlob as LogBlob,
    )
    from framework.store.records import (
        LogTooLarge as LogTooLarge,
    )
    from framework.store.records import (
        SavedRef as SavedRef,
    )
    from framework.store.records import (
        SaveOutcomeUnknown as SaveOutcomeUnknown,
    )
    from framework.store.records import (
        StoreError as StoreError,
    )
    from framework.store.records import (
        new_analysis_id as new_analysis_id,
    )
    from framework.store.revision_changes import (
        RevisionDiff as RevisionDiff,
    )
    from framework.store.revision_changes import (
        revision_diff as revision_diff,
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
