"""Readers for each section of `questions.yaml`, one function per section."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from framework.spec.model import (
    ADVICE_KEYS,
    FIELD_IDS,
    LANGUAGES,
    METRIC_PARAMS,
    OTHER_COLUMNS,
    SIDES,
    UNSURE,
    VERDICTS,
    VOCABULARY_KEYS,
    Advice,
    Answer,
    ColumnField,
    FaqEntry,
    GlossaryEntry,
    HeaderNames,
    InferenceRule,
    MatrixAdditions,
    MatrixRow,
    Question,
    Verdict,
)
from framework.spec.node_reader import NodeReader
from framework.spec.yaml_source import LineDict

QUESTION_KEYS = ("id", "title", "prompt", "explanation", "examples", "answers")
ANSWER_KEYS = ("value", "label", "hint", "points_to")
VERDICT_KEYS = ("label", "short", "summary", "color")
RULE_KEYS = ("metric", "measure", "min_rows", "high_answer", "high_at", "low_answer", "low_at")


MAX_QUESTIONS = 100  # the framework has five; the flowchart checks walk every path


def questions(root: LineDict, reader: NodeReader) -> tuple[Question, ...]:
    out: list[Question] = []
    seen: set[str] = set()
    items = reader.sequence(root, "questions", "questions")
    if len(items) > MAX_QUESTIONS:
        reader.problem(
            root, "questions", f"has {len(items):,} questions; at most {MAX_QUESTIONS} are read"
        )
        items = items[:MAX_QUESTIONS]
    for index, item in enumerate(items, start=1):
        node = reader.mapping(item, f"question {index}", root)
        if node is None:
            continue
        question_id = node.get("id")
        where = f"question '{question_id}'" if isinstance(question_id, str) else f"question {index}"
        reader.keys(node, where, QUESTION_KEYS)
        question_id = reader.text(node, "id", where)
        if question_id in seen:
            reader.problem(node, where, "duplicate question id; each id must be unique")
        seen.add(question_id)
        out.append(
            Question(
                id=question_id,
                title=reader.text(node, "title", where),
                prompt=reader.text(node, "prompt", where),
                explanation=reader.text(node, "explanation", where),
                examples=reader.texts(node, "examples", where, at_least=2),
                answers=_answers(node, reader, where),
            )
        )
    if "questions" in root and not out:
        reader.problem(root, "questions", "needs at least one question")
    return tuple(out)


def _answers(question: LineDict, reader: NodeReader, where: str) -> tuple[Answer, ...]:
    out: list[Answer] = []
    for index, item in enumerate(reader.sequence(question, "answers", where), start=1):
        node = reader.mapping(item, f"{where} answer {index}", question)
        if node is None:
            continue
        value = node.get("value")
        label = f"{where} answer {value!r}" if isinstance(value, str) else f"{where} answer {index}"
        reader.keys(node, label, ANSWER_KEYS, ("next", "verdict"))
        if isinstance(value, bool):  # reported by text(); carry on with what was meant
            reader.text(node, "value", label)
            value = "yes" if value else "no"
        else:
            value = reader.text(node, "value", label)
        if value and value in {answer.value for answer in out}:
            reader.problem(node, label, "duplicate answer value within this question")
        points_to = node.get("points_to")
        if points_to is not None and points_to not in SIDES:
            reader.problem(node, label, f"'points_to' must be one of {', '.join(SIDES)} or null")
            points_to = None
        if value == UNSURE and points_to is not None:
            reader.problem(node, label, "the 'unsure' answer must not vote ('points_to: null')")
        out.append(
            Answer(
                value=value,
                label=reader.text(node, "label", label),
                hint=reader.text(node, "hint", label),
                points_to=points_to,
                next=reader.optional_text(node, "next", label),
                verdict=reader.optional_text(node, "verdict", label),
            )
        )
    if "answers" in question and UNSURE not in {answer.value for answer in out}:
        reader.problem(question, where, f'needs an answer with value "{UNSURE}"')
    return tuple(out)


def _verdict(node: LineDict, reader: NodeReader, key: str, where: str) -> Verdict:
    reader.keys(node, where, VERDICT_KEYS)
    return Verdict(
        key,
        *(reader.text(node, field, where) for field in VERDICT_KEYS),
    )


def verdicts(root: LineDict, reader: NodeReader) -> Mapping[str, Verdict]:
    section = reader.mapping(root.get("verdicts"), "verdicts", root) if "verdicts" in root else None
    if section is None:
        return {}
    reader.keys(section, "verdicts", VERDICTS)
    out = {}
    for key in VERDICTS:
        node = (
            reader.mapping(section.get(key), f"verdict '{key}'", section)
            if key in section
            else None
        )
        if node is not None:
            out[key] = _verdict(node, reader, key, f"verdict '{key}'")
    return out


def both_present(root: LineDict, reader: NodeReader) -> Verdict:
    node = (
        reader.mapping(root.get("both_present"), "both_present", root)
        if "both_present" in root
        else None
    )
    if node is None:
        return Verdict("both", "", "", "", "")
    return _verdict(node, reader, "both", "both_present")


def matrix(root: LineDict, reader: NodeReader, known: Mapping[str, Any]) -> tuple[MatrixRow, ...]:
    """The framework's own comparison matrix: one row per symptom, tied to a question."""
    return _matrix_rows(root, reader, known, "matrix", "matrix")


