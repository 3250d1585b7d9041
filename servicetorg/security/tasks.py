from django_tasks import task

from servicetorg.core.periodic import periodic
from servicetorg.security.retention import free_text_erase_expired
from servicetorg.security.sealed import sealed_messages_erase_expired


@periodic(hours=1)
@task()
def security_erase_sealed_messages() -> int:
    return sealed_messages_erase_expired()


@periodic(hours=1)
@task()
def security_erase_free_text() -> dict[str, int]:
    return free_text_erase_expired()
