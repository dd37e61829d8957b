"""Where file content lives. Every backend takes and returns bytes under a key of the form
`<tenant id>/<file id>`; the database row holds the metadata and the access rules, the
storage only the bytes, so a backend never decides who may read what."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Protocol


class FileStorage(Protocol):
    async def put(self, key: str, content: bytes) -> None: ...

    async def get(self, key: str) -> bytes: ...

    async def delete(self, key: str) -> None: ...


class LocalDirectoryStorage:
    """Files under one directory, one sub-directory per tenant. Writes go to a temporary
    name first and are renamed into place, so a reader never sees half a file."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        tenant, _, name = key.partition("/")
        if not tenant or not name or "/" in name or ".." in key:
            raise ValueError(f"not a storage key: {key!r}")
        return self.root / tenant / name

    async def put(self, key: str, content: bytes) -> None:
        await asyncio.to_thread(self._write, self._path(key), content)

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(self._path(key).read_bytes)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._path(key).unlink, True)

    @staticmethod
    def _write(path: Path, content: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(content)
        os.replace(partial, path)
