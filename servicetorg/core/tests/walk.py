"""Shared by the walks over every URL and every admin model: the demo municipality
(the one whose data must not leak), a second municipality beside it with its
own administrator, and the path parameters every URL pattern needs."""

import datetime as dt

from django.contrib.auth.models import Permission
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from servicetorg.accounts.models import Role, User
from servicetorg.bookings.models import Appointment, RentalRequest, Resource, Season
from servicetorg.catalogue.models import Article, Service, Synonym
from servicetorg.demo.loader import demo_load
from servicetorg.forwarding.models import Forwarding
from servicetorg.inquiries.models import Inquiry
from servicetorg.notifications.models import Notification, NotificationChannel
from servicetorg.organisation.models import Municipality, Site, Unit
from servicetorg.transfers.models import Task

# Words that appear only in the demo municipality's data (its name and its sites).
DEMO_MARKERS = (b"Sandefjord", b"Stokke", b"Andebu")


def load_demo_with_extras() -> Municipality:
    """The demo, plus a row for the few admin models the demo leaves empty."""
    result = demo_load(history_days=2, per_day=4, seed=1)
    municipality = result.municipality
    if not Synonym.objects.filter(municipality=municipality).exists():
        Synonym.objects.create(municipality=municipality, words="sandefjordord, lokalt")
    if not Notification.objects.filter(municipality=municipality).exists():
        Notification.objects.create(
            municipality=municipality, channel=NotificationChannel.EMAIL, recipient="a@example.org",
            subject="Sandefjord", body="Sandefjord", purpose="test", idempotency_key="walk-1",
        )
    if not Season.objects.filter(municipality=municipality).exists():
        today = timezone.localdate()
        Season.objects.create(municipality=municipality, name="Sandefjord vinter", starts=today,
                              ends=today + dt.timedelta(days=90), requests_until=today)
    admin = User.objects.get(username="admin")
    from servicetorg.bookings.models import AvailabilityException

    if not AvailabilityException.objects.filter(municipality=municipality).exists():
        AvailabilityException.objects.create(municipality=municipality, caseworker=User.objects.get(
            username="saksbehandler"), date=timezone.localdate(), reason="Sandefjord kurs")
    from servicetorg.accounts.services import api_token_create

    if not admin.api_tokens.exists():
        api_token_create(user=admin, name="Sandefjord integration")
    from servicetorg.core.audit import audit_record
    from servicetorg.core.models import AuditAction

    audit_record(actor=admin, action=AuditAction.VIEW_PERSONAL_DATA, obj=Site.objects.filter(
        municipality=municipality).first(), detail="Sandefjord walk")
    from servicetorg.conversations.models import Quarantine, QuarantineSource
    from servicetorg.queues.models import RejectedHook
    from servicetorg.security.models import OidcGroupMapping

    if not RejectedHook.objects.filter(municipality=municipality).exists():
        RejectedHook.objects.create(municipality=municipality, reason="Sandefjord: bad signature")
    if not Quarantine.objects.filter(municipality=municipality).exists():
        Quarantine.objects.create(municipality=municipality, source=QuarantineSource.SMTP, reason="Sandefjord",
                                  raw=b"Sandefjord")
    if not OidcGroupMapping.objects.filter(municipality=municipality).exists():
        OidcGroupMapping.objects.create(municipality=municipality, group="sandefjord-servicetorget")
    return municipality


def other_municipality_admin() -> User:
    """An administrator of a second municipality beside the demo, with every model
    permission the admin has, so that only the tenant boundary stands in the way."""
    other = Municipality.objects.create(number="5037", name="Levanger", slug="levanger")
    Site.objects.create(municipality=other, name="Levanger rådhus", slug="radhus")
    Unit.objects.create(municipality=other, name="Levanger teknisk", slug="teknisk")
    user = User.objects.create_user(username="levanger-admin", password="x" * 16, role=Role.ADMIN,
                                    municipality=other, is_staff=True)
    user.user_permissions.set(Permission.objects.all())
    return user


def url_patterns():
    """(name, pattern string, URLPattern) for every URL the project serves."""
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                joined = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
                walk(pattern.url_patterns, prefix + str(pattern.pattern), joined)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace else (pattern.name or "")
                found.append((name, prefix + str(pattern.pattern), pattern))

    walk(get_resolver().url_patterns, "", None)
    return found


