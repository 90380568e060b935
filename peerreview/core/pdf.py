"""The one way the product makes PDFs: an HTML template with print CSS, rendered by WeasyPrint.

Documents may load our own static and media files, and nothing else: a link or image pointing
elsewhere (typed by a user, say) is never fetched, so rendering never touches the network.
"""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

# Relative URLs in the documents ("/static/…") resolve against this address, which is never fetched.
BASE_URL = "https://peerreview.invalid/"


def _local_file(url: str) -> Path | None:
    """The file of our own that a document URL names, or None."""
    if not url.startswith(BASE_URL):
        return None
    path = "/" + url[len(BASE_URL) :].split("?")[0].split("#")[0]
    if path.startswith(settings.STATIC_URL):
        found = finders.find(path[len(settings.STATIC_URL) :])
        return Path(found) if found else None
    if path.startswith(settings.MEDIA_URL):
        root = Path(settings.MEDIA_ROOT).resolve()
        candidate = (root / path[len(settings.MEDIA_URL) :]).resolve()
        return candidate if candidate.is_relative_to(root) and candidate.is_file() else None
    return None


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template to PDF bytes. WeasyPrint is imported here: its import alone takes ~0.5 s."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = _local_file(url)
            if path is None:
                raise ValueError(f"Not one of our own files: {url[:200]}")
            mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mimetype})

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=LocalOnlyFetcher()).write_pdf()
