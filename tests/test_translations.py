"""The interface speaks Dutch first: the catalogue is complete, compiled, and used by default."""

from pathlib import Path

import polib
from django.conf import settings
from django.urls import reverse

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES"


def test_dutch_catalogue_complete():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert (untranslated, fuzzy) == ([], [])


def test_dutch_catalogue_compiled_from_po():
    po = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.pofile(str(CATALOGUE / "django.po"))}
    mo = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(CATALOGUE / "django.mo"))}
    mo.pop((None, ""), None)
    assert mo == po


def test_interface_dutch_by_default(client, db):
    response = client.get(reverse("account_login"))
    assert response.headers["Content-Language"] == "nl"
    assert "Stuur mij een inlogcode" in response.content.decode()


def test_interface_english_when_chosen(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("account_login")}, follow=True)
    assert response.headers["Content-Language"] == "en"
    assert "Send me a sign-in code" in response.content.decode()
