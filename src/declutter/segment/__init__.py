"""Turn an input document into lines: plain text here, HTML in ``html``."""