def demo_params(municipality: Municipality) -> dict[str, dict[str, str]]:
    """For each URL name, values for its path parameters taken from `municipality`'s data."""
    inquiry = Inquiry.objects.filter(municipality=municipality).order_by("-pk").first()
    forwarding = Forwarding.objects.filter(municipality=municipality).order_by("-pk").first()
    service = Service.objects.filter(municipality=municipality).order_by("pk").first()
    article = Article.objects.filter(municipality=municipality).order_by("pk").first()
    appointment = Appointment.objects.filter(municipality=municipality).order_by("pk").first()
    rental = RentalRequest.objects.filter(municipality=municipality).order_by("pk").first()
    season = Season.objects.filter(municipality=municipality).order_by("pk").first()
    task = Task.objects.filter(municipality=municipality).select_related("unit").order_by("pk").first()
    site = Site.objects.filter(municipality=municipality).order_by("pk").first()
    resource = Resource.objects.filter(municipality=municipality).order_by("pk").first()
    from servicetorg.conversations.models import Conversation
    from servicetorg.organisation.models import StaffContact
    from servicetorg.queues.models import Counter

    conversation = Conversation.objects.filter(municipality=municipality).order_by("pk").first()
    counter = Counter.objects.filter(site__municipality=municipality).select_related("site").order_by("pk").first()
    contact = StaffContact.objects.filter(municipality=municipality).order_by("pk").first()
    m = {"municipality_slug": municipality.slug}
    by_name = {
        "conversations:thread": {"pk": conversation.pk},
        "conversations:claim": {"pk": conversation.pk},
        "conversations:reply": {"pk": conversation.pk},
        "conversations:close": {"pk": conversation.pk},
        "conversations:forward": {"pk": conversation.pk},
        "api:conversation_read": {"pk": conversation.pk},
        "api:conversation_reply": {"pk": conversation.pk},
        "api:conversation_close": {"pk": conversation.pk},
        "hooks:sms": {"provider": "generic"},
        "queues:counter-detail": {"pk": counter.pk},
        "queues:counter-action": {"pk": counter.pk, "action": "recall"},
        "queues:phone-message": {"contact_pk": contact.pk},
        "queue:kiosk": {**m, "site_slug": counter.site.slug},
        "queue:check-in": {**m, "site_slug": counter.site.slug},
        "queue:display": {**m, "site_slug": counter.site.slug},
        "queue:display-rows": {**m, "site_slug": counter.site.slug},
        "inquiries:inquiry-detail": {"pk": inquiry.pk},
        "inquiries:inquiry-update": {"pk": inquiry.pk},
        "inquiries:inquiry-undo": {"pk": inquiry.pk},
        "forwarding:forward": {"pk": inquiry.pk},
        "bookings:appointment-detail": {"pk": appointment.pk},
        "bookings:appointment-cancel": {"pk": appointment.pk},
        "bookings:appointment-move": {"pk": appointment.pk},
        "bookings:rental-detail": {"pk": rental.pk},
        "bookings:rental-approve": {"pk": rental.pk},
        "bookings:rental-decline": {"pk": rental.pk},
        "bookings:season-detail": {"pk": season.pk},
        "catalogue:article-detail": {"slug": article.slug},
        "public:article": {**m, "slug": article.slug},
        "public:service": {**m, "slug": service.slug},
        "public:area": {**m, "code": service.area.code},
        "bookings-public:site-availability": {**m, "site_slug": site.slug},
        "bookings-public:resource-request": {**m, "resource_slug": resource.slug},
        "analytics:table-export": {"key": "channels", "fmt": "csv"},
        "staffing:export": {"site_id": site.pk, "fmt": "csv"},
    }
    generic = {
        "slug": service.slug,
        "reference": forwarding.reference,
        "unit": task.unit.slug,
        "pk": task.pk,  # the transfers' task pages
        "site_id": site.pk,
        "municipality_slug": municipality.slug,
        "municipality": municipality.slug,
        "type_slug": appointment.appointment_type.slug,
        "id": inquiry.pk,
        "token": "not-a-valid-token",
        "fmt": "csv",
    }
    return {"by_name": by_name, "generic": generic}


def fill(path: str, params: dict) -> str:
    """The pattern `path` ("inquiries/<int:pk>/", "api/v1/inquiries/<id>") with its parameters filled in."""
    import re

    def value(match):
        key = match.group(1).split(":")[-1]
        return str(params[key])

    return "/" + re.sub(r"<([^>]+)>", value, path)


def params_for(name: str, path: str, params) -> dict:
    import re

    keys = [key.split(":")[-1] for key in re.findall(r"<([^>]+)>", path)]
    own = params["by_name"].get(name, {})
    return {key: own.get(key, params["generic"].get(key)) for key in keys}