def matrix_additions(
    root: LineDict, reader: NodeReader, known: Mapping[str, Any]
) -> MatrixAdditions:
    """Rows the app adds to the matrix (optional), with the note that labels them as added."""
    if "matrix_additions" not in root:
        return MatrixAdditions()
    node = reader.mapping(root.get("matrix_additions"), "matrix_additions", root)
    if node is None:
        return MatrixAdditions()
    reader.keys(node, "matrix_additions", ("note", "rows"))
    note = reader.text(node, "note", "matrix_additions")
    return MatrixAdditions(note, _matrix_rows(node, reader, known, "rows", "matrix_additions"))


def _matrix_rows(
    parent: LineDict, reader: NodeReader, known: Mapping[str, Any], key: str, name: str
) -> tuple[MatrixRow, ...]:
    out = []
    for index, item in enumerate(reader.sequence(parent, key, name), start=1):
        where = f"{name} row {index}"
        node = reader.mapping(item, where, parent)
        if node is None:
            continue
        reader.keys(node, where, ("symptom", "question", "integration", "process"))
        row = MatrixRow(
            *(
                reader.text(node, field, where)
                for field in ("symptom", "question", "integration", "process")
            )
        )
        if row.question and row.question not in known:
            reader.problem(node, where, f"refers to unknown question '{row.question}'")
        out.append(row)
    return tuple(out)


def glossary(root: LineDict, reader: NodeReader) -> tuple[GlossaryEntry, ...]:
    """Words the questions use, each with its meaning (optional); terms must be unique."""
    if "glossary" not in root:
        return ()
    out: list[GlossaryEntry] = []
    for index, item in enumerate(reader.sequence(root, "glossary", "glossary"), start=1):
        where = f"glossary entry {index}"
        node = reader.mapping(item, where, root)
        if node is None:
            continue
        reader.keys(node, where, ("term", "meaning"))
        entry = GlossaryEntry(reader.text(node, "term", where), reader.text(node, "meaning", where))
        if entry.term and entry.term.casefold() in {e.term.casefold() for e in out}:
            reader.problem(node, where, f"the term '{entry.term}' is explained twice")
        out.append(entry)
    return tuple(out)


def advice(root: LineDict, reader: NodeReader) -> Mapping[str, Advice]:
    section = reader.mapping(root.get("advice"), "advice", root) if "advice" in root else None
    if section is None:
        return {}
    reader.keys(section, "advice", ADVICE_KEYS)
    out = {}
    for key in ADVICE_KEYS:
        where = f"advice '{key}'"
        node = reader.mapping(section.get(key), where, section) if key in section else None
        if node is None:
            continue
        reader.keys(node, where, ("title", "summary", "steps"))
        out[key] = Advice(
            key,
            reader.text(node, "title", where),
            reader.text(node, "summary", where),
            reader.texts(node, "steps", where),
        )
    return out


