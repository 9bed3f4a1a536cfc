"""Text written in chunks: a big export makes a million small pieces, the file gets few writes."""

from __future__ import annotations

from typing import Protocol

__all__ = ["Chunked", "Writable"]


class Writable(Protocol):
    """Where text goes in the end: a binary file, or anything that takes bytes."""

    def write(self, data: bytes, /) -> object:
        """Take *data*."""


class Chunked:
    """Queue text, and write it to *handle* as UTF-8 once *chunk* characters are queued.

    :param handle: where the bytes go
    :param chunk: characters queued before a write
    """

    def __init__(self, handle: Writable, chunk: int = 1 << 20) -> None:
        self.handle = handle
        self.chunk = chunk
        self.pending: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        """Queue *text*; write the queue once it holds a chunk."""
        self.pending.append(text)
        self.size += len(text)
        if self.size >= self.chunk:
            self.flush()

    def flush(self) -> None:
        """Write what is queued."""
        if self.pending:
            self.handle.write("".join(self.pending).encode("utf-8"))
        self.pending, self.size = [], 0
