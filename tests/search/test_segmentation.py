"""Segmentation rules shared by indexing and querying (pure functions)."""

import jieba
from modelsearch.query import And, Not, Or, Phrase, PlainText

from search.segmentation import (
    LONGEST_REMEMBERED,
    bigram_stream,
    index_text,
    normalise,
    number_units,
    parse_user_query,
    query_words,
    search_words,
    segment_query,
    words,
)


def test_normalise_folds_full_width_case_and_traditional_characters():
    assert normalise("ＡＢＣ１２３") == "abc123"
    assert normalise("婺城區慈善總會審計報告") == "婺城区慈善总会审计报告"


def test_index_text_contains_words_and_bigrams_without_punctuation():
    text = index_text("婺城区慈善总会2024年度审计报告，助学项目。")
    tokens = text.split()
    for expected in ("审计", "报告", "助学", "2024", "慈善", "总会", "城区"):
        assert expected in tokens
    assert "，" not in text and "。" not in text


def test_index_text_is_its_words_number_units_and_bigrams_whether_remembered_or_not():
    # index_text normalises and splits once, and remembers the words of short runs: the same text as
    # the three parts made separately, the first time and the second (from memory).
    long_run = "婺城区慈善总会关于开展" * 4  # longer than LONGEST_REMEMBERED: not remembered
    assert len(long_run) > LONGEST_REMEMBERED
    text = f"婺城區慈善總會２０２３年度審計報告，{long_run}；第3届理事会 ABC-1.5 助学。"
    expected = " ".join(words(text) + number_units(text) + bigram_stream(text))
    assert index_text(text) == expected
    assert index_text(text) == expected
    run = "婺城区慈善总会"
    assert search_words(run) == tuple(jieba.cut_for_search(run, HMM=True))
    assert search_words(run) is search_words(run)


def test_bigram_stream_keeps_adjacency_across_digits():
    assert bigram_stream("婺城区2024年度") == ["婺城", "城区", "2024", "年度"]


def test_query_words_are_the_longest_words():
    assert query_words("年度报告") == ["年度报告"]
    assert query_words("慈善 总会") == ["慈善", "总会"]


def test_a_long_word_may_match_as_its_inner_words_or_bigrams():
    query = segment_query(PlainText("年度报告"))
    assert isinstance(query, Or)
    alternatives = [q.query_string for q in query.subqueries]
    assert alternatives == ["年度报告", "年度 报告", "年度 度报 报告"]


def test_phrases_become_bigram_phrases():
    assert segment_query(Phrase("慈善一日捐")).query_string == "慈善 善一 一日 日捐"


def test_punctuation_only_queries_leave_nothing():
    assert segment_query(PlainText("，。！")) is None
    assert parse_user_query('"') is None


def test_user_query_syntax():
    query = parse_user_query('"慈善一日捐" 婺城 -助餐')
    assert isinstance(query, And)
    assert isinstance(query.subqueries[0], And)
    assert isinstance(query.subqueries[-1], Not)
    either = parse_user_query("西关 OR 汤溪")
    assert isinstance(either, Or) and [q.query_string for q in either.subqueries] == ["西关", "汤溪"]


def test_the_character_after_a_number_is_indexed_alone():
    from search.segmentation import number_units

    assert number_units("2023年度审计报告，第3届理事会") == ["年", "届"]
    assert number_units("审计报告") == []
    assert " 年 " in f" {index_text('2023年度审计报告')} "


def test_a_query_keeps_at_most_max_query_words_words_and_phrases():
    """Each word is one nested term of the engine's query; SQLite's FTS5 parser overflows at ~90."""
    from search.segmentation import MAX_QUERY_WORDS, query_parts

    assert len(query_parts("中" * 200)) == MAX_QUERY_WORDS
    assert len(query_parts(" ".join("abcdefghijklmnopqrstuvwxyz") * 4)) == MAX_QUERY_WORDS
    phrases = parse_user_query('"慈善" ' * 60)
    assert len(phrases.subqueries) == MAX_QUERY_WORDS
    excluded = parse_user_query("慈善 " + "-助餐 " * 60)
    assert len(excluded.subqueries) <= MAX_QUERY_WORDS
