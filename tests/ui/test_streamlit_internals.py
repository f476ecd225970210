"""What the app changes in Streamlit's behaviour, and the server-wide tuning done once per
process: an uploaded file's deep copy (which Streamlit makes of every widget value, on every
run) shares the upload's bytes instead of copying them, and is as independent as a full copy;
the page modules are imported and the objects they leave frozen once, before the first page
runs."""

from __future__ import annotations

import copy
import gc
import sys

import pytest
from streamlit.proto.Common_pb2 import FileURLs
from streamlit.runtime.uploaded_file_manager import UploadedFileRec
from streamlit.typing import UploadedFile

from ui import heap, streamlit_internals


def an_upload(data: bytes) -> UploadedFile:
    record = UploadedFileRec(file_id="f1", name="log.csv", type="text/csv", data=data)
    return UploadedFile(record, FileURLs(file_id="f1", upload_url="/u", delete_url="/d"))


def test_a_deep_copy_of_an_upload_shares_its_bytes() -> None:
    """The copy Streamlit makes of an uploaded file holds the very same bytes (no second
    copy of the log), with the same name, type, id, size and position."""
    data = b"code,message\n" + b"E1,timeout\n" * 10_000
    upload = an_upload(data)
    upload.seek(5)
    copied = copy.deepcopy(upload)
    assert copied is not upload and type(copied) is UploadedFile
    assert copied.getvalue() is data and upload.getvalue() is data
    assert (copied.name, copied.type, copied.file_id, copied.size, copied.tell()) == (
        "log.csv",
        "text/csv",
        "f1",
        len(data),
        5,
    )
    assert copied._file_urls == upload._file_urls and copied._file_urls is not upload._file_urls


def test_a_copy_of_an_upload_is_independent_of_it() -> None:
    """Writing to the copy, reading from it or moving its position leaves the original's
    bytes and position as they were (and the other way round)."""
    data = b"0123456789" * 1000
    upload = an_upload(data)
    copied = copy.deepcopy(upload)
    copied.seek(0)
    copied.write(b"XX")
    assert copied.read(3) == b"234"
    assert upload.tell() == 0 and upload.getvalue() == data
    assert copied.getvalue()[:4] == b"XX23"
    upload.read(4)
    assert copied.tell() == 5


def test_the_copy_is_installed_once() -> None:
    """Asking again keeps the one `__deepcopy__` in place (importing the module installs it)."""
    installed = vars(UploadedFile)["__deepcopy__"]
    streamlit_internals.share_upload_bytes()
    assert vars(UploadedFile)["__deepcopy__"] is installed


def test_page_modules_are_imported_and_frozen_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first run imports every page module, collects and freezes the objects left;
    later runs (any session) do nothing more."""
    calls: list[str] = []

    def collect(*generation: int) -> int:
        calls.append("collect")
        return 0

    monkeypatch.setattr(heap, "_frozen", False)
    monkeypatch.setattr(gc, "collect", collect)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    heap.freeze_imports()
    heap.freeze_imports()
    assert calls == ["collect", "freeze"]
    assert all(name in sys.modules for name in heap.PAGE_MODULES)
