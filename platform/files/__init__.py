"""Stored files: ticket attachments and return photos (later invoices and contract
documents), kept in one storage interface (a local directory by default) under a
tenant-scoped key and served only through an authorised route.

Other domains claim uploads through `files.services` and show files with the type from
here."""

from files.rules import FILES_PER_ITEM, FilePurpose
from files.schema import StoredFileType, upload_ids

__all__ = ["FILES_PER_ITEM", "FilePurpose", "StoredFileType", "upload_ids"]
