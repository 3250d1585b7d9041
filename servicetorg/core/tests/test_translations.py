"""Every user-facing string is translated to bokmål and nynorsk."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ENTRY = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$')


def unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")


def entries(path: Path):
    """(msgid, [msgstr...], fuzzy) for each entry of a .po file, header excluded.

    A msgid with a context is given as gettext keys it: context, EOT, msgid.
    """
    current, key, fuzzy = {}, None, False
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current.get("msgid"):
                msgid = f"{current['msgctxt']}\x04{current['msgid']}" if "msgctxt" in current else current["msgid"]
                yield msgid, [v for k, v in current.items() if k.startswith("msgstr")], fuzzy
            current, key, fuzzy = {}, None, False
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif match := ENTRY.match(line):
            key = match.group(1)
            current[key] = unescape(match.group(2))
        elif line.startswith('"') and key:
            current[key] += unescape(line[1:-1])


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_every_string_is_translated(language):
    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    found = list(entries(path))
    assert len(found) > 100
    untranslated = [msgid for msgid, strs, _ in found if not all(strs)]
    fuzzy = [msgid for msgid, _, is_fuzzy in found if is_fuzzy]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_compiled_catalogue_matches_the_source(language):
    """The committed .mo must be compiled from the current .po (run `make messages`)."""
    import gettext

    folder = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, strs, _ in entries(folder / "django.po"):
        if len(strs) == 1:
            assert compiled.gettext(msgid) == strs[0], msgid
