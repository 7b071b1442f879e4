"""Text from attached PDFs, for the search index.

Extraction is cached in DocumentText under the SHA-256 of the file's bytes: an unchanged
file is parsed once, a replaced one again. A PDF that cannot be read (encrypted, broken,
truncated, not a PDF at all, too large) is logged with its document id and recorded with
empty text; nothing here raises, so a bad file never blocks publishing or indexing.

pypdf has no timeout, and a hostile file can make it loop, recurse or allocate for a long
time. So parsing runs in a child Python process with a wall-clock timeout, a CPU limit
and an address-space limit; inside it, pages and characters are capped and every
exception (pypdf's own and the ValueError/KeyError/RecursionError/MemoryError a crafted
file can provoke) ends as "broken". If no child process can be started, the same capped
extraction runs in-process.

This module must stay importable without Django settings: the child process imports it.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PAGES = 500
MAX_CHARS = 500_000  # per document, and for all attachments of one page together
EXTRACTION_TIMEOUT = 60  # seconds of wall-clock time for one file
CHILD_MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space for the child process

# The values of search.models.DocumentText.Status (kept here so the child needs no Django).
OK, ENCRYPTED, BROKEN, NOT_PDF, TOO_LARGE = "ok", "encrypted", "broken", "not_pdf", "too_large"

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\u00ad]")
_PROJECT_ROOT = str(Path(__file__).resolve().parent.parent)


# --- Extraction (no Django) ------------------------------------------------------------------


def looks_like_pdf(data: bytes) -> bool:
    """PDF readers accept the header anywhere in the first kilobyte."""
    return b"%PDF-" in data[:1024]


def normalise(text: str) -> str:
    """One line per line of the PDF with single spaces; NUL, other control characters, lone
    surrogates (from broken font maps, which PostgreSQL refuses) and soft hyphens removed."""
    text = _CONTROL.sub("", text)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def extract_pdf_text(file: bytes | IO[bytes]) -> tuple[str, str]:
    """(status, text) for a PDF given as bytes or a binary file, read in this process.

    Never raises. Only the first MAX_PAGES pages and MAX_CHARS characters are read; a page
    that fails is skipped, and a file whose every page fails is "broken".
    """
    data = file if isinstance(file, bytes | bytearray) else file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        return TOO_LARGE, ""
    if not looks_like_pdf(data):
        return NOT_PDF, ""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # Even an empty user password is not tried: whoever encrypted it did not mean it to be mined.
            return ENCRYPTED, ""
        page_count = len(reader.pages)
        parts: list[str] = []
        length = failed = 0
        for number in range(min(page_count, MAX_PAGES)):
            try:
                text = normalise(reader.pages[number].extract_text() or "")
            except Exception as exc:  # any error in one page: skip the page
                logger.debug("Skipped page %d of a PDF: %r", number + 1, exc)
                failed += 1
                continue
            if text:
                parts.append(text)
                length += len(text) + 1
            if length >= MAX_CHARS:
                break
        if page_count == 0 or failed == min(page_count, MAX_PAGES):
            return BROKEN, ""
        return OK, _truncate("\n".join(parts), MAX_CHARS)
    except Exception as exc:  # pypdf raises far more than PyPdfError on crafted input
        logger.debug("Could not read a PDF: %r", exc)
        return BROKEN, ""


def read_pdf(data: bytes, document_id: int | None = None) -> tuple[str, str]:
    """(status, text), parsed in a child process that is killed after EXTRACTION_TIMEOUT."""
    command = [
        sys.executable,
        "-I",  # ignore PYTHON* variables and the user's site-packages
        "-c",
        f"import sys; sys.path.insert(0, {_PROJECT_ROOT!r}); from search.pdf_text import _child_main; "
        f"_child_main({int(EXTRACTION_TIMEOUT) + 1}, {int(CHILD_MEMORY_LIMIT)})",
    ]
    try:
        result = subprocess.run(  # noqa: S603 - our own interpreter and code, no shell
            command, input=data, capture_output=True, timeout=EXTRACTION_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        logger.warning("Document %s: reading the PDF took over %d s and was stopped", document_id, EXTRACTION_TIMEOUT)
        return BROKEN, ""
    except OSError as exc:
        logger.warning("Could not start a process to read a PDF (%s); reading it in-process", exc)
        return extract_pdf_text(data)
    try:
        if result.returncode != 0:  # killed by the memory or CPU limit, or died some other way
            raise ValueError(f"exit status {result.returncode}")
        answer = json.loads(result.stdout)
        return str(answer["status"]), str(answer["text"])
    except (ValueError, KeyError, TypeError) as exc:
        logger.warning("Document %s: the process reading the PDF failed: %s", document_id, exc)
        return BROKEN, ""


def _child_main(cpu_seconds: int, memory_bytes: int) -> None:
    """Entry point of the child process: PDF bytes on stdin, {"status", "text"} on stdout."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    except (ImportError, ValueError, OSError):  # not on this platform: the parent's timeout still holds
        pass
    logging.disable(logging.CRITICAL)  # pypdf's warnings about sloppy files would only be noise here
    status, text = extract_pdf_text(sys.stdin.buffer.read(MAX_FILE_BYTES + 1))
    sys.stdout.write(json.dumps({"status": status, "text": text}))


