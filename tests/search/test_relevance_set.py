"""The generated relevance set (bench/relevance/generated/) is what its generator writes, and sound.

The benchmark reports the set's test half; these checks keep the committed files and the generator in
step, and catch judgements that name no page, PDFs without text and halves that are not halves.
"""

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

from disclosures import credit_code
from wucheng_site.pdf_text import EXTRACTED, extract_pdf_text

REPO = Path(__file__).resolve().parents[2]
GENERATED = REPO / "bench" / "relevance" / "generated"


def load_generator():
    spec = importlib.util.spec_from_file_location("relevance_generate", REPO / "bench/relevance/generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def lines():
    text = (GENERATED / "disclosures.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def queries():
    return json.loads((GENERATED / "queries.json").read_text(encoding="utf-8"))


def test_the_committed_set_is_what_the_generator_writes(tmp_path):
    load_generator().write(tmp_path / "generated")
    for path in sorted(GENERATED.rglob("*")):
        if path.is_file():
            relative = path.relative_to(GENERATED)
            assert (tmp_path / "generated" / relative).read_bytes() == path.read_bytes(), relative
    assert sorted(p.name for p in (tmp_path / "generated").rglob("*")) == sorted(
        p.name for p in GENERATED.rglob("*")
    )


def test_judgements_name_pages_of_the_set_and_titles_are_unique(lines, queries):
    titles = [line["title"] for line in lines]
    names = {line["organization"]["name"] for line in lines}
    assert len(set(titles)) == len(titles)
    assert not names & set(titles)
    pages = set(titles) | names
    for query in queries:
        assert set(query["judgements"]) <= pages, query["query"]
        assert set(query["judgements"].values()) <= {1, 2, 3}, query["query"]
        assert bool(query["judgements"]) == (query["kind"] != "no-hit"), query["query"]


def test_the_set_is_as_large_and_varied_as_asked(lines, queries):
    codes = {line["organization"]["credit_code"] for line in lines}
    assert len(codes) >= 35 and all(credit_code.is_valid(code) for code in codes)
    assert len(lines) >= 550
    assert len({a["file"] for line in lines for a in line["attachments"]}) >= 25
    assert any(line.get("corrects") for line in lines)
    kinds = Counter(query["kind"] for query in queries)
    assert len(queries) >= 200 and len(kinds) >= 12


def test_each_kind_is_split_in_half(queries):
    halves = Counter((query["kind"], query["half"]) for query in queries)
    for kind in {query["kind"] for query in queries}:
        assert abs(halves[kind, "tune"] - halves[kind, "test"]) <= 1, kind


def test_pdf_only_words_are_in_the_pdf_text_and_nowhere_else(lines, queries):
    by_title = {line["title"]: line for line in lines}
    bodies = "\n".join(line["title"] + line["body"] for line in lines)
    for query in [q for q in queries if q["kind"] == "pdf-only"][:4]:
        assert query["query"] not in bodies
        best = next(title for title, grade in query["judgements"].items() if grade == 3)
        attachment = by_title[best]["attachments"][0]["file"]
        with (GENERATED / attachment).open("rb") as handle:
            extraction = extract_pdf_text(handle)
        assert extraction.status == EXTRACTED
        assert query["query"] in extraction.text
