"""Find a text log's encoding with charset-normalizer and hand the rest UTF-8 bytes.

The head of the file decides, plus lines with non-ASCII bytes sampled from further on (a
Windows-1252 file can be pure ASCII for its first thousand rows). UTF-8 input is passed on
without a copy; anything else is transcoded once.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
from charset_normalizer import CharsetMatch, from_bytes

from framework.logs.table import LogError

# The encodings an exception export is written in; a wider set only adds wrong guesses on
# short samples (Baltic and Central European code pages look alike on a few accents).
CANDIDATES = ("utf_8", "utf_16", "utf_32", "cp1252", "latin_1")
LABELS = {
    "utf_8": "UTF-8",
    "utf_16": "UTF-16",
    "utf_32": "UTF-32",
    "cp1252": "Windows-1252",
    "latin_1": "Latin-1",
}
_HEAD_BYTES = 64 * 1024
_SNIPPETS = 100
_SNIPPET_BYTES = 160
_CONTROL_SHARE = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_TEXT_ADVICE = "Upload the log itself as CSV, JSON, JSON Lines, Excel (.xlsx) or Parquet"


@dataclass(frozen=True)
class Utf8:
    """A text log as UTF-8 bytes (no byte-order mark) and the encoding it was written in."""

    data: bytes | memoryview
    encoding: str


def to_utf8(data: bytes, filename: str) -> Utf8:
    """Detect the encoding of `data` and return it as UTF-8, or raise `LogError`."""
    match = detect(data)
    if match is None:
        raise _undecodable(data, filename)
    _reject_binary(str(match), filename)
    label = LABELS.get(match.encoding, match.encoding) + (" with BOM" if match.bom else "")
    if match.encoding == "utf_8":
        start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        return Utf8(memoryview(data)[start:], label)
    try:
        text = data.decode(match.encoding)
    except UnicodeDecodeError as error:
        raise not_encoded(data, error, filename, label) from None
    return Utf8(text.lstrip("\ufeff").encode("utf-8"), label)


def detect(data: bytes) -> CharsetMatch | None:
    """charset-normalizer's best match for the head of `data` and its non-ASCII lines."""
    head = _head(data)
    match = _best(head)
    if match is None or match.encoding in ("utf_16", "utf_32") or data.isascii():
        return match
    return _best(head + b"\n" + b"\n".join(_high_byte_snippets(data, len(head)))) or match


def not_encoded(data: bytes, error: UnicodeDecodeError, filename: str, label: str) -> LogError:
    """A `LogError` naming the line of the first byte that does not fit `label`."""
    line = data.count(b"\n", 0, error.start) + 1
    byte = data[error.start : error.start + 1].hex()
    return LogError(
        filename,
        f"byte 0x{byte} is not valid {label} text, unlike the rest of the file",
        "Save the file as UTF-8 (in Excel: Save As › CSV UTF-8) and upload it again",
        line=line,
    )


def _undecodable(data: bytes, filename: str) -> LogError:
    """Text with a few bytes no encoding explains (mixed encodings), or not text at all."""
    head = _head(data)
    text = head.decode("utf-8", errors="replace")
    if b"\x00" not in head and len(_CONTROL.findall(text)) <= _CONTROL_SHARE * len(text):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            return not_encoded(data, error, filename, "UTF-8")
    return LogError(filename, "this is not a text file (no text encoding fits)", _TEXT_ADVICE)


def _best(sample: bytes) -> CharsetMatch | None:
    matches = from_bytes(sample, cp_isolation=list(CANDIDATES))
    best = matches.best()
    if best is None:  # very short samples: accept a little more noise before giving up
        best = from_bytes(sample, cp_isolation=list(CANDIDATES), threshold=0.5).best()
    return best


def _head(data: bytes) -> bytes:
    """The first 64 KiB, cut after a line break so no character is split in two."""
    if len(data) <= _HEAD_BYTES:
        return data
    end = data.rfind(b"\n", 0, _HEAD_BYTES) + 1
    if end == 0:
        end = _HEAD_BYTES
        while end > 0 and data[end - 1] >= 0x80:
            end -= 1
    while end < len(data) and end % 4 and data[end] == 0:  # UTF-16/32 LE: "\n\0", "\n\0\0\0"
        end += 1
    return data[:end]


def _high_byte_snippets(data: bytes, start: int) -> list[bytes]:
    """Up to 100 short stretches of `data` around its non-ASCII bytes, whole characters only."""
    snippets: list[bytes] = []
    view = np.frombuffer(data, dtype=np.uint8)
    position = start
    window = 64 * 1024
    while len(snippets) < _SNIPPETS and position < len(data):
        chunk = view[position : position + window] >= 0x80
        if not chunk.any():
            position += window
            window = min(window * 2, 16 * 1024 * 1024)
            continue
        found = position + int(chunk.argmax())
        begin, end = max(start, found - _SNIPPET_BYTES), min(len(data), found + _SNIPPET_BYTES)
        while begin > start and data[begin - 1] >= 0x80:
            begin -= 1
        while end < len(data) and data[end] >= 0x80:
            end += 1
        snippets.append(data[begin:end])
        position = end
    return snippets


def _reject_binary(head_text: str, filename: str) -> None:
    controls = len(_CONTROL.findall(head_text))
    if "\x00" in head_text or controls > _CONTROL_SHARE * max(len(head_text), 1):
        raise LogError(
            filename, "this looks like a binary file, not a text log (control bytes)", _TEXT_ADVICE
        )


class Utf8Reader(io.RawIOBase):
    """A binary file in `encoding`, read as UTF-8 bytes (a byte-order mark left out), so a
    log in any encoding streams into a UTF-8 parser without being loaded whole."""

    def __init__(self, raw: BinaryIO, encoding: str, filename: str) -> None:
        self.text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        self.filename = filename
        self.label = LABELS.get(encoding, encoding)
        self.pending = b""
        self.lines = 0
        self.started = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while len(self.pending) < len(buffer):
            try:
                chunk = self.text.read(1 << 20)
            except UnicodeDecodeError:
                raise LogError(
                    self.filename,
                    f"a byte is not valid {self.label} text, unlike the rest of the file",
                    "Save the file as UTF-8 (in Excel: Save As › CSV UTF-8) and try again",
                    line=self.lines + 1,
                ) from None
            if not chunk:
                break
            if not self.started:
                chunk, self.started = chunk.lstrip("\ufeff"), True
            self.lines += chunk.count("\n")
            self.pending += chunk.encode("utf-8")
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size
