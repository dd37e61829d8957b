"""Stored files: ticket attachments and return photos (later invoices and contract
documents), kept in one storage interface (a local directory by default) under a
tenant-scoped key and served only through an authorised route."""
