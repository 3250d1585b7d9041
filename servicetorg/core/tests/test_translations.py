"""Every user-facing string is translated to bokmål and nynorsk."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ENTRY = re.compile(r'^(msgid|msgstr(?:\[\d+\])?) "(.*)"$')


def entries(path: Path):
    """(msgid, [msgstr...], fuzzy) for each entry of a .po file, header excluded."""
    current, key, fuzzy = {}, None, False
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current.get("msgid"):
                yield current["msgid"], [v for k, v in current.items() if k.startswith("msgstr")], fuzzy
            current, key, fuzzy = {}, None, False
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif match := ENTRY.match(line):
            key = match.group(1)
            current[key] = match.group(2)
        elif line.startswith('"') and key:
            current[key] += line.strip('"')


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_every_string_is_translated(language):
    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    found = list(entries(path))
    assert len(found) > 100
    untranslated = [msgid for msgid, strs, _ in found if not all(strs)]
    fuzzy = [msgid for msgid, _, is_fuzzy in found if is_fuzzy]
    assert untranslated == []
    assert fuzzy == []
