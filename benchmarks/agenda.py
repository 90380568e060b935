"""The agenda: drafting it for a meeting of four full preparations, and rendering the agenda pack's
PDFs as a ratio to WeasyPrint alone on the same HTML.

In a throw-away database of the configured kind the demo is loaded at --month may (every
preparation submitted); benchmarks/agenda_probe.py drafts the agenda of the demo meeting with the
most networks and renders each document of the pack. Speed never fails the run.

Alone: `.venv/bin/python benchmarks/agenda.py`; `make bench` runs it after the preparations.
"""

import json
import sys
from pathlib import Path

import benchdb
from processes import run_python

COMMAND_TIMEOUT_S = 300


def run(scratch: Path, app_env, database_url: str) -> dict:
    databases = benchdb.scratch_databases(database_url, scratch)
    try:
        env = app_env(databases.create("bench_agenda"), scratch / "agenda-var")
        run_python(["manage.py", "migrate", "--noinput", "--verbosity", "0"], env, timeout=COMMAND_TIMEOUT_S)
        run_python(["manage.py", "demo", "--month", "may", "--quiet-credentials"], env, timeout=COMMAND_TIMEOUT_S)
        output = run_python(["-m", "benchmarks.agenda_probe"], env, timeout=COMMAND_TIMEOUT_S)
    finally:
        databases.drop_all()
    return json.loads(output.splitlines()[-1])


def report(result: dict) -> str:
    draft = result["draft"]
    lines = [
        f"Agenda draft for {draft['meeting']} ({draft['networks']} networks, {draft['learning_questions']} learning "
        f"questions, {draft['good_practices']} good practices -> {draft['items']} items): "
        f"{draft['draft_ms']:.0f} ms (median of {result['rounds']}), {draft['queries']} queries.",
        "Agenda pack PDFs, render_pdf against WeasyPrint alone on the same HTML and print CSS:",
    ]
    for row in result["documents"]:
        lines.append(
            f"  {row['document']}: {row['pages']} pages, {row['render_pdf_ms']:.0f} ms vs {row['floor_ms']:.0f} ms,"
            f" ratio {row['ratio']:.2f}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    from run import standalone

    sys.exit(standalone(run, report))
