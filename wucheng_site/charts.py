"""Server-rendered SVG bar charts: no JavaScript, readable by screen readers, printable.

A chart is never the only way to get its numbers: templates put the same figures in a table next to
it (WCAG 1.1.1), and the SVG carries a title and a text description. Segments are told apart by
labelled legend entries and by pattern as well as colour (WCAG 1.4.1).
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class Segment:
    label: str
    value: Decimal | float | int | None
    css_class: str


@dataclass(frozen=True)
class Bar:
    label: str  # e.g. "收入"
    segments: list


@dataclass(frozen=True)
class Group:
    label: str  # e.g. "2024"
    bars: list


WIDTH, HEIGHT = 720, 320
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 72, 16, 32, 56


def _n(number):
    """Coordinates with one decimal (format_html escapes its arguments, so numbers go in as text)."""
    return f"{float(number):.1f}"


def nice_ceiling(value):
    """A round axis maximum at or above ``value`` (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def axis_ticks(maximum, whole=False):
    """(axis top, tick values) for bars up to ``maximum``, in the unit shown.

    By default quarters of a round ceiling (0, 1.25, 2.5, 3.75, 5). With ``whole``, for counts,
    every tick is a whole number: the step is 1, 2 or 5 times a power of ten, at most five steps
    (0–3 in ones, 0–5 in ones, 0–8 in twos, 0–25 in fives), so a count axis never reads 1.2 or 3.8."""
    if not whole:
        top = nice_ceiling(maximum)
        return top, [Decimal(top) * tick / 4 for tick in range(5)]
    needed = max(Decimal(maximum), Decimal(1))
    magnitude = 1
    while True:
        step = next((s * magnitude for s in (1, 2, 5) if s * magnitude * 5 >= needed), None)
        if step is not None:
            break
        magnitude *= 10
    steps = int(math.ceil(needed / step))
    return steps * step, [Decimal(step * n) for n in range(steps + 1)]


def format_amount(value, unit_divisor=10_000, decimals=1):
    """Yuan as 万元 with one decimal, the usual unit of Chinese financial tables."""
    return f"{Decimal(value) / unit_divisor:,.{decimals}f}"


def stacked_bar_chart(
    groups, title, description, unit_label="万元", chart_id="chart", unit_divisor=10_000, decimals=1
):
    """SVG markup for groups of stacked bars; values are divided by ``unit_divisor`` for display
    (yuan → 万元 by default; 1 for counts and percentages) and shown with ``decimals`` places. With
    ``decimals=0`` the values are whole numbers, so the axis ticks are too (``axis_ticks``)."""
    totals = [sum(Decimal(s.value or 0) for s in bar.segments) for g in groups for bar in g.bars]
    whole = decimals == 0
    shown_top, ticks = axis_ticks(max(totals, default=0) / unit_divisor, whole=whole)
    top = Decimal(shown_top) * unit_divisor
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    group_width = plot_width / max(len(groups), 1)
    bars_per_group = max((len(g.bars) for g in groups), default=1)
    bar_width = min(48, group_width * 0.8 / bars_per_group)

    def y(value):
        return MARGIN_TOP + plot_height - float(Decimal(value) / Decimal(top)) * plot_height

    parts = [
        format_html(
            '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
            'preserveAspectRatio="xMidYMid meet">',
            WIDTH,
            HEIGHT,
            chart_id,
            chart_id,
        ),
        format_html('<title id="{}-title">{}</title>', chart_id, title),
        format_html('<desc id="{}-desc">{}</desc>', chart_id, description),
    ]
    for shown in ticks:
        value = shown * unit_divisor
        ty = y(value)
        parts.append(
            format_html(
                '<line class="chart__grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="chart__tick" x="{}" y="{}" text-anchor="end">{}</text>',
                MARGIN_LEFT,
                WIDTH - MARGIN_RIGHT,
                _n(ty),
                _n(ty),
                MARGIN_LEFT - 6,
                _n(ty + 4),
                # A fractional tick (1.25 of 0–5) keeps a decimal even when the values have none.
                format_amount(
                    value, unit_divisor, decimals if (value / unit_divisor) % 1 == 0 else max(decimals, 1)
                ),
            )
        )
    parts.append(
        format_html(
            '<text class="chart__unit" x="{}" y="{}" text-anchor="start">{}</text>', 4, 14, unit_label
        )
    )
    for index, group in enumerate(groups):
        left = MARGIN_LEFT + index * group_width + (group_width - bar_width * len(group.bars)) / 2
        for bar_index, bar in enumerate(group.bars):
            x = left + bar_index * bar_width
            running = Decimal(0)
            for segment in bar.segments:
                amount = Decimal(segment.value or 0)
                if amount <= 0:
                    continue
                y_top, y_bottom = y(running + amount), y(running)
                parts.append(
                    format_html(
                        '<rect class="chart__bar {}" x="{}" y="{}" width="{}" height="{}">'
                        "<title>{} {} {}: {} {}</title></rect>",
                        segment.css_class,
                        _n(x + 1),
                        _n(y_top),
                        _n(bar_width - 2),
                        _n(max(y_bottom - y_top, 0.5)),
                        group.label,
                        bar.label,
                        segment.label,
                        format_amount(amount, unit_divisor, decimals),
                        unit_label,
                    )
                )
                running += amount
            parts.append(
                format_html(
                    '<text class="chart__bar-label" x="{}" y="{}" text-anchor="middle">{}</text>',
                    _n(x + bar_width / 2),
                    HEIGHT - MARGIN_BOTTOM + 16,
                    bar.label,
                )
            )
        parts.append(
            format_html(
                '<text class="chart__group-label" x="{}" y="{}" text-anchor="middle">{}</text>',
                _n(left + bar_width * len(group.bars) / 2),
                HEIGHT - MARGIN_BOTTOM + 36,
                group.label,
            )
        )
    parts.append("</svg>")
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - every value went through format_html


def legend(segments):
    """A list of the segment kinds with their swatches, for use next to the chart."""
    items = "".join(
        format_html(
            '<li><span class="chart__swatch {}" aria-hidden="true"></span>{}</li>', s.css_class, s.label
        )
        for s in segments
    )
    return mark_safe(f'<ul class="chart__legend">{items}</ul>')  # noqa: S308 - items are escaped above
