"""Text extraction from PDF attachments, so search can find words inside them.

A PDF that cannot be parsed is still accepted: the caller stores the status and the reason, and the
document is flagged in the admin instead of being refused.

pypdf runs in a child process (this file run as a script) with a CPU-time and a memory limit, because
a few kilobytes of PDF can keep it busy for hours and pypdf's own limits cannot interrupt that: a page
that draws a form XObject of 240,000 operators 5,000 times (67 KB) costs about 2.5 s of CPU per
drawing, some 3.5 hours, and 200 pages sharing one 70 MB stream of spaces (72 KB) cost 79 s
(bench/upload_validation.py measures both). The child reports each page's text as soon as it has it, so what was extracted before
a limit struck is kept. Its start costs about 0.15 s of CPU, once per uploaded PDF.
"""

import json
import logging
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

logger = logging.getLogger(__name__)

# Enough for any disclosure; bounds memory and index size for freak documents.
MAX_PAGES = 200
MAX_CHARS = 500_000

# A 200-page disclosure takes a few seconds. After CPU_SECONDS the child stops between two pages; a
# single page that runs past HARD_CPU_SECONDS is ended by the kernel (RLIMIT_CPU), and the parent
# gives up after WALL_SECONDS whatever happens (two busy cores can halve the child's share), well
# inside gunicorn's 30 s worker timeout.
CPU_SECONDS = 8
HARD_CPU_SECONDS = 12
WALL_SECONDS = 20
MEMORY_BYTES = 1024 * 1024 * 1024  # address space of the child; pypdf needs about 100 MB

# pypdf's limits (pypdf.Configuration), tightened from its 75 MB / 100,000-page defaults: a page's
# content stream is rarely above 1 MB, and anything past these fails fast instead of using up the
# CPU budget. Only streams pypdf decodes for text are affected (images are not decoded).
STREAM_BYTES = 20_000_000
PYPDF_LIMITS = {
    "maximum_declared_stream_length": STREAM_BYTES,
    "array_based_stream_maximum_output_length": STREAM_BYTES,
    "jbig2_maximum_output_length": STREAM_BYTES,
    "lzw_maximum_output_length": STREAM_BYTES,
    "run_length_maximum_output_length": STREAM_BYTES,
    "zlib_maximum_output_length": STREAM_BYTES,
    "brotli_maximum_output_length": STREAM_BYTES,
    "stream_decoding_work_maximum_length": 3 * STREAM_BYTES,
    "stream_parsing_work_maximum_count": 1_000_000,
    "page_tree_maximum_entries": 10_000,
    "page_tree_maximum_page_entries": 20_000,
}

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
    """Extract the text of a PDF file object (read from the start), within bounded time and memory."""
    try:
        file.seek(0)
        data = file.read()
    finally:
        file.seek(0)
    try:
        completed = subprocess.run(
            [sys.executable, "-I", __file__, str(CPU_SECONDS), str(HARD_CPU_SECONDS)],
            input=data,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            timeout=WALL_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        return _collect(error.stdout or b"", stopped=f"no result after {WALL_SECONDS} s")
    except OSError as error:
        logger.warning("PDF text extraction could not start: %s", error)
        return Extraction(FAILED, error=f"extraction could not start: {error}"[:500])
    stopped = None if completed.returncode == 0 else _exit_reason(completed.returncode)
    return _collect(completed.stdout, stopped=stopped)


def _exit_reason(returncode):
    if returncode == -getattr(signal, "SIGXCPU", 24):
        return f"CPU time limit of {HARD_CPU_SECONDS} s reached"
    return f"extraction ended abnormally (exit status {returncode})"


def _collect(output, stopped):
    """The Extraction from the child's JSON lines; ``stopped`` says why it ended early, if it did."""
    parts, status, error = [], None, ""
    for line in output.split(b"\n"):
        try:
            record = json.loads(line)
        except ValueError:
            continue  # the last line of a child that was ended while writing, or the empty one
        if not isinstance(record, dict):
            continue
        if "text" in record:
            parts.append(str(record["text"]))
        elif "status" in record:
            status, error = record["status"], str(record.get("error", ""))
    text = normalise_whitespace("\n".join(parts))[:MAX_CHARS]
    if status is None:
        error = f"Stopped after {len(parts)} pages: {stopped}."
        status = EXTRACTED if text else FAILED
        logger.info("PDF text extraction %s", error)
    elif status == EXTRACTED and not text:
        status = EMPTY
    return Extraction(status, text=text, error=error[:500])


def _child_main(cpu_seconds, hard_cpu_seconds):
    """Read a PDF on stdin; write one JSON line per page's text, then one with the outcome."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CPU, (hard_cpu_seconds, hard_cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    except (ImportError, ValueError, OSError):  # not on this platform: the parent's timeout remains
        pass
    from io import BytesIO

    from pypdf import PdfReader, overwrite_configuration

    overwrite_configuration(**PYPDF_LIMITS)
    out = sys.stdout

    def emit(record):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()

    length, error = 0, ""
    try:
        reader = PdfReader(BytesIO(sys.stdin.buffer.read()))
        if reader.is_encrypted:
            reader.decrypt("")
        for number, page in enumerate(reader.pages[:MAX_PAGES], 1):
            chunk = (page.extract_text() or "")[: MAX_CHARS - length]
            emit({"text": chunk})
            length += len(chunk)
            if length >= MAX_CHARS:
                break
            if time.process_time() > cpu_seconds:
                error = f"Stopped after {number} pages: CPU time limit of {cpu_seconds} s reached."
                break
    except MemoryError:
        error = f"memory limit of {MEMORY_BYTES // 2**20} MB reached"
    except Exception as exception:  # noqa: BLE001 - any failure of the parser means "could not be read"
        error = str(exception) or type(exception).__name__
    # Text from the pages before a failure is kept; without any, a failure flags the document.
    emit({"status": FAILED if error and not length else EXTRACTED, "error": error[:500]})
    return 0


if __name__ == "__main__":
    sys.exit(_child_main(float(sys.argv[1]), int(sys.argv[2])))
