"""Parse a policy document exported as plain text (Word → text) into sections and a task list.

Pure functions over the text, no database: `import_policy` (policies/importing.py) turns the result
into a PolicyDocumentPage. Written for the layout of the district's plan
(``../shared/policy/wucheng-charity-plan-draft.txt``) and documents drafted the same way:

- the first line is the title, with the draft mark ``(征求意见稿)`` when it is a draft;
- ``一、…`` lines are sections; ``（一）标题。正文`` paragraphs are subsections whose run-in title ends
  at the first 。;
- a line ``附件`` starts the annex: a Word table exported one cell per line, each cell starting with a
  tab (a line without a tab continues the cell above), rows separated by blank lines. Cells merged
  vertically in Word come out empty in the rows below, so an empty area or responsible-units cell
  means "same as the row above" (tasks 6 and 10 of the plan).
"""

import re
import uuid
from dataclasses import dataclass, field

DRAFT_MARK = re.compile(r"\s*[（(]\s*征求意见稿\s*[)）]\s*$")
SECTION = re.compile(r"^[一二三四五六七八九十]+、\s*(.+)$")
SUBSECTION = re.compile(r"^([（(][一二三四五六七八九十]+[)）])\s*([^。]{1,40})。\s*(.*)$")
TASK_NUMBER = re.compile(r"^\s*(\d+)\s*[.．、]\s*(.+)$", re.S)
DEADLINE_YEAR = re.compile(r"^(\d{4})\s*年(?:底)?(?:前)?$")
# Word export artefacts such as "[bookmark: _GoBack]".
ARTEFACT = re.compile(r"\[bookmark:[^\]]*\]")
ONGOING = "长期"
UNIT_SEPARATORS = re.compile(r"[、，,；;]\s*")
# Stable ids for generated StreamField blocks, so that importing the same text twice is a no-op.
BLOCK_NAMESPACE = uuid.UUID("6f1b3c2e-2a55-4a8e-9a43-5b0c7b1f7d11")


class PlanFormatError(ValueError):
    """The text does not have the expected layout; the message says where."""


@dataclass
class Section:
    heading: str
    paragraphs: list = field(default_factory=list)
    subsections: list = field(default_factory=list)  # [(number, title, text)]


@dataclass
class Task:
    number: int
    area: str
    measure: str
    deadline: str  # "2025年" or "长期", as written
    deadline_year: int | None  # None for 长期 (ongoing)
    responsible_units: list
    units_from_row_above: bool = False


@dataclass
class ParsedPlan:
    title: str
    is_draft: bool
    preamble: list
    sections: list
    annex_title: str = ""
    tasks: list = field(default_factory=list)


def clean(text):
    return ARTEFACT.sub("", text).strip()


def parse_plan(text):
    lines = text.replace("\r\n", "\n").replace("\ufeff", "").split("\n")
    if not lines or not lines[0].strip():
        raise PlanFormatError("line 1: the first line must be the title")
    raw_title = lines[0].strip()
    is_draft = bool(DRAFT_MARK.search(raw_title))
    title = DRAFT_MARK.sub("", raw_title).strip()

    annex_at = next((n for n, line in enumerate(lines) if line.strip() == "附件"), None)
    body_lines = lines[1:annex_at] if annex_at is not None else lines[1:]
    preamble, sections = [], []
    for line in body_lines:
        line = clean(line)
        if not line:
            continue
        heading = SECTION.match(line)
        sub = SUBSECTION.match(line)
        if heading:
            sections.append(Section(heading=line))
        elif sub and sections:
            sections[-1].subsections.append((sub.group(1), sub.group(2), sub.group(3)))
        elif sections:
            sections[-1].paragraphs.append(line)
        else:
            preamble.append(line)
    if not sections:
        raise PlanFormatError("no sections found: expected section lines such as “一、总体要求”")
    plan = ParsedPlan(title=title, is_draft=is_draft, preamble=preamble, sections=sections)
    if annex_at is not None:
        plan.annex_title, plan.tasks = parse_task_table(lines[annex_at + 1 :], first_line=annex_at + 2)
    return plan


