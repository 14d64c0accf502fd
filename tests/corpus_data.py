"""Small generated dumps for the corpus and dump tests: articles, HTML pages, JSON Lines,
WARC and WET files (written by hand, as the WARC 1.0 format describes)."""

from __future__ import annotations

import gzip
import json
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

TOPICS = (
    "rain", "snow", "bridge", "harbour", "school", "library", "market", "railway", "museum",
    "garden", "hospital", "theatre", "ferry", "stadium", "canal", "airport",
)  # fmt: skip
#: A line that reads like prose and that every page of a host repeats: a site template.
ABOUT = (
    "About the author: Jane Doe has written about rivers, towns and the people who live "
    "along them for twenty years."
)


def article(index: int, *, about: bool = True) -> str:
    """A scraped article: chrome, two paragraphs of its own, the site's about line."""
    topic = TOPICS[index % len(TOPICS)]
    word = f"{topic} {'abcdefghijklmnopqrstuvwxyz'[index // len(TOPICS) % 26]}"
    lines = [
        "Skip to content",
        "Home | News | Sport",
        "",
        f"The {word} report",
        f"The council said on Monday that the {word} project would take two more years, "
        "and residents asked for a public meeting before any work starts.",
        f"Officials expect the {word} plans to be published in the spring, after a "
        "consultation with local businesses and schools.",
        "",
    ]
    if about:
        lines.append(ABOUT)
    lines += ["Share this article", "© 2024 Example News"]
    return "\n".join(lines)


def html_page(index: int) -> str:
    """An HTML page with navigation, an article and the site's about paragraph."""
    paragraphs = "".join(f"<p>{line}</p>" for line in article(index, about=False).split("\n")[4:6])
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>News</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h2>Report {index}</h2>{paragraphs}<p>{ABOUT}</p></article>"
        "<footer>© 2024 Example News</footer></body></html>"
    )


def rows(count: int, hosts: int = 3) -> list[dict[str, Any]]:
    """JSON Lines rows: ``id``, ``url`` spread over ``hosts`` hosts, ``text``."""
    return [
        {"id": f"doc-{i}", "url": f"https://site{i % hosts}.example/p/{i}", "text": article(i)}
        for i in range(count)
    ]


def write_jsonl(path: Path, items: Iterable[dict[str, Any] | str]) -> Path:
    """Write ``items`` (dicts, or raw lines as given) as JSON Lines, compressed by suffix."""
    lines = [item if isinstance(item, str) else json.dumps(item) for item in items]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if path.name.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    elif path.name.endswith(".zst"):
        import zstandard

        data = zstandard.ZstdCompressor().compress(data)
    path.write_bytes(data)
    return path


def warc_record(kind: str, url: str, block: bytes, content_type: str) -> bytes:
    """One WARC/1.0 record."""
    record_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{kind}:{url}")
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{record_id}>\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return head.encode("ascii") + block + b"\r\n\r\n"


def http_response(body: bytes, content_type: str = "text/html", status: str = "200 OK") -> bytes:
    """An HTTP response block."""
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("ascii") + body


def write_warc(path: Path, records: Sequence[bytes]) -> Path:
    """Write ``records``; one gzip member per record for ``*.gz``."""
    if path.name.endswith(".gz"):
        path.write_bytes(b"".join(gzip.compress(r, mtime=0) for r in records))
    else:
        path.write_bytes(b"".join(records))
    return path


def crawl_records(count: int, hosts: int = 3) -> list[bytes]:
    """A crawl: a warcinfo record, then per page a request and an HTML response; and an
    image response and a redirect that a reader must skip."""
    records = [warc_record("warcinfo", "", b"software: tests\r\n", "application/warc-fields")]
    for i in range(count):
        url = f"https://site{i % hosts}.example/p/{i}"
        records.append(
            warc_record(
                "request", url, b"GET / HTTP/1.1\r\n\r\n", "application/http; msgtype=request"
            )
        )
        body = http_response(html_page(i).encode("utf-8"), "text/html; charset=utf-8")
        records.append(warc_record("response", url, body, "application/http; msgtype=response"))
    image = http_response(b"\x89PNG....", "image/png")
    records.append(
        warc_record(
            "response", "https://site0.example/a.png", image, "application/http; msgtype=response"
        )
    )
    moved = http_response(b"<html>moved</html>", "text/html", "301 Moved Permanently")
    records.append(
        warc_record(
            "response", "https://site0.example/old", moved, "application/http; msgtype=response"
        )
    )
    return records


def wet_records(count: int, hosts: int = 3) -> list[bytes]:
    """A WET file: a warcinfo record and one text conversion per page."""
    records = [warc_record("warcinfo", "", b"software: tests\r\n", "application/warc-fields")]
    for i in range(count):
        url = f"https://site{i % hosts}.example/p/{i}"
        records.append(warc_record("conversion", url, article(i).encode("utf-8"), "text/plain"))
    return records


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The records of a JSON Lines file (compressed by suffix)."""
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    elif path.name.endswith(".zst"):
        import io

        import zstandard

        data = (
            zstandard.ZstdDecompressor()
            .stream_reader(io.BytesIO(data), read_across_frames=True)
            .read()
        )
    return [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]
