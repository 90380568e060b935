"""The preparation's PDF and pages: render time as a ratio to WeasyPrint alone, and query counts
that must not grow with the number of entries.

In a throw-away database of the configured kind the demo is loaded at --month may (eleven
submitted preparations); benchmarks/preparation_probe.py then times the PDF of the fullest one
through render_pdf (template, URL fetcher, WeasyPrint) against WeasyPrint alone laying out the
same HTML with the same print CSS, and counts each page's queries with the demo's entries and with
60 more. A page that does not answer 200 fails the run; speed never does.

Alone: `.venv/bin/python benchmarks/preparations.py`; `make bench` runs it after the reminders.
"""

import json
import sys
from pathlib import Path

import benchdb
from processes import run_python

COMMAND_TIMEOUT_S = 180


def run(scratch: Path, app_env, database_url: str) -> dict:
    """Load the demo at May and probe it. `app_env(url, var)` is run.py's environment."""
    databases = benchdb.scratch_databases(database_url, scratch)
    try:
        env = app_env(databases.create("bench_preparations"), scratch / "preparations-var")
        run_python(["manage.py", "migrate", "--noinput", "--verbosity", "0"], env, timeout=COMMAND_TIMEOUT_S)
        run_python(["manage.py", "demo", "--month", "may", "--quiet-credentials"], env, timeout=COMMAND_TIMEOUT_S)
        output = run_python(["-m", "benchmarks.preparation_probe"], env, timeout=COMMAND_TIMEOUT_S)
    finally:
        databases.drop_all()
    result = json.loads(output.splitlines()[-1])
    for page in result["pages"]:
        page["constant"] = page["demo"]["queries"] == page["more"]["queries"]
    failures = [
        f"{page['page']} answered {page[size]['status']} with {result['entries'][size]} entries"
        for page in result["pages"]
        for size in ("demo", "more")
        if page[size]["status"] != 200
    ]
    if failures:
        result["error"] = "; ".join(failures)
    return result


def report(result: dict) -> str:
    pdf, entries = result["pdf"], result["entries"]
    lines = [
        f"Preparation PDF ({pdf['network']}, {pdf['entries']} entries, {pdf['pages']} pages, "
        f"{pdf['pdf_bytes']:,} bytes): render_pdf {pdf['render_pdf_ms']:.0f} ms, WeasyPrint alone on the same "
        f"HTML and print CSS {pdf['floor_ms']:.0f} ms (median of {pdf['rounds']}); ratio {pdf['ratio']:.2f}.",
        f"SQL queries per request with {entries['demo']} and {entries['more']} entries in the preparation:",
    ]
    for page in result["pages"]:
        lines.append(
            f"  {page['page']}: {page['demo']['queries']} / {page['more']['queries']}"
            f"  {'constant' if page['constant'] else 'NOT constant'}"
        )
    if result["missing"]:
        lines.append(f"  not measured (no such page yet): {', '.join(result['missing'])}")
    if "error" in result:
        lines.append(f"FAILED preparations: {result['error']}")
    return "\n".join(lines)


if __name__ == "__main__":
    from run import standalone

    sys.exit(standalone(run, report))
