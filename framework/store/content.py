"""What goes into the store's rows: documents as checked JSON text, logs compressed by hash.

Documents must be plain JSON: dicts with text keys, lists, text, numbers (finite), booleans
and null. Tuples and other mappings are accepted and come back as lists and dicts.
"""

from __future__ import annotations

import hashlib
import json
import math
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from framework.store.records import InvalidSave, LogBlob, LogTooLarge, StoreError, StoreLimits

COMPRESSION = "zlib"
TITLE_MAX, AUTHOR_MAX, NOTE_MAX, STAMP_MAX = 200, 100, 4000, 64
_MIB = 1024 * 1024


@dataclass(frozen=True)
class PackedLog:
    """A log ready to store: its hash, clean file name, sizes and compressed bytes."""

    sha256: str
    filename: str
    size: int
    content: bytes


def revision_content(
    document: Mapping[str, Any], spec_version: str, spec_digest: str, limits: StoreLimits
) -> dict[str, Any]:
    """The checked document and spec stamp columns of a revision row."""
    return {
        "spec_version": _text("spec_version", spec_version, STAMP_MAX),
        "spec_digest": _text("spec_digest", spec_digest, STAMP_MAX),
        "document": encode_document(document, limits),
    }


def people(author: str | None, note: str | None) -> dict[str, Any]:
    """The optional author and note columns, trimmed and checked (empty means none)."""
    return {
        "author": _text("author", author, AUTHOR_MAX) if author else None,
        "note": _text("note", note, NOTE_MAX) if note else None,
    }


def checked_title(title: str) -> str:
    return _text("title", title, TITLE_MAX)


def encode_document(document: Mapping[str, Any], limits: StoreLimits) -> str:
    """`document` as compact JSON text, or `InvalidSave` naming the first part JSON can't hold."""
    if not isinstance(document, Mapping):
        raise InvalidSave(f"The document must be a JSON object (a dict), not {_type(document)}.")
    problem = _json_problem(document, "document")
    if problem:
        raise InvalidSave(problem)
    text = json.dumps(
        document, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=dict
    )
    size = len(text.encode("utf-8"))
    if size > limits.max_document_bytes:
        raise InvalidSave(
            f"The analysis is {size / _MIB:.1f} MB as JSON; at most "
            f"{limits.max_document_bytes / _MIB:.0f} MB can be saved. Save fewer groups or "
            "leave out the sample rows."
        )
    return text


def decode_document(text: str) -> dict[str, Any]:
    """A stored document read back; `StoreError` when its text was damaged or edited."""
    try:
        document = json.loads(text)
    except ValueError:
        raise StoreError(
            "This saved revision is damaged in the database (its document is not valid "
            "JSON any more): open another revision from the history."
        ) from None
    if not isinstance(document, dict):
        raise StoreError("A stored document is not a JSON object: the database was edited.")
    return document


def pack_log(log: LogBlob, limits: StoreLimits) -> PackedLog:
    """Hash and compress `log`; `LogTooLarge` when it exceeds either size limit."""
    size = len(log.data)
    if size > limits.max_log_bytes:
        raise LogTooLarge(_too_large(log, "is", size, limits.max_log_bytes))
    content = zlib.compress(log.data, 6)
    if len(content) > limits.max_stored_log_bytes:
        raise LogTooLarge(
            _too_large(log, "compresses to", len(content), limits.max_stored_log_bytes)
        )
    digest = hashlib.sha256(log.data).hexdigest()
    return PackedLog(digest, clean_filename(log.filename), size, content)


def unpack_log(content: bytes, compression: str, sha256: str) -> bytes:
    """The original log bytes, checked against their hash."""
    if compression != COMPRESSION:
        raise StoreError(f"Stored log {sha256[:12]} uses unknown compression {compression!r}.")
    try:
        data = zlib.decompress(content)
    except zlib.error:
        raise StoreError(f"Stored log {sha256[:12]} is corrupt: it does not decompress.") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise StoreError(f"Stored log {sha256[:12]} is corrupt: its bytes no longer match.")
    return data


def clean_filename(name: str) -> str:
    """The bare file name (no folders from either OS), at most 255 characters."""
    bare = PurePosixPath(PureWindowsPath(name).name).name.strip()
    return (bare or "log")[-255:]


def _text(field: str, value: object, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidSave(f"The {field} must be non-empty text.")
    if len(value.strip()) > limit:
        raise InvalidSave(f"The {field} is {len(value.strip())} characters; at most {limit} fit.")
    return value.strip()


def _too_large(log: LogBlob, verb: str, size: int, limit: int) -> str:
    return (
        f"The log {clean_filename(log.filename)} {verb} {size / _MIB:.0f} MB; stored logs are "
        f"limited to {limit / _MIB:.0f} MB. Save the analysis without the log."
    )


def _json_problem(value: Any, where: str) -> str | None:
    if value is None or isinstance(value, str | bool | int):
        return None
    if isinstance(value, float):
        if math.isfinite(value):
            return None
        return f"{where} is {value}, which JSON cannot hold: use null or a finite number."
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{where} has the key {key!r} ({_type(key)}); JSON keys must be text."
            problem = _json_problem(item, f"{where}[{key!r}]")
            if problem:
                return problem
        return None
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            problem = _json_problem(item, f"{where}[{index}]")
            if problem:
                return problem
        return None
    return (
        f"{where} is {_type(value)}, which JSON cannot hold: convert it to text, a number, "
        "a list or a dict before saving."
    )


def _type(value: object) -> str:
    kind = type(value)
    module = "" if kind.__module__ == "builtins" else kind.__module__ + "."
    return f"a {module}{kind.__qualname__}"
