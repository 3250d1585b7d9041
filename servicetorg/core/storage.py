"""Static files in production: WhiteNoise's compressed, hashed storage.

Vendored libraries (Chart.js) end with a `sourceMappingURL` comment pointing at a
.map file we do not ship; Django's manifest storage would refuse to collect them.
Source maps are a development aid, so their references are left alone instead of
rewritten."""

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    kept = []
    for extension, rules in patterns:
        rules = tuple(rule for rule in rules
                      if "sourceMappingURL" not in (rule[0] if isinstance(rule, tuple) else rule))
        kept.append((extension, rules))
    return tuple(kept)


class StaticStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(ManifestStaticFilesStorage.patterns)
