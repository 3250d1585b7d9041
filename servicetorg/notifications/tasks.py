"""Thin tasks: each takes ids and calls one service."""

from django_tasks import task

from servicetorg.core.periodic import periodic
from servicetorg.notifications import services


@task()
def notification_deliver_task(notification_id: int) -> str:
    return services.notification_deliver(notification_id=notification_id)


services.notification_delivery_register(lambda notification_id: notification_deliver_task.enqueue(notification_id))


@periodic(minutes=1)
@task()
def notifications_sweep() -> int:
    return services.notifications_deliver_due()


@periodic(hours=24)
@task()
def notifications_erase() -> int:
    return services.notifications_erase_old()
