"""Stage 2, segment: a document into lines. ``document.segment_document`` is the one entry
(decoding, format choice); ``text`` splits plain text, ``html`` walks the lexbor tree into block
lines with their DOM columns (``dom.HtmlDocument``)."""
