"""The visual provenance report: one self-contained HTML page per document, or per dump sample.

The page needs nothing from the network: styles and the small script are inlined. Kept lines
are shown plain, removed ones greyed and coloured by kind; each line's rule, evidence, score
and DOM source show on hover (``title``), on keyboard focus and in a side panel. Checkboxes
show or hide kinds (the choice is kept in the address, ``#hide=navigation,share``), and a bar
shows the characters removed per kind. HTML input also gets a blocks view: the page's text
blocks in order, removed ones struck through. Without JavaScript every line is still shown,
with its reason in the tooltip.

The pages are built from report dicts (``Result.report()``, schema ``declutter.report/1``), so
a dump written with ``--with-report`` can be rendered without cleaning again.

>>> from declutter import clean_text
>>> page = report_page(clean_text("Load more\\nThe council met on Tuesday.").report())
>>> page.startswith("<!DOCTYPE html>"), 'data-kind="call_to_action"' in page
(True, True)
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

#: One colour per kind (``declutter.Kind`` values; readable on white for text and bars).
_KIND_COLOURS: Mapping[str, str] = {
    "content": "#1b7837",
    "heading": "#1b7837",
    "caption": "#1b7837",
    "empty": "#8a8a8a",
    "boilerplate": "#8c510a",
    "navigation": "#0072b2",
    "breadcrumb": "#56b4e9",
    "accessibility": "#3f5a8a",
    "ticker": "#b15928",
    "call_to_action": "#cc79a7",
    "media_player": "#6a3d9a",
    "share": "#d55e00",
    "cookie_notice": "#a6761d",
    "newsletter": "#e7298a",
    "advert": "#c51b7d",
    "legal": "#666666",
    "disclaimer": "#7f7f3f",
    "related": "#009e73",
    "metadata": "#b8860b",
    "comment": "#9e4f9e",
    "duplicate": "#008b8b",
    "site_template": "#4d9221",
    "hidden": "#525252",
}

_STYLE = """
:root{--fg:#1d1d1d;--muted:#767676;--bg:#fff;--line:#e5e5e5;--focus:#005fcc}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);
background:var(--bg)}
header,main{padding:0 1rem}
h1{font-size:1.25rem;margin:.8rem 0 .3rem;overflow-wrap:anywhere}
.summary{margin:.2rem 0 .6rem;color:#333}
.bar{display:flex;height:14px;border:1px solid var(--line);margin:.3rem 0 .2rem}
.bar span{display:block;height:100%}
.legend,.filters{display:flex;flex-wrap:wrap;gap:.25rem .9rem;margin:.3rem 0;padding:0;
list-style:none;font-size:.9rem}
.swatch{display:inline-block;width:.8em;height:.8em;margin-right:.3em;vertical-align:-.05em}
fieldset{border:1px solid var(--line);margin:.5rem 0;padding:.3rem .6rem}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 20rem;gap:1rem;align-items:start}
.views{min-width:0}
.lines{list-style:none;margin:0;padding:0;font-family:ui-monospace,Menlo,Consolas,monospace;
font-size:.88rem}
.lines li{display:grid;grid-template-columns:3.2em minmax(0,1fr);gap:.6em;padding:.05rem .3rem;
border-left:4px solid transparent;white-space:pre-wrap;overflow-wrap:anywhere;cursor:pointer}
.lines li .n{color:var(--muted);text-align:right;user-select:none}
.lines li.removed{color:var(--muted);border-left-color:var(--kind)}
.lines li.removed .t{text-decoration:line-through;text-decoration-color:var(--kind)}
.lines li.removed .tag{color:var(--kind);font-weight:600}
.lines li:focus,.blocks p:focus{outline:2px solid var(--focus);outline-offset:-2px}
.lines li[aria-current="true"],.blocks p[aria-current="true"]{background:#eef4ff}
.tag{font-size:.78rem;margin-right:.5em}
.blocks p{margin:.35rem 0;padding:.1rem .4rem;border-left:4px solid transparent;
overflow-wrap:anywhere;cursor:pointer}
.blocks p.heading{font-weight:700;font-size:1.05rem}
.blocks p.removed{color:var(--muted);border-left-color:var(--kind)}
.blocks p.removed del{text-decoration-color:var(--kind)}
.hidden-kind{display:none!important}
aside{position:sticky;top:.5rem;border:1px solid var(--line);padding:.6rem .8rem;font-size:.9rem;
overflow-wrap:anywhere}
aside h2{font-size:1rem;margin:0 0 .4rem}
aside dl{margin:0;display:grid;grid-template-columns:auto minmax(0,1fr);gap:.15rem .6rem}
aside dt{color:var(--muted)}
aside dd{margin:0}
details{margin:.6rem 0}
summary{cursor:pointer}
table{border-collapse:collapse;font-size:.9rem;width:100%}
th,td{border-bottom:1px solid var(--line);padding:.2rem .4rem;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
@media (max-width:760px){.layout{grid-template-columns:1fr}
aside{position:sticky;bottom:0;top:auto;background:var(--bg);max-height:40vh;overflow:auto}
html{scroll-padding-bottom:calc(40vh + 1rem)}body{font-size:14px}
.lines li{grid-template-columns:2.4em minmax(0,1fr)}}
"""

_SCRIPT = """
(function(){
const boxes=[...document.querySelectorAll('input[data-filter]')];
const items=[...document.querySelectorAll('[data-kind]:not(input)')];
const panel=document.getElementById('panel-body');
const visible=document.getElementById('visible-count');
function apply(){
  const hidden=new Set(boxes.filter(b=>!b.checked).map(b=>b.dataset.filter));
  let shown=0;
  for(const el of items){const hide=hidden.has(el.dataset.kind);
    el.classList.toggle('hidden-kind',hide);
    if(!hide&&el.closest('.lines'))shown++;}
  if(visible){visible.textContent=String(shown);}
  const h=[...hidden].sort().join(',');
  document.body.dataset.hiddenKinds=h;
  history.replaceState(null,'',h?'#hide='+h:location.pathname+location.search);
}
function fromHash(){
  const m=/^#hide=(.*)$/.exec(location.hash);const hide=new Set(m?m[1].split(','):[]);
  for(const b of boxes){b.checked=!hide.has(b.dataset.filter);}
}
function show(el){
  for(const c of document.querySelectorAll('[aria-current="true"]'))
    c.removeAttribute('aria-current');
  el.setAttribute('aria-current','true');
  const d=el.dataset;const rows=[['line',d.n],['verdict',d.kept==='1'?'kept':'removed'],
    ['kind',d.kind],['before context',d.cf],['rule',d.rule],['evidence',d.evidence],
    ['score',d.score]];
  if(d.source)rows.push(['source',d.source]);
  panel.replaceChildren();const dl=document.createElement('dl');
  for(const [k,v] of rows){if(v===undefined)continue;const dt=document.createElement('dt');
    dt.textContent=k;const dd=document.createElement('dd');dd.textContent=v;dl.append(dt,dd);}
  panel.append(dl);
}
for(const el of document.querySelectorAll('[data-n]')){
  el.addEventListener('focus',()=>show(el));el.addEventListener('click',()=>show(el));
  el.addEventListener('keydown',e=>{
    if(e.key==='ArrowDown'||e.key==='j'){let n=el.nextElementSibling;
      while(n&&n.classList.contains('hidden-kind'))n=n.nextElementSibling;if(n){n.focus();e.preventDefault();}}
    if(e.key==='ArrowUp'||e.key==='k'){let p=el.previousElementSibling;
      while(p&&p.classList.contains('hidden-kind'))p=p.previousElementSibling;if(p){p.focus();e.preventDefault();}}
  });
}
for(const b of boxes)b.addEventListener('change',apply);
fromHash();apply();
window.addEventListener('hashchange',()=>{fromHash();apply();});
document.documentElement.dataset.ready='1';
})();
"""


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _colour(kind: str) -> str:
    return _KIND_COLOURS.get(kind, "#555555")


def _page(title: str, body: str, *, script: bool = True) -> str:
    code = f"<script>{_SCRIPT}</script>" if script else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{_esc(title)}</title><style>{_STYLE}</style></head>"
        f"<body>{body}{code}</body></html>\n"
    )


def _removed_chars(stats: Mapping[str, Any]) -> list[tuple[str, int, int]]:
    removed = stats.get("removed", {})
    rows = [(kind, int(c["lines"]), int(c["chars"])) for kind, c in removed.items()]
    return sorted(rows, key=lambda row: (-row[2], row[0]))


def _bar(rows: Sequence[tuple[str, int, int]], chars_total: int, chars_kept: int) -> str:
    total = max(chars_total, 1)
    spans = [
        f'<span style="width:{100 * chars_kept / total:.3f}%;background:#cfe8d5" '
        f'title="kept: {chars_kept:,} characters"></span>'
    ]
    legend = [
        f'<li><span class="swatch" style="background:#cfe8d5"></span>kept '
        f'<span data-count="chars_kept">{chars_kept}</span> chars</li>'
    ]
    for kind, lines, chars in rows:
        spans.append(
            f'<span style="width:{100 * chars / total:.3f}%;background:{_colour(kind)}" '
            f'title="{_esc(kind)}: {chars:,} characters, {lines:,} lines"></span>'
        )
        legend.append(
            f'<li><span class="swatch" style="background:{_colour(kind)}"></span>{_esc(kind)} '
            f'<span data-removed-chars="{_esc(kind)}">{chars}</span> chars, '
            f'<span data-removed-lines="{_esc(kind)}">{lines}</span> lines</li>'
        )
    return (
        '<div class="bar" role="img" aria-label="characters kept and removed per kind">'
        + "".join(spans)
        + '</div><ul class="legend">'
        + "".join(legend)
        + "</ul>"
    )


def _filters(line_kinds: Mapping[str, int]) -> str:
    boxes = "".join(
        f'<li><label><input type="checkbox" checked data-filter="{_esc(kind)}"> '
        f'<span class="swatch" style="background:{_colour(kind)}"></span>{_esc(kind)} '
        f"({count})</label></li>"
        for kind, count in sorted(line_kinds.items())
    )
    return '<fieldset><legend>Show kinds</legend><ul class="filters">' + boxes + "</ul></fieldset>"


def _line_attributes(line: Mapping[str, Any]) -> str:
    kind = str(line["kind"])
    attributes = {
        "data-n": line["number"],
        "data-kind": kind,
        "data-kept": "1" if line["kept"] else "0",
        "data-cf": line.get("context_free_kind", kind),
        "data-rule": line["rule"],
        "data-evidence": line["evidence"],
        "data-score": f"{float(line['score']):.4f}",
    }
    if line.get("source"):
        attributes["data-source"] = line["source"]
    tip = f"{'kept' if line['kept'] else 'removed'}: {kind} by {line['rule']}"
    tip += f"\n{line['evidence']}\nscore {float(line['score']):.3f}"
    if line.get("source"):
        tip += f"\n{line['source']}"
    attributes["title"] = tip
    parts = [f'{name}="{_esc(value)}"' for name, value in attributes.items()]
    return " ".join(parts) + f' style="--kind:{_colour(kind)}" tabindex="0"'


def _lines_view(lines: Sequence[Mapping[str, Any]]) -> str:
    items = []
    for line in lines:
        kept = bool(line["kept"])
        tag = "" if kept else f'<span class="tag">[{_esc(line["kind"])}]</span>'
        state = "kept" if kept else "removed"
        label = f"line {line['number']}, {state}, {line['kind']}"
        items.append(
            f'<li class="{state}" {_line_attributes(line)} aria-label="{_esc(label)}">'
            f'<span class="n" aria-hidden="true">{line["number"]}</span>'
            f'<span class="t">{tag}{_esc(line.get("text", ""))}</span></li>'
        )
    return '<ol class="lines" aria-label="lines of the document">' + "".join(items) + "</ol>"


def _blocks_view(lines: Sequence[Mapping[str, Any]]) -> str:
    blocks = []
    for line in lines:
        text = str(line.get("text", ""))
        if not text.strip():
            continue
        kept = bool(line["kept"])
        classes = ("kept" if kept else "removed") + (
            " heading" if line["kind"] == "heading" else ""
        )
        inner = _esc(text) if kept else f"<del>{_esc(text)}</del>"
        blocks.append(f'<p class="{classes}" {_line_attributes(line)}>{inner}</p>')
    return '<div class="blocks">' + "".join(blocks) + "</div>"


def _document_body(report: Mapping[str, Any], title: str, *, heading: str = "h1") -> str:
    stats = report["stats"]
    lines: Sequence[Mapping[str, Any]] = report.get("lines", [])
    rows = _removed_chars(stats)
    line_kinds: dict[str, int] = {}
    for line in lines:
        line_kinds[str(line["kind"])] = line_kinds.get(str(line["kind"]), 0) + 1
    summary = (
        f'<p class="summary">{_esc(report.get("format", ""))} input, language '
        f"{_esc(report.get('language', ''))}: kept "
        f'<strong data-count="lines_kept">{stats["lines_kept"]}</strong> of '
        f'<strong data-count="lines_total">{stats["lines_total"]}</strong> lines, '
        f'<span data-count="chars_kept">{stats["chars_kept"]}</span> of '
        f'<span data-count="chars_total">{stats["chars_total"]}</span> characters. '
        f'Showing <span id="visible-count" aria-live="polite">{len(lines)}</span> lines.</p>'
    )
    views = _lines_view(lines)
    if report.get("format") == "html":
        views = (
            "<details open><summary>Lines</summary>" + views + "</details>"
            "<details open><summary>Blocks (removed text struck through)</summary>"
            + _blocks_view(lines)
            + "</details>"
        )
    panel = (
        '<aside aria-labelledby="panel-title"><h2 id="panel-title">Line details</h2>'
        '<div id="panel-body" aria-live="polite"><p>Hover, click or focus a line (Tab, then '
        "arrow keys or j/k) to see its kind, rule, evidence, score and source.</p></div></aside>"
    )
    return (
        f"<header><{heading}>{_esc(title)}</{heading}>{summary}"
        + _bar(rows, int(stats["chars_total"]), int(stats["chars_kept"]))
        + _filters(line_kinds)
        + f'</header><main class="layout"><div class="views">{views}</div>{panel}</main>'
    )


def report_page(report: Mapping[str, Any], *, title: str = "declutter report") -> str:
    """One self-contained HTML page for the report of one document (``Result.report()``).

    The report must include the line texts (``include_text=True``, the default).

    >>> from declutter import clean_html
    >>> page = report_page(clean_html("<nav><a href='/'>Home</a></nav><p>Body text.</p>")
    ...                    .report(), title="page.html")
    >>> "Blocks (removed text struck through)" in page, "<del>Home</del>" in page
    (True, True)
    """
    lines = report.get("lines", [])
    if lines and "text" not in lines[0]:
        raise ValueError("the report has no line texts; make it with include_text=True")
    return _page(title, _document_body(report, title))


def index_page(
    records: Iterable[Mapping[str, Any]], *, title: str = "declutter dump sample"
) -> str:
    """An index page over records of a dump (``declutter dump -o X.jsonl``): per-kind totals
    over all the records given, one row per record, and, for records written with
    ``--with-report``, each record's lines in a collapsed section.

    >>> page = index_page([{"id": "a", "url": None, "stats": {"lines_total": 2,
    ...     "lines_kept": 1, "chars_total": 20, "chars_kept": 11,
    ...     "removed": {"navigation": {"lines": 1, "chars": 9}}}}])
    >>> 'data-removed-chars="navigation">9<' in page
    True
    """
    rows = []
    sections = []
    totals: dict[str, list[int]] = {}
    lines_total = lines_kept = chars_total = chars_kept = 0
    for position, record in enumerate(records, 1):
        stats = record["stats"]
        lines_total += int(stats["lines_total"])
        lines_kept += int(stats["lines_kept"])
        chars_total += int(stats["chars_total"])
        chars_kept += int(stats["chars_kept"])
        for kind, count in stats.get("removed", {}).items():
            total = totals.setdefault(kind, [0, 0])
            total[0] += int(count["lines"])
            total[1] += int(count["chars"])
        name = str(record.get("url") or record.get("id") or f"record {position}")
        anchor = f"doc-{position}"
        report = record.get("report")
        link = f'<a href="#{anchor}">{_esc(name)}</a>' if report else _esc(name)
        removed = int(stats["chars_total"]) - int(stats["chars_kept"])
        top = ", ".join(f"{kind} {chars}" for kind, _, chars in _removed_chars(stats)[:3])
        rows.append(
            f'<tr><td class="num">{position}</td><td>{link}</td>'
            f'<td class="num">{stats["lines_kept"]}/{stats["lines_total"]}</td>'
            f'<td class="num">{stats["chars_kept"]}</td><td class="num">{removed}</td>'
            f"<td>{_esc(top)}</td></tr>"
        )
        if report:
            body = _lines_view(report.get("lines", []))
            sections.append(
                f'<details id="{anchor}"><summary>{_esc(name)}</summary>{body}</details>'
            )
    kinds = [(kind, lines, chars) for kind, (lines, chars) in totals.items()]
    kinds.sort(key=lambda row: (-row[2], row[0]))
    header = (
        f'<header><h1>{_esc(title)}</h1><p class="summary"><span data-count="records">'
        f'{len(rows)}</span> records: kept <strong data-count="lines_kept">{lines_kept}'
        f'</strong> of <strong data-count="lines_total">{lines_total}</strong> lines, '
        f'<span data-count="chars_kept">{chars_kept}</span> of '
        f'<span data-count="chars_total">{chars_total}</span> characters.</p>'
        + _bar(kinds, chars_total, chars_kept)
        + "</header>"
    )
    table = (
        '<table><caption class="sr">records</caption><thead><tr><th class="num">#</th>'
        '<th>record</th><th class="num">lines kept</th><th class="num">chars kept</th>'
        '<th class="num">chars removed</th><th>removed most</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table>"
    )
    panel = (
        '<aside aria-labelledby="panel-title"><h2 id="panel-title">Line details</h2>'
        '<div id="panel-body" aria-live="polite"><p>Open a record and focus a line.</p>'
        "</div></aside>"
    )
    main = f'<main class="layout"><div class="views">{table}{"".join(sections)}</div>{panel}</main>'
    return _page(title, header + main)
