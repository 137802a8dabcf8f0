"""Charts drawn at build time from the CSV files of ``docs/data/``.

::

    .. data-figure:: data/coverage.csv
       :kind: bars
       :name: fig-coverage

       :title: Social protection coverage (per cent of the population)
       :value-label: Per cent of the population
       :alt: Bar chart of ...
       :description: The longer description a screen reader offers ...
       :source: Source: ILO, *World Social Protection Report 2024–26* ...
       :world: World
       :2020: 2020

Each ``:key: text`` item of the content is one paragraph, so the gettext
builder extracts it and the Spanish build draws the chart with the Spanish
catalog's text: the title (the caption), the axis label, the short alt text,
the longer description, the source line and a name for every ``category``
and ``series`` key of the CSV file. Numbers are written by the locale's rules
(``pipeline.inline``). The CSV file holds one row per value, with its source:
``category, series, value, unit, source, location, url, reference_year``.
A value the source gives only as a lower bound ("over 80 per cent") is
written ``>80``: the bar is drawn at 80 and its label says "more than 80".

Online, a chart is an SVG image (text kept as text) with its data table one
click away in a ``<details>``; in the PDF the same SVG is drawn as vectors,
the tables go to an appendix, and the front matter lists the figures and
tables. Figures and tables are numbered per module ("Figure 1.2").
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from babel.numbers import format_decimal
from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform

from pipeline import inline
from pipeline.sphinxext.modules import MODULE_COLOURS, module_number
from pipeline.sphinxext.ui import translate

COLUMNS = ("category", "series", "value", "unit", "source", "location", "url", "reference_year")
KINDS = ("bars", "stacked")
TEXT_KEYS = ("title", "value-label", "alt", "description", "source")
ITEM = re.compile(r"^:([\w.-]+):\s*(.*)$")
YEAR = re.compile(r"^\d{4}$")
ILLUSTRATIVE = "illustrative"
HATCHES = ("", "///", "...", "xxx")
OFFICIAL_DOMAINS = ("ilo.org", "un.org", "ohchr.org", "issa.int", "unhcr.org")


class DataError(ValueError):
    """A problem in a data file or a ``data-figure`` directive, at a line."""


@dataclass(frozen=True)
class Row:
    """One value of a figure and where it comes from."""

    category: str
    series: str
    value: Decimal
    text: str  # the value as the file writes it (its decimals)
    unit: str
    source: str
    location: str
    url: str
    reference_year: str
    lower_bound: bool = False  # the source says "more than" the value


@dataclass(frozen=True)
class Chart:
    """A drawn chart: its SVG, and the values the bars were drawn with, read
    back from the plot as (category key, series key, value)."""

    svg: str
    plotted: list[tuple[str, str, float]]


def read_data(path: Path) -> list[Row]:
    """The rows of a figure's CSV file; a bad row raises ``DataError`` with
    ``FILE:LINE``."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"{path}:1: cannot be read: {exc.strerror}") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [name for name in COLUMNS if name not in (reader.fieldnames or [])]
    if missing:
        raise DataError(f"{path}:1: missing column(s) {', '.join(missing)}")
    rows = []
    for record in reader:
        line = reader.line_num
        if any(value is None for value in record.values()):
            raise DataError(f"{path}:{line}: the row has fewer fields than the header")
        for name in ("category", "series", "value", "unit", "source", "reference_year"):
            if not record[name].strip():
                raise DataError(f"{path}:{line}: empty {name}")
        year = record["reference_year"].strip()
        if not (YEAR.match(year) or year == ILLUSTRATIVE):
            raise DataError(f"{path}:{line}: reference_year must be a year or '{ILLUSTRATIVE}', not {year!r}")
        written = record["value"].strip()
        lower_bound = written.startswith(">")
        written = written.removeprefix(">").strip()
        try:
            value = Decimal(written)
        except InvalidOperation:
            raise DataError(f"{path}:{line}: value {record['value']!r} is not a number") from None
        url = record["url"].strip()
        if url and not official_url(url):
            raise DataError(f"{path}:{line}: url {url!r} is not https on an official domain ({', '.join(OFFICIAL_DOMAINS)})")
        rows.append(Row(record["category"].strip(), record["series"].strip(), value, written,
                        record["unit"].strip(), record["source"].strip(), record["location"].strip(),
                        url, year, lower_bound))
    if not rows:
        raise DataError(f"{path}:1: no data rows")
    return rows


