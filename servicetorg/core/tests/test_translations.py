"""Every user-facing string is translated to bokmål and nynorsk.

The project-wide catalogue lives in `locale/`; an app may keep its own strings in
`servicetorg/<app>/locale/` (Django merges them), and every one is checked.
"""

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


def catalogues(language: str) -> list[Path]:
    base = Path(settings.BASE_DIR)
    return [base / "locale" / language / "LC_MESSAGES" / "django.po",
            *sorted(base.glob(f"servicetorg/*/locale/{language}/LC_MESSAGES/django.po"))]


CATALOGUES = [pytest.param(path, id=str(path.relative_to(settings.BASE_DIR)))
              for language in ("nb", "nn") for path in catalogues(language)]


def test_the_project_catalogue_is_not_empty():
    for language in ("nb", "nn"):
        assert len(list(entries(catalogues(language)[0]))) > 100


@pytest.mark.parametrize("path", CATALOGUES)
def test_every_string_is_translated(path):
    found = list(entries(path))
    untranslated = [msgid for msgid, strs, _ in found if not all(strs)]
    fuzzy = [msgid for msgid, _, is_fuzzy in found if is_fuzzy]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("path", CATALOGUES)
def test_the_compiled_catalogue_matches_the_source(path):
    """The committed .mo must be compiled from the current .po (run `make messages`)."""
    import gettext

    with path.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, strs, _ in entries(path):
        if len(strs) == 1:
            assert compiled.gettext(msgid) == strs[0], msgid
