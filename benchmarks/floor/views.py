"""One template page whose body has exactly the number of bytes asked for in its URL."""

from functools import cache

from django.shortcuts import render
from django.template.loader import render_to_string

TEMPLATE = "floor.html"
# Rows of a table like the registry's, so the floor also pays for a loop and escaping.
ROW = "Regionaal netwerk Utrecht · Provincie Utrecht · 3 instellingen · 6 partnerscholen & 9 contactpersonen"


def _rendered_bytes(rows: list[str]) -> int:
    return len(render_to_string(TEMPLATE, {"rows": rows, "padding": ""}).encode())


@cache
def _context_for(size: int) -> dict:
    """Rows plus padding that make the template render to `size` bytes, measured, not assumed."""
    empty = _rendered_bytes([])
    rows, padding = divmod(max(size - empty, 0), _rendered_bytes([ROW]) - empty)
    return {"rows": [ROW] * rows, "padding": "x" * padding}


def page_of_size(request, size: int):
    return render(request, TEMPLATE, _context_for(size))
