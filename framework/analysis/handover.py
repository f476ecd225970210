"""Handing a log's bytes to a worker process and its table back, through shared memory.

    send_bytes(conn, data)          # the app: the upload into a memory file, its descriptor sent
    data = receive_bytes(conn)      # the worker: the bytes, read once from that file
    fd = table_file(table)          # the worker: the table as Arrow IPC in a memory file
    send_file(conn, fd)             # (written apart, by any thread), its descriptor sent
    table = receive_table(conn)     # the app: the table, mapped (no copy, no socket transfer)

Only a file descriptor travels over the worker's socket (`SCM_RIGHTS`); the data is written
once into an anonymous memory file (`memfd_create`; an unnamed temporary file where there is
none) and read from it by the other side. Pushing hundreds of megabytes through the socket
instead costs a copy per read and a second one to put the pieces together. The file goes away
with the last descriptor or mapping: the table's memory is the mapping, for as long as the
table lives.
"""

from __future__ import annotations

import mmap
import os
import socket
import tempfile
from multiprocessing.connection import Connection

import pyarrow as pa

_TAG = b"F"


def send_bytes(conn: Connection, data: bytes) -> None:
    """Hand `data` over: written to a memory file whose descriptor is sent over `conn`."""
    fd = _memory_file()
    try:
        with open(fd, "wb", closefd=False) as file:
            file.write(data)
        _send_fd(conn, fd)
    finally:
        os.close(fd)


def receive_bytes(conn: Connection) -> bytes:
    """The bytes `send_bytes` handed over."""
    with open(_receive_fd(conn), "rb") as file:
        file.seek(0)  # the descriptor shares the writer's position: the end
        return file.read()


def table_file(table: pa.Table) -> int:
    """A memory file holding `table` as an Arrow IPC stream, for `send_file`."""
    fd = _memory_file()
    try:
        with open(fd, "wb", closefd=False) as file, pa.ipc.new_stream(file, table.schema) as out:
            out.write_table(table)
    except BaseException:
        os.close(fd)
        raise
    return fd


def send_file(conn: Connection, fd: int) -> None:
    """Send a memory file (`table_file`) over `conn`; the descriptor is closed here."""
    try:
        _send_fd(conn, fd)
    finally:
        os.close(fd)


def receive_table(conn: Connection) -> pa.Table:
    """The table `send_file` handed over; its columns are views of the mapped file."""
    fd = _receive_fd(conn)
    try:
        mapped = mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
    finally:
        os.close(fd)
    return pa.ipc.open_stream(pa.py_buffer(mapped)).read_all()


def _memory_file() -> int:
    if hasattr(os, "memfd_create"):
        return os.memfd_create("triage-handover", os.MFD_CLOEXEC)
    with tempfile.TemporaryFile() as file:  # removed from the disk once every copy is closed
        return os.dup(file.fileno())


def _send_fd(conn: Connection, fd: int) -> None:
    with socket.socket(fileno=os.dup(conn.fileno())) as sock:
        socket.send_fds(sock, [_TAG], [fd])


def _receive_fd(conn: Connection) -> int:
    with socket.socket(fileno=os.dup(conn.fileno())) as sock:
        _, fds, _, _ = socket.recv_fds(sock, len(_TAG), 1)
    if not fds:
        raise EOFError("the other side closed the connection")
    return fds[0]
