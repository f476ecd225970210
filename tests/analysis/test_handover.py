"""Bytes and tables handed between the app and a worker through shared memory: what
arrives is exactly what was sent, and a closed connection is an end, not a hang."""

from __future__ import annotations

import socket
import threading
from multiprocessing.connection import Connection

import pyarrow as pa
import pytest

from framework.analysis import handover


def pair() -> tuple[Connection, Connection]:
    ours, theirs = socket.socketpair()
    return Connection(ours.detach()), Connection(theirs.detach())


def test_bytes_arrive_as_sent() -> None:
    """The bytes read on the other side are the bytes written, whole, from the start."""
    data = bytes(range(256)) * 4096
    sender, receiver = pair()
    handover.send_bytes(sender, data)
    assert handover.receive_bytes(receiver) == data


def test_a_table_arrives_as_sent_between_messages() -> None:
    """A table handed over equals the one sent (types, nulls, chunks' values), and the
    messages before and after it on the same connection still arrive in order."""
    table = pa.table(
        {"code": pa.array(["E1", None, "E2"] * 1000, pa.large_string()), "n": range(3000)}
    )
    sender, receiver = pair()
    sender.send(("done", b"meta"))
    handover.send_file(sender, handover.table_file(table))
    sender.send("after")
    assert receiver.recv() == ("done", b"meta")
    assert handover.receive_table(receiver).equals(table)
    assert receiver.recv() == "after"


def test_a_closed_connection_is_an_end() -> None:
    """With the other side gone before it sent anything, receiving raises EOFError."""
    sender, receiver = pair()
    sender.close()
    with pytest.raises(EOFError):
        handover.receive_table(receiver)


def test_a_table_written_on_another_thread_arrives_as_sent() -> None:
    """A table written into its memory file apart (on another thread, with no connection),
    then sent between messages, equals the one written."""
    table = pa.table({"code": pa.array(["E1", "E2", None] * 500, pa.string()), "n": range(1500)})
    files: list[int] = []
    writer = threading.Thread(target=lambda: files.append(handover.table_file(table)))
    writer.start()
    writer.join()
    sender, receiver = pair()
    sender.send(("rows",))
    handover.send_file(sender, files[0])
    sender.send("after")
    assert receiver.recv() == ("rows",)
    assert handover.receive_table(receiver).equals(table)
    assert receiver.recv() == "after"
