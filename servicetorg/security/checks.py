from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def sensitive_message_keys(app_configs, **kwargs):
    if settings.SENSITIVE_MESSAGE_KEYS:
        return []
    return [Error("SENSITIVE_MESSAGE_KEYS is not set: sensitive forwarding messages cannot be encrypted.",
                  hint="Set one or more long random secrets, comma-separated, newest first.",
                  id="servicetorg.security.E001")]