def _truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return cut[:space] if space > limit * 0.9 else cut


# --- Documents and the cache (Django) -----------------------------------------------------------


def is_pdf_document(document) -> bool:
    """By the file's extension: other documents (CSV, DOCX …) are never opened."""
    return bool(document.file) and document.file.name.lower().endswith(".pdf")


def is_public_document(document) -> bool:
    """False for a document in a collection with a view restriction: its text is not for everyone."""
    return not document.collection.get_view_restrictions().exists()


def documents_text(documents: Iterable) -> str:
    """The text of the public PDFs among ``documents``, each once, at most MAX_CHARS in all."""
    texts: list[str] = []
    seen: set[int] = set()
    for document in documents:
        if document.pk in seen or not is_pdf_document(document):
            continue
        seen.add(document.pk)
        try:
            if not is_public_document(document):
                logger.info("Document %s is in a private collection; its text is not indexed", document.pk)
                continue
            text = document_text(document)
        except Exception:  # a storage or database hiccup must not stop the page from being indexed
            logger.exception("Could not get the text of document %s", document.pk)
            continue
        if text:
            texts.append(text)
    return _truncate("\n\n".join(texts), MAX_CHARS)


def document_text(document) -> str:
    """The cached text of one PDF document, extracted now if its file is new or changed."""
    from search.models import DocumentText

    try:
        cached = document.search_text
    except DocumentText.DoesNotExist:
        cached = None
    try:
        size = document.file.size
    except (OSError, ValueError) as exc:
        logger.warning("Document %s: cannot open %s for its text: %s", document.pk, document.file.name, exc)
        return ""
    if size > MAX_FILE_BYTES:
        # Not read at all, so no hash of the bytes: the size marks the version. Another
        # file over the limit would be skipped just the same, and any other size is read.
        file_hash = f"size:{size}"
        if cached is None or cached.file_hash != file_hash:
            _skipped(document, TOO_LARGE, f"{size} bytes, the limit is {MAX_FILE_BYTES}")
            _store(document, file_hash, TOO_LARGE, "")
        return ""
    try:
        with document.file.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        logger.warning("Document %s: cannot read %s for its text: %s", document.pk, document.file.name, exc)
        return ""
    file_hash = hashlib.sha256(data).hexdigest()
    if cached is not None and cached.file_hash == file_hash:
        return cached.text
    status, text = read_pdf(data, document.pk) if looks_like_pdf(data) else (NOT_PDF, "")
    if status != OK:
        _skipped(document, status)
        text = ""
    _store(document, file_hash, status, text)
    return text


def _skipped(document, status: str, detail: str = "") -> None:
    logger.warning(
        "Document %s (%s) left out of the search index: %s%s",
        document.pk,
        document.file.name,
        status,
        f" ({detail})" if detail else "",
    )


def _store(document, file_hash: str, status: str, text: str) -> None:
    from django.db import IntegrityError, transaction

    from search.models import DocumentText

    try:
        with transaction.atomic():
            stored, _ = DocumentText.objects.update_or_create(
                document=document, defaults={"file_hash": file_hash, "status": status, "text": text}
            )
    except IntegrityError:
        # Another worker stored the same document at the same moment; its answer is as good.
        logger.debug("Document %s: text stored concurrently", document.pk)
        return
    document.search_text = stored