def faq(root: LineDict, reader: NodeReader) -> tuple[FaqEntry, ...]:
    out = []
    for index, item in enumerate(reader.sequence(root, "faq", "faq"), start=1):
        where = f"faq entry {index}"
        node = reader.mapping(item, where, root)
        if node is not None:
            reader.keys(node, where, ("question", "answer"))
            out.append(
                FaqEntry(reader.text(node, "question", where), reader.text(node, "answer", where))
            )
    return tuple(out)


def columns(root: LineDict, reader: NodeReader) -> tuple[ColumnField, ...]:
    section = reader.mapping(root.get("columns"), "columns", root) if "columns" in root else None
    if section is None:
        return ()
    reader.keys(section, "columns", FIELD_IDS, (OTHER_COLUMNS,))
    out = []
    for key in FIELD_IDS:
        where = f"column '{key}'"
        node = reader.mapping(section.get(key), where, section) if key in section else None
        if node is not None:
            reader.keys(node, where, ("label", "synonyms"), ("words", "values", "languages"))
            synonyms = reader.texts(node, "synonyms", where)
            out.append(
                ColumnField(
                    key,
                    reader.text(node, "label", where),
                    synonyms,
                    _header_names(node, reader, where, synonyms),
                    reader.texts(node, "values", where) if "values" in node else (),
                )
            )
    return tuple(out)


def other_columns(root: LineDict, reader: NodeReader) -> tuple[HeaderNames, ...]:
    """`columns: other:`, the header names of columns that hold none of the fields."""
    section = root.get("columns")
    if not isinstance(section, LineDict) or OTHER_COLUMNS not in section:
        return ()
    where = f"column '{OTHER_COLUMNS}'"
    node = reader.mapping(section[OTHER_COLUMNS], where, section)
    if node is None:
        return ()
    reader.keys(node, where, ("synonyms",), ("words", "languages"))
    return _header_names(node, reader, where, reader.texts(node, "synonyms", where))


def _header_names(
    node: LineDict, reader: NodeReader, where: str, synonyms: tuple[str, ...]
) -> tuple[HeaderNames, ...]:
    """English names (the field's own `synonyms` and `words`), then each of `languages:`."""
    names = [HeaderNames("en", synonyms, _words(node, reader, where))]
    section = (
        reader.mapping(node["languages"], f"{where} languages", node)
        if "languages" in node
        else None
    )
    if section is None:
        return tuple(names)
    others = tuple(code for code in LANGUAGES if code != "en")
    reader.keys(section, f"{where} languages", (), others)
    for code in others:
        label = f"{where} languages '{code}'"
        entry = reader.mapping(section[code], label, section) if code in section else None
        if entry is None:
            continue
        reader.keys(entry, label, (), ("synonyms", "words"))
        if not entry:
            reader.problem(entry, label, "needs 'synonyms' or 'words'")
        found = reader.texts(entry, "synonyms", label) if "synonyms" in entry else ()
        names.append(HeaderNames(code, found, _words(entry, reader, label)))
    return tuple(names)


MAX_WORD_LISTS = 3  # "a word from each list": retry + outcome, error + code …


def _words(node: LineDict, reader: NodeReader, where: str) -> tuple[tuple[str, ...], ...]:
    """`words:`, a list of word lists: a header with a word from each list names the field."""
    if "words" not in node:
        return ()
    items = reader.sequence(node, "words", where)
    if len(items) > MAX_WORD_LISTS:
        reader.problem(node, where, f"'words' has {len(items)} lists; at most {MAX_WORD_LISTS}")
    out = []
    for index, item in enumerate(items[:MAX_WORD_LISTS], start=1):
        if not isinstance(item, list):
            reader.problem(node, where, f"'words' item {index} must be a list of words")
            continue
        holder = LineDict(words=item)
        holder.line = node.line
        listed = reader.texts(holder, "words", f"{where} words list {index}")
        single = tuple(word for word in listed if len(word.split()) == 1)
        if len(single) < len(listed):
            reader.problem(node, where, f"'words' list {index}: write one word per item")
        if single:
            out.append(single)
    return tuple(out)