def _rows(lines, first_line):
    """Rows of cells from the one-cell-per-line export; each row with the line number it starts on."""
    rows, cells, start = [], [], None
    for offset, line in enumerate(lines):
        if line.startswith("\t"):
            if start is None:
                start = first_line + offset
            cells.append(line[1:].strip())
        elif line.strip() and cells:
            cells[-1] += line.strip()  # a cell written on several lines
        elif line.strip():
            rows.append((first_line + offset, [line.strip()]))  # a line outside the table
        elif cells:
            rows.append((start, cells))
            cells, start = [], None
    if cells:
        rows.append((start, cells))
    return rows


def parse_task_table(lines, first_line=1):
    """The annex: its title and the tasks of its table."""
    title, tasks, area, units = "", [], "", []
    for line_number, cells in _rows(lines, first_line):
        if len(cells) == 1 and not tasks:
            title = title or cells[0]
            continue
        if any("具体举措" in cell for cell in cells):
            continue  # the header row
        if len(cells) != 4:
            raise PlanFormatError(
                f"line {line_number}: a task row needs 4 cells (area, measure, deadline, units), "
                f"found {len(cells)}"
            )
        area_cell, measure_cell, deadline_cell, units_cell = (clean(c) for c in cells)
        area = _strip_area_number(area_cell) or area
        numbered = TASK_NUMBER.match(measure_cell)
        if not numbered:
            raise PlanFormatError(f"line {line_number}: the measure must start with its number, like “1.”")
        deadline_year = _deadline_year(deadline_cell, line_number)
        from_above = not units_cell
        if from_above and not units:
            raise PlanFormatError(f"line {line_number}: the first task has no responsible units")
        units = units if from_above else split_units(units_cell)
        tasks.append(
            Task(
                number=int(numbered.group(1)),
                area=area,
                measure=numbered.group(2).strip(),
                deadline=deadline_cell,
                deadline_year=deadline_year,
                responsible_units=list(units),
                units_from_row_above=from_above,
            )
        )
    numbers = [task.number for task in tasks]
    if numbers != list(range(1, len(tasks) + 1)):
        raise PlanFormatError(f"tasks must be numbered 1, 2, 3 … in order; found {numbers}")
    return title, tasks


def _strip_area_number(cell):
    """ "（一）坚持党建引领，培育多元主体" → "坚持党建引领，培育多元主体"."""
    return re.sub(r"^[（(][一二三四五六七八九十]+[)）]\s*", "", cell)


def _deadline_year(cell, line_number):
    if cell == ONGOING:
        return None
    match = DEADLINE_YEAR.match(cell)
    if not match:
        raise PlanFormatError(
            f"line {line_number}: the deadline must be a year like “2025年” or “长期”, not “{cell}”"
        )
    return int(match.group(1))


def split_units(cell):
    return [unit for unit in UNIT_SEPARATORS.split(cell) if unit]


def block_id(*parts):
    return str(uuid.uuid5(BLOCK_NAMESPACE, "/".join(parts)))


def body_blocks(plan):
    """StreamField data for the page body: preamble, sections as h2, run-in subsections as h3."""
    data = [{"type": "paragraph", "value": f"<p>{p}</p>", "id": block_id("p", p)} for p in plan.preamble]
    for section in plan.sections:
        data.append(
            {
                "type": "heading",
                "value": {"text": section.heading, "level": "h2"},
                "id": block_id("h", section.heading),
            }
        )
        for paragraph in section.paragraphs:
            data.append({"type": "paragraph", "value": f"<p>{paragraph}</p>", "id": block_id("p", paragraph)})
        for number, title, text in section.subsections:
            heading = f"{number}{title}"
            data.append(
                {"type": "heading", "value": {"text": heading, "level": "h3"}, "id": block_id("h", heading)}
            )
            data.append({"type": "paragraph", "value": f"<p>{text}</p>", "id": block_id("p", heading, text)})
    return data
