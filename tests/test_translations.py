"""The German catalogue keeps up with the code: every string of ours is translated, none is fuzzy, the committed
.po lists exactly the strings the code has, and the committed .mo is compiled from it.

makemessages runs on a copy of the project in a temporary directory, so the committed files are never rewritten
by a test. It needs GNU gettext (xgettext, msgmerge); CI installs it (.ci/run)."""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# What makemessages reads: the apps and the plumbing below them (common), the project's templates and settings
# (LANGUAGES names the languages).
COPIED = ["common", "claims", "sources", "factcheck", "templates", "locale", "manage.py"]
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "demo", "migrations")


def entries(path: Path) -> dict:
    with path.open("rb") as file:
        catalogue = read_po(file)
    return {(message.context, message.id): message for message in catalogue if message.id}


def shown(keys) -> str:
    return "\n".join(f"  {context + ' | ' if context else ''}{msgid!r}" for context, msgid in sorted(
        keys, key=lambda key: (key[0] or "", str(key[1]))))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict:
    """The catalogue makemessages makes from the code as it is now, merged with the committed translations."""
    if not (shutil.which("xgettext") and shutil.which("msgmerge")):
        message = "GNU gettext (xgettext, msgmerge) is missing: apt-get install -y gettext"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    copy = tmp_path_factory.mktemp("project")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=IGNORED)
        else:
            shutil.copy2(source, copy / name)
    env = {**os.environ, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "factcheck.settings", "LANGUAGE_CODE": "en"}
    subprocess.run([sys.executable, "manage.py", "makemessages", "--locale", "de", "--no-obsolete"],
                   cwd=copy, env=env, check=True, capture_output=True, timeout=300)
    return entries(copy / "locale" / "de" / "LC_MESSAGES" / "django.po")


def test_every_string_of_ours_has_its_german(extracted):
    empty = [key for key, message in extracted.items()
             if not (all(message.string) if isinstance(message.string, tuple) else message.string)]
    fuzzy = [key for key, message in extracted.items() if message.fuzzy]
    assert not empty, (f"{len(empty)} string(s) have no German yet; run `make messages` and translate them in "
                       f"{PO.relative_to(ROOT)}:\n{shown(empty)}")
    assert not fuzzy, f"{len(fuzzy)} German translation(s) are marked fuzzy; check and unmark them:\n{shown(fuzzy)}"


def test_the_committed_catalogue_has_exactly_the_strings_of_the_code(extracted):
    committed = entries(PO)
    new, gone = extracted.keys() - committed.keys(), committed.keys() - extracted.keys()
    assert not new, f"{PO.relative_to(ROOT)} is out of date (run `make messages`); new in the code:\n{shown(new)}"
    assert not gone, f"{PO.relative_to(ROOT)} lists strings the code no longer has; run `make messages`:\n{shown(gone)}"


# makemessages finds what xgettext's keywords name (_, gettext, gettext_lazy, ngettext, pgettext …): a string
# wrapped in another alias would be left out of the catalogue without a word, and shown in English.
ALIAS = re.compile(r"import [^\n]*\b(?:gettext|gettext_lazy|ngettext|ngettext_lazy|pgettext|pgettext_lazy) "
                   r"as (?!_\b)(\w+)")


def test_strings_are_wrapped_only_in_names_makemessages_knows():
    aliased = [f"{path.relative_to(ROOT)}: as {match[1]}" for folder in ("claims", "sources", "factcheck")
               for path in sorted((ROOT / folder).rglob("*.py")) for match in ALIAS.finditer(path.read_text())]
    assert not aliased, "makemessages does not see strings wrapped in these aliases; use _ or the function's name:\n" \
        + "\n".join(aliased)


def test_the_compiled_catalogue_is_the_committed_one():
    with MO.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    stale = []
    for (context, msgid), message in entries(PO).items():
        if isinstance(msgid, tuple):
            got = tuple(compiled.npgettext(context, *msgid, n) if context else compiled.ngettext(*msgid, n)
                        for n in (1, 2))
            want = tuple(message.string)
        else:
            got = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
            want = message.string
        if got != want:
            stale.append((context, msgid))
    assert not stale, f"{MO.relative_to(ROOT)} is older than the .po; run `make messages`:\n{shown(stale)}"