def official_url(url: str) -> bool:
    """Whether ``url`` is https on an official domain (or one of its subdomains)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and any(host == domain or host.endswith("." + domain) for domain in OFFICIAL_DOMAINS)


def number_text(row: Row, lang: str) -> str:
    """A value written by ``lang``'s rules with the decimals its file gives it
    (40.0 → 40,0), "more than 80" when the source gives a lower bound."""
    decimals = len(row.text.partition(".")[2])
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    number = format_decimal(row.value, format=pattern, locale=lang, group_separator=inline.grouped(row.value, lang))
    return translate("more than {value}", lang).format(value=number) if row.lower_bound else number


def keys(rows: list[Row]) -> tuple[list[str], list[str]]:
    """The category and series keys, in the order of the file."""
    return list(dict.fromkeys(row.category for row in rows)), list(dict.fromkeys(row.series for row in rows))


def tints(colour: str, count: int) -> list[str]:
    """``count`` shades from ``colour`` towards white, darkest first."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    shades = []
    for step in range(count):
        mix = step / max(count, 2) * 0.9
        shades.append("#" + "".join(f"{round(c + (255 - c) * mix):02x}" for c in (red, green, blue)))
    return shades


def chart(kind: str, rows: list[Row], labels: dict[str, str], lang: str, colour: str, narrow: bool = False) -> Chart:
    """Draw ``rows`` as a horizontal bar chart (``bars``: one bar per value,
    grouped by category; ``stacked``: one bar per category, a segment per
    series) with direct labels, hatching per series and ``labels`` for every
    text; return the SVG and the plotted values. ``narrow`` is the phone's
    variant: half the width, each category's name above its bars."""
    import matplotlib  # imported here: only builds that draw charts pay for it

    matplotlib.use("svg")
    from matplotlib import pyplot
    from matplotlib.patches import Rectangle

    categories, series = keys(rows)
    value = {(row.category, row.series): row for row in rows}
    present = {category: [key for key in series if (category, key) in value] for category in categories}
    shades, hatches = tints(colour, len(series)), [HATCHES[i % len(HATCHES)] for i in range(len(series))]
    style: dict[Any, Any] = {"svg.fonttype": "none", "svg.hashsalt": "guide", "font.family": "DejaVu Sans", "font.size": 10,
             "hatch.color": "#ffffff", "hatch.linewidth": 1.2}
    rows_drawn = sum(len(keys) for keys in present.values()) if kind == "bars" else len(categories)
    gaps = len(categories) * (0.9 if narrow else 0.6 if kind == "bars" else 0)
    with matplotlib.rc_context(style):
        figure, axes = pyplot.subplots(figsize=(4.0 if narrow else 7.2, 0.9 + 0.42 * (rows_drawn + gaps)))
        try:
            top = max(float(row.value) for row in rows) if kind == "bars" else max(
                sum(float(value[c, s].value) for s in present[c]) for c in categories)
            ticks, names, y = [], [], 0.0
            for category in categories:
                if narrow:
                    axes.text(0, y + 0.05, labels[category], va="bottom", ha="left", fontsize=9.5, fontweight="bold")
                    y -= 0.9
                first = y
                left = 0.0
                for key in present[category]:
                    row, shade = value[category, key], series.index(key)
                    amount = float(row.value)
                    if kind == "bars":
                        axes.barh(y, amount, height=0.8, color=shades[shade], hatch=hatches[shade],
                                  edgecolor=colour, gid=f"bar:{category}:{key}")
                        label = number_text(row, lang) + (f"  ({labels[key]})" if len(series) > 1 else "")
                        axes.text(amount + top * 0.01, y, label, va="center", fontsize=9, gid="value-label")
                        y -= 1
                    else:
                        axes.barh(y, amount, left=left, height=0.6, color=shades[shade], hatch=hatches[shade],
                                  edgecolor="#333333", gid=f"bar:{category}:{key}")
                        axes.text(left + amount / 2, y, f"{labels[key]}: {number_text(row, lang)}",
                                  ha="center", va="center", fontsize=9,
                                  bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"})
                        left += amount
                if kind == "stacked":
                    y -= 1
                ticks.append((first + y + 1) / 2)
                names.append(labels[category])
                if kind == "bars" and not narrow:
                    y -= 0.6
            axes.set_yticks(ticks, [] if narrow else names)
            if narrow:
                axes.tick_params(axis="y", length=0)
            axes.set_ylim(y + 0.4, 0.9 if narrow else 0.6)
            axes.set_xlim(0, top * ((1.5 if narrow else 1.3) if kind == "bars" else 1.02))
            axes.set_xlabel(labels["value-label"])
            axes.xaxis.set_major_formatter(lambda x, _: inline.format_figure(Decimal(f"{x:g}"), lang))
            for side in ("top", "right"):
                axes.spines[side].set_visible(False)
            figure.tight_layout()
            fit_labels(figure, axes)
            plotted = [(gid.split(":")[1], gid.split(":")[2], patch.get_width()) for patch in axes.patches
                       if isinstance(patch, Rectangle) and (gid := patch.get_gid() or "").startswith("bar:")]
            out = io.StringIO()
            figure.savefig(out, format="svg", metadata={"Date": None})
        finally:
            pyplot.close(figure)
    return Chart(out.getvalue(), plotted)


def fit_labels(figure: Any, axes: Any) -> None:
    """Widen the value axis until every direct label beside a bar ends inside it
    (a long label, such as "more than 80 (Agreements)", would run off the image)."""
    texts = [text for text in axes.texts if text.get_gid() == "value-label"]
    low, high = axes.get_xlim()
    ticks = [tick for tick in axes.get_xticks() if low <= tick <= high]  # the scale stays that of the data
    for _ in range(5):
        right = max((axes.transData.inverted().transform((text.get_window_extent().x1, 0))[0]
                     for text in texts), default=0.0)
        if right <= axes.get_xlim()[1]:
            break
        axes.set_xlim(low, right * 1.04)
        axes.set_xticks(ticks)
        figure.tight_layout()


class data_chart(nodes.General, nodes.Element):  # docutils names its nodes in lower case
    """A chart: its data rows and kind as attributes, its texts as paragraphs
    (``key`` attribute), which Sphinx translates before the chart is drawn."""


class data_table(nodes.General, nodes.Element):
    """Where the chart's data table goes (one click away online)."""


def parse_items(lines: list[str]) -> list[tuple[str, str, int]]:
    """``:key: text`` items of a directive's content, continuation lines joined:
    (key, text, offset of its first line)."""
    items: list[tuple[str, str, int]] = []
    for offset, line in enumerate(lines):
        match = ITEM.match(line)
        if match:
            items.append((match.group(1), match.group(2).strip(), offset))
        elif line.strip():
            if not items or not line.startswith(" "):
                raise DataError(f"expected ':key: text', not {line.strip()!r}")
            key, text, start = items[-1]
            items[-1] = (key, f"{text} {line.strip()}".strip(), start)
    return items


class DataFigureDirective(Directive):
    """``.. data-figure:: data/file.csv`` with ``:kind:``, ``:name:`` and the
    texts as ``:key: text`` content (see the module's docstring)."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "kind": lambda text: directives.choice(text, KINDS),
        "name": directives.unchanged_required,
    }
    has_content = True

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        source = self.state_machine.get_source_and_line(self.lineno)[0] or ""
        relative, path = env.relfn2path(self.arguments[0])
        env.note_dependency(relative)
        try:
            rows = read_data(Path(path))
            items = parse_items(list(self.content))
        except DataError as exc:
            return [self.state.document.reporter.error(str(exc), line=self.lineno)]
        texts = {key: (text, self.content_offset + offset + 1) for key, text, offset in items}
        categories, series = keys(rows)
        needed = [*TEXT_KEYS, *categories, *series]
        missing = [key for key in needed if key not in texts]
        unknown = [key for key in texts if key not in needed]
        if missing or unknown:
            message = "; ".join([f"missing text for {', '.join(missing)}"] * bool(missing)
                                + [f"unknown key(s) {', '.join(unknown)}"] * bool(unknown))
            return [self.state.document.reporter.error(f"data-figure {self.arguments[0]}: {message}", line=self.lineno)]
        name = self.options.get("name", Path(self.arguments[0]).stem)
        figure = nodes.figure(classes=["data-figure"])
        figure["ids"].append(nodes.make_id(name))
        self.state.document.note_explicit_target(figure)
        chart_node = data_chart(kind=self.options.get("kind", "bars"), name=nodes.make_id(name),
                                colour=figure_colour(env.docname),
                                rows=[row.__dict__ | {"value": row.text} for row in rows])
        for key in ("value-label", "alt", *categories, *series):
            chart_node += self.paragraph(key, *texts[key], source)
        figure += chart_node
        caption_text, caption_line = texts["title"]
        caption = nodes.caption(caption_text, "", *self.state.inline_text(caption_text, caption_line)[0])
        caption.source, caption.line = source, caption_line
        figure += caption
        legend = nodes.legend()
        legend += self.paragraph("description", *texts["description"], source, parse=True)
        legend += self.paragraph("source", *texts["source"], source, parse=True)
        legend += data_table()
        figure += legend
        return [figure]

    def paragraph(self, key: str, text: str, line: int, source: str, parse: bool = False) -> nodes.paragraph:
        children = self.state.inline_text(text, line)[0] if parse else [nodes.Text(text)]
        node = nodes.paragraph(text, "", *children, key=key, classes=[f"figure-{key}"])
        node.source, node.line = source, line
        return node


def chart_texts(node: data_chart) -> dict[str, str]:
    """The chart's texts, as translated in this build."""
    return {child["key"]: child.astext() for child in node.findall(nodes.paragraph)}


def chart_rows(node: data_chart) -> list[Row]:
    return [Row(**(row | {"value": Decimal(row["value"]), "text": row["value"]})) for row in node["rows"]]


def table_html(rows: list[Row], texts: dict[str, str], lang: str) -> str:
    """The chart's data as an HTML table with header cells."""
    header = (translate("Category", lang), translate("Series", lang), texts["value-label"], translate("Reference year", lang))
    head = "".join(f'<th scope="col">{html.escape(cell)}</th>' for cell in header)
    body = "".join(
        f'<tr><th scope="row">{html.escape(texts[row.category])}</th><td>{html.escape(texts[row.series])}</td>'
        f'<td class="number">{html.escape(number_text(row, lang))}</td>'
        f"<td>{html.escape(translate(row.reference_year, lang))}</td></tr>"
        for row in rows)
    return f"<table class=\"figure-data-table\"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def figure_colour(docname: str) -> str:
    number = module_number(docname)
    return MODULE_COLOURS[(number - 1) % len(MODULE_COLOURS)] if number else "#444444"


def visit_data_chart(self: Any, node: data_chart) -> None:
    """The chart as an SVG image; online, a narrower drawing for phones."""
    lang = self.builder.config.language or "en"
    texts, rows = chart_texts(node), chart_rows(node)
    folder = Path(self.builder.outdir) / "_images"
    folder.mkdir(parents=True, exist_ok=True)
    variants = (False,) if self.builder.name == "singlehtml" else (False, True)
    sources = {}
    for narrow in variants:
        filename = f"{node['name']}-{lang}{'-narrow' if narrow else ''}.svg"
        (folder / filename).write_text(chart(node["kind"], rows, texts, lang, node["colour"], narrow).svg, encoding="utf-8")
        sources[narrow] = f"{self.builder.imgpath}/{filename}"
    image = f'<img class="data-chart" src="{sources[False]}" alt="{html.escape(texts["alt"])}">'
    if True in sources:
        image = f'<picture><source media="(max-width: 40em)" srcset="{sources[True]}">{image}</picture>'
    self.body.append(image + "\n")
    raise nodes.SkipNode


def visit_data_table(self: Any, node: data_table) -> None:
    lang = self.builder.config.language or "en"
    figure = node.parent.parent
    chart_node = next(iter(figure.findall(data_chart)))
    summary = translate("Data table", lang)
    caption = next(iter(figure.findall(nodes.caption))).astext()
    # a table wider than a phone scrolls in its own box, which the keyboard reaches (axe: scrollable-region-focusable)
    self.body.append(f'<details class="figure-data" data-figure="{figure["ids"][0]}"><summary>{html.escape(summary)}</summary>'
                     f'<div class="figure-data-scroll" role="region" tabindex="0" aria-label="{html.escape(f"{summary}: {caption}")}">'
                     f"{table_html(chart_rows(chart_node), chart_texts(chart_node), lang)}</div></details>\n")
    raise nodes.SkipNode


class UniqueTableIds(SphinxPostTransform):
    """Furo wraps each table in a ``div.table-wrapper`` that copies the table's
    attributes, ids included; an id must name one element (the table, which
    ``:numref:`` and the list of tables point to), so the wrapper loses it."""

    formats = ("html",)
    default_priority = 510  # after Furo's wrapper (500)

    def run(self, **kwargs: Any) -> None:
        for table in self.document.findall(nodes.table):
            wrapper = table.parent
            if isinstance(wrapper, nodes.container) and "table-wrapper" in wrapper["classes"]:
                wrapper["ids"] = [node_id for node_id in wrapper["ids"] if node_id not in table["ids"]]


def per_module_numbers(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Number figures and tables per module ("Figure 3.2"), per document elsewhere,
    in place of Sphinx's numbers, which run through the whole guide."""
    for docname, kinds in env.toc_fignumbers.items():
        prefix = module_number(docname)
        for figtype, numbers in kinds.items():
            if figtype not in ("figure", "table"):
                continue
            ordered = sorted(numbers, key=lambda node_id: numbers[node_id])
            for index, node_id in enumerate(ordered, 1):
                numbers[node_id] = (prefix, index) if prefix else (index,)
    return []


def numbering(app: Sphinx, config: Config) -> None:
    """Number figures and tables, with the words of the build's language."""
    lang = config.language or "en"
    config.numfig = True
    config.numfig_format = {"figure": translate("Figure %s", lang), "table": translate("Table %s", lang),
                            **config.numfig_format}


FIGURE = re.compile(r'<figure class="[^"]*data-figure[^"]*" id="([^"]+)">.*?<span class="caption-number">([^<]*)</span>'
                    r'<span class="caption-text">(.*?)</span>', re.S)
TABLE = re.compile(r'<table class="[^"]*" id="([^"]+)">\s*<caption><span class="caption-number">([^<]*)</span>'
                   r'<span class="caption-text">(.*?)</span>', re.S)
DETAILS = re.compile(r'<details class="figure-data" data-figure="([^"]+)"><summary>[^<]*</summary>(.*?)</details>\n', re.S)
TAG = re.compile(r"<[^>]+>")


def print_lists(body: str, lang: str) -> tuple[str, list[tuple[str, str, str]], str]:
    """For the PDF: the body without the data tables, the list of figures and
    tables (id, number, title) in the order of the book, and the appendix
    that holds the data tables."""
    found = sorted([(match.start(), match.group(1), match.group(2).strip(), html.unescape(TAG.sub("", match.group(3))).strip())
                    for pattern in (FIGURE, TABLE) for match in pattern.finditer(body)])
    listed = [(node_id, number, title) for _, node_id, number, title in found]
    titles = {node_id: f"{number} {title}" for node_id, number, title in listed}
    parts = [f'<section class="figure-data-appendix" id="figure-data-appendix"><h1>{html.escape(translate("Appendix: data of the figures", lang))}</h1>']
    for match in DETAILS.finditer(body):
        node_id = match.group(1)
        parts.append(f'<h2 id="data-{node_id}"><a href="#{node_id}">{html.escape(titles.get(node_id, ""))}</a></h2>{match.group(2)}')
    appendix = "".join(parts) + "</section>" if len(parts) > 1 else ""
    return DETAILS.sub("", body), listed, appendix


def _print_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.config.html_theme != "guide-print" or "body" not in context:
        return
    context["body"], context["guide_figures"], context["guide_figure_appendix"] = print_lists(
        context["body"], app.config.language or "en")


def setup(app: Sphinx) -> None:
    app.add_directive("data-figure", DataFigureDirective)
    app.add_node(data_chart, html=(visit_data_chart, None))
    app.add_node(data_table, html=(visit_data_table, None))
    app.add_post_transform(UniqueTableIds)
    app.connect("config-inited", numbering)
    app.connect("env-get-updated", per_module_numbers, priority=900)
    app.connect("html-page-context", _print_context, priority=600)
