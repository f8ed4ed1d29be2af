"""Small bar charts drawn two ways from one spec: inline SVG (HTML, PDF) and PNG (DOCX).

Why not matplotlib: it is heavy, and its default font has no Chinese glyphs.
The SVG is written by hand (no JavaScript, the CJK font family named inside,
as WeasyPrint needs); the PNG is drawn with Pillow, which WeasyPrint already
depends on, using the Noto CJK font found by fontconfig.
"""

from __future__ import annotations

import io
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

FONT_FAMILY = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif"


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars: one per label, with the value written at the bar's end."""

    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    colour: str = "#1f3a5f"
    unit: str = ""


def _fmt(v: float, unit: str) -> str:
    text = f"{v:,.0f}" if float(v) == int(v) else f"{v:,.2f}".rstrip("0").rstrip(".")
    return f"{text}{unit}"


def bar_chart_svg(chart: BarChart, width: int = 520) -> str:
    """Return the chart as an <svg> element (safe to place in HTML: every label is escaped)."""
    bar_h, gap, top, label_w = 18, 8, 30, 150
    plot_w = width - label_w - 90
    top_value = max([float(v) for v in chart.values] + [1.0])
    height = top + len(chart.labels) * (bar_h + gap) + 6
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(chart.title)}" '
             f'font-family="{FONT_FAMILY}" font-size="12">',
             f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(chart.title)}</text>']
    for i, (label, value) in enumerate(zip(chart.labels, chart.values)):
        y = top + i * (bar_h + gap)
        w = max(1.0, plot_w * float(value) / top_value) if value else 0
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{escape(str(label))}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{chart.colour}"/>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 13}">{escape(_fmt(value, chart.unit))}</text>')
    if not chart.labels:
        parts.append(f'<text x="0" y="{top + 12}">（无数据）</text>')
    parts.append("</svg>")
    return "".join(parts)


@lru_cache(maxsize=1)
def _font_file() -> str | None:
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}", "Noto Sans CJK SC"], capture_output=True, text=True,
                             timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out or None


def bar_chart_png(chart: BarChart, width: int = 1040) -> bytes:
    """Return the chart as a PNG (twice the SVG's size, for print)."""
    from PIL import Image, ImageDraw, ImageFont

    scale = width / 520
    bar_h, gap, top, label_w = int(18 * scale), int(8 * scale), int(30 * scale), int(150 * scale)
    plot_w = width - label_w - int(90 * scale)
    height = top + max(1, len(chart.labels)) * (bar_h + gap) + int(6 * scale)
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    path = _font_file()
    try:
        font = ImageFont.truetype(path, int(12 * scale)) if path else ImageFont.load_default()
        title_font = ImageFont.truetype(path, int(14 * scale)) if path else font
    except OSError:
        font = title_font = ImageFont.load_default()
    draw.text((0, 0), chart.title, fill="black", font=title_font)
    top_value = max([float(v) for v in chart.values] + [1.0])
    for i, (label, value) in enumerate(zip(chart.labels, chart.values)):
        y = top + i * (bar_h + gap)
        w = max(1, int(plot_w * float(value) / top_value)) if value else 0
        draw.text((label_w - 6, y + bar_h // 2), str(label), fill="black", font=font, anchor="rm")
        if w:
            draw.rectangle([label_w, y, label_w + w, y + bar_h], fill=chart.colour)
        draw.text((label_w + w + 6, y + bar_h // 2), _fmt(value, chart.unit), fill="black", font=font, anchor="lm")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()