def vocabulary(root: LineDict, reader: NodeReader) -> Mapping[str, tuple[str, ...]]:
    section = (
        reader.mapping(root.get("vocabulary"), "vocabulary", root) if "vocabulary" in root else None
    )
    if section is None:
        return {}
    reader.keys(section, "vocabulary", VOCABULARY_KEYS)
    return {key: reader.texts(section, key, f"vocabulary '{key}'") for key in VOCABULARY_KEYS}


def inference(
    root: LineDict, reader: NodeReader, known: Mapping[str, Question]
) -> Mapping[str, InferenceRule]:
    section = (
        reader.mapping(root.get("inference"), "inference", root) if "inference" in root else None
    )
    if section is None:
        return {}
    reader.keys(section, "inference", known)
    out = {}
    for question_id, question in known.items():
        where = f"inference '{question_id}'"
        node = (
            reader.mapping(section.get(question_id), where, section)
            if question_id in section
            else None
        )
        if node is not None:
            out[question_id] = _rule(node, reader, question, where)
    return out


def _rule(node: LineDict, reader: NodeReader, question: Question, where: str) -> InferenceRule:
    reader.keys(node, where, RULE_KEYS, ("params",))
    high_answer = reader.text(node, "high_answer", where)
    low_answer = reader.text(node, "low_answer", where)
    for key, value in (("high_answer", high_answer), ("low_answer", low_answer)):
        if value and (value not in question.values or value == UNSURE):
            allowed = ", ".join(v for v in question.values if v != UNSURE)
            reader.problem(node, where, f"'{key}' is {value!r}; it must be one of: {allowed}")
    if high_answer and high_answer == low_answer:
        reader.problem(node, where, "'high_answer' and 'low_answer' must differ")
    high_at = reader.number(node, "high_at", where, low=0, high=1)
    low_at = reader.number(node, "low_at", where, low=0, high=1)
    if "high_at" in node and "low_at" in node and low_at >= high_at:
        reader.problem(node, where, f"'low_at' ({low_at:g}) must be below 'high_at' ({high_at:g})")
    metric = reader.text(node, "metric", where)
    return InferenceRule(
        question=question.id,
        metric=metric,
        measure=reader.text(node, "measure", where),
        min_rows=int(reader.number(node, "min_rows", where, low=1, whole=True)),
        high_answer=high_answer,
        high_at=high_at,
        low_answer=low_answer,
        low_at=low_at,
        params=_params(node, reader, metric, where),
    )


def _params(node: LineDict, reader: NodeReader, metric: str, where: str) -> dict[str, float]:
    """The metric's parameters: exactly those it takes, each a number of 0 or more."""
    if metric and metric not in METRIC_PARAMS:
        known = ", ".join(METRIC_PARAMS)
        reader.problem(
            node, where, f"'metric' is {metric!r}, which the code does not know ({known})"
        )
        return {}
    takes = METRIC_PARAMS.get(metric, ())
    section = reader.mapping(node["params"], f"{where} params", node) if "params" in node else None
    section = LineDict() if "params" not in node else section
    if section is None:
        return {}
    for key in section:
        if key not in takes:
            allowed = ", ".join(takes) or "no parameters"
            reader.problem(
                section,
                f"{where} params",
                f"metric '{metric}' takes no '{key}' (it takes: {allowed})",
            )
    for key in takes:
        if key not in section:
            reader.problem(node, where, f"metric '{metric}' needs 'params: {key}: <number>'")
    return {
        key: reader.number(section, key, f"{where} params", low=0)
        for key in takes
        if key in section
    }
