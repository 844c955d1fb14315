"""Text extraction from PDF attachments, so search can find words inside them.

A PDF that cannot be parsed is still accepted: the caller stores the status and the reason, and the
document is flagged in the admin instead of being refused.
"""

import logging
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PyPdfError

logger = logging.getLogger(__name__)

# Enough for any disclosure; bounds memory and index size for freak documents.
MAX_PAGES = 200
MAX_CHARS = 500_000

EXTRACTED = "extracted"
EMPTY = "empty"  # parsed, but no text layer (e.g. a scan)
FAILED = "failed"
NOT_PDF = "not_pdf"


@dataclass(frozen=True)
class Extraction:
    status: str
    text: str = ""
    error: str = ""


def normalise_whitespace(text):
    """Join the lines PDF layout breaks inside sentences; keep paragraphs apart."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def extract_pdf_text(file):
    """Extract the text of a PDF file object (read from the start)."""
    try:
        file.seek(0)
        reader = PdfReader(file)
        if reader.is_encrypted:
            reader.decrypt("")
        parts, length = [], 0
        for page in reader.pages[:MAX_PAGES]:
            chunk = page.extract_text() or ""
            parts.append(chunk)
            length += len(chunk)
            if length >= MAX_CHARS:
                break
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        logger.info("PDF text extraction failed: %s", error)
        return Extraction(FAILED, error=str(error)[:500])
    finally:
        file.seek(0)
    text = normalise_whitespace("\n".join(parts))[:MAX_CHARS]
    return Extraction(EXTRACTED if text else EMPTY, text=text)
