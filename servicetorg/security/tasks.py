from django_tasks import task

from servicetorg.core.periodic import periodic
from servicetorg.security.sealed import sealed_messages_erase_expired


@periodic(hours=1)
@task()
def security_erase_sealed_messages() -> int:
    return sealed_messages_erase_expired()
