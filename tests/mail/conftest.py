"""Fixtures of the outbox review and template tests."""

import pytest

from peerreview.mail.services import message_compose, template_auto_send_set

TASK_DUE = "cycles.task_due"
TASK_OVERDUE = "cycles.task_overdue"


def task_context(name: str = "Anna Jansen", task: str = "Upload the self-evaluation") -> dict:
    return {
        "name": name,
        "task": task,
        "due_date": "1 March 2026",
        "meeting": "",
        "cycle": "2026",
        "link": "https://peerreview.example/tasks/1/",
    }


def compose(to: str = "anna@school.example", kind: str = TASK_DUE, **fields):
    """A reminder written the way the dispatcher writes it."""
    return message_compose(kind=kind, to=to, context=task_context(), language="en", **fields)


def form_errors(response) -> dict:
    return {field: list(errors) for field, errors in response.context["form"].errors.items()}


@pytest.fixture
def hold_task_due(secretary):
    """The secretary has set reminders of tasks due to wait for her review."""
    return template_auto_send_set(actor=secretary, key=TASK_DUE, auto_send=False)
