"""Supporting documents for an application: recognised by content (PDF, DOCX, XLSX or ODT,
never by the name or the browser's word), at most ``GRANTS_UPLOAD_MAX_BYTES``, stored under a
random name and served only through the permission-checked ``document`` view."""

import os
import zipfile
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from accounts.models import User
from grants.models import (
    Application,
    SupportingDocument,
)
from grants.services.applications import _locked, _require_editor, _touch

WRONG_TYPE = "The selected file must be a PDF, DOCX, XLSX or ODT"
EMPTY = "The selected file is empty"

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"


def size_text(size: int) -> str:
    """A size as people read it: "10 MB", "1.5 MB", "500 KB", "100 bytes" (1 MB = 1,024 KB)."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:,.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} byte{'' if size == 1 else 's'}"


def too_large() -> str:
    """The refusal of a file over ``GRANTS_UPLOAD_MAX_BYTES``, naming the limit configured."""
    return f"The selected file must be {size_text(settings.GRANTS_UPLOAD_MAX_BYTES)} or smaller"


#: A zip member read to tell an ODT from any other zip is tiny: refuse to read a huge one.
_MIMETYPE_MEMBER_LIMIT = 200


def detect_document_type(stream: IO[bytes]) -> str | None:
    """The content type of a PDF, DOCX, XLSX or ODT, judged by what the file holds (never its
    name or what the browser said), or None for anything else."""
    stream.seek(0)
    head = stream.read(5)
    stream.seek(0)
    if head == b"%PDF-":
        return PDF
    if not head.startswith(b"PK"):
        return None
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                small = archive.getinfo("mimetype").file_size <= _MIMETYPE_MEMBER_LIMIT
                if small and archive.read("mimetype").strip() == ODT.encode():
                    return ODT
            if "[Content_Types].xml" in names:
                if any(name.startswith("word/") for name in names):
                    return DOCX
                if any(name.startswith("xl/") for name in names):
                    return XLSX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError):
        return None
    finally:
        stream.seek(0)
    return None


def safe_name(name: str) -> str:
    """The uploader's file name without any folders, for showing and for the download."""
    name = os.path.basename(name.replace("\\", "/")).strip()
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"')
    return (name or "document")[-255:]


@transaction.atomic
def document_upload(
    *, user: User, application: Application, kind: str, uploaded_file: UploadedFile
) -> SupportingDocument:
    """Attach a PDF, DOCX, XLSX or ODT of at most ``GRANTS_UPLOAD_MAX_BYTES``."""
    application = _locked(application)
    _require_editor(user, application)
    errors: dict[str, str] = {}
    if kind not in SupportingDocument.Kind.values:
        errors["kind"] = "Choose what the document is"
    size = uploaded_file.size or 0
    content_type: str | None = None
    if size > settings.GRANTS_UPLOAD_MAX_BYTES:
        errors["file"] = too_large()
    elif size == 0:
        errors["file"] = EMPTY
    else:
        content_type = detect_document_type(uploaded_file)
        if content_type is None:
            errors["file"] = WRONG_TYPE
    if errors:
        raise ValidationError(errors)
    document = SupportingDocument(
        application=application,
        kind=kind,
        original_name=safe_name(uploaded_file.name or ""),
        content_type=content_type or "",
        size=size,
        uploaded_by=user,
    )
    uploaded_file.seek(0)
    document.file.save("upload", uploaded_file, save=False)
    try:
        document.save()
    except Exception:
        document.file.storage.delete(document.file.name)  # no row, so no file either
        raise
    _touch(application)
    return document


@transaction.atomic
def document_delete(*, user: User, document: SupportingDocument) -> None:
    """Remove a document; its file goes once the removal commits. Asked twice, does nothing."""
    application = _locked(document.application)
    _require_editor(user, application)
    stored = SupportingDocument.objects.filter(pk=document.pk, application=application).first()
    if stored is None:
        return
    name, storage = stored.file.name, stored.file.storage
    stored.delete()
    transaction.on_commit(lambda: storage.delete(name))
    _touch(application)
