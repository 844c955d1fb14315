"""Chart axes: a chart of whole numbers (counts) gets whole-number ticks."""

import pytest

from wucheng_site import charts


def tick_labels(svg):
    import re

    return re.findall(r'<text class="chart__tick"[^>]*>([^<]*)</text>', str(svg))


def count_chart(values):
    groups = [
        charts.Group(label=str(2021 + n), bars=[charts.Bar("", [charts.Segment("社区基金会", v, "x")])])
        for n, v in enumerate(values)
    ]
    return charts.stacked_bar_chart(groups, "t", "d", unit_label="家", unit_divisor=1, decimals=0)


@pytest.mark.parametrize(
    "values", [[0, 1], [4, 5], [3], [2, 7], [11, 4], [23, 9], [1, 100], [121000, 162300], [0]]
)
def test_count_charts_have_whole_number_ticks_from_zero_to_at_least_the_largest_value(values):
    labels = tick_labels(count_chart(values))
    ticks = [int(label.replace(",", "")) for label in labels]  # a "1.2" would raise here
    assert ticks[0] == 0 and ticks[-1] >= max(values)
    steps = {b - a for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1 and 2 <= len(ticks) <= 6, labels


def test_a_count_of_five_is_not_drawn_on_quarter_ticks():
    """Before: 0, 1.2, 2.5, 3.8, 5 for a bar of 5 organisations."""
    assert tick_labels(count_chart([4, 5])) == ["0", "1", "2", "3", "4", "5"]
