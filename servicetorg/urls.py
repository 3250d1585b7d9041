from django.contrib import admin
from django.urls import include, path

from servicetorg import views
from servicetorg.api import api
from servicetorg.core import ops as core_ops
from servicetorg.core import views as core_views
from servicetorg.organisation import theme
from servicetorg.queues import hooks as queues_hooks

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_ops.readyz, name="readyz"),
    path("metrics", core_ops.metrics, name="metrics"),
    path("theme/<slug:slug>.css", theme.theme_stylesheet, name="theme-css"),
    path("search/", views.search, name="search"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("servicetorg.accounts.urls")),
    path("inquiries/", include("servicetorg.inquiries.urls")),
    path("catalogue/", include("servicetorg.catalogue.urls")),
    path("forwarding/", include("servicetorg.forwarding.urls")),
    path("transfers/", include("servicetorg.transfers.urls")),
    path("bookings/", include("servicetorg.bookings.urls")),
    path("public/<slug:municipality_slug>/booking/", include("servicetorg.bookings.public_urls")),
    path("public/<slug:municipality_slug>/contact/", include("servicetorg.conversations.public_urls")),
    path("public/", include("servicetorg.catalogue.public_urls")),
    path("analytics/", include("servicetorg.analytics.urls")),
    path("survey/", include("servicetorg.analytics.public_urls")),
    path("staffing/", include("servicetorg.staffing.urls")),
    path("queues/", include("servicetorg.queues.urls")),
    path("queue/<slug:municipality_slug>/<slug:site_slug>/", include("servicetorg.queues.public_urls")),
    path("hooks/calls/", queues_hooks.calls_hook, name="hooks-calls"),
    path("api/v1/", api.urls),
    path("hooks/", include("servicetorg.conversations.hook_urls")),
    path("inbox/", include("servicetorg.conversations.urls")),
    path("admin/", admin.site.urls),
    path("security/", include("servicetorg.security.urls")),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("audit/", include("servicetorg.security.audit_urls")),
]

# The error pages in the staff shell, translated (templates/403.html, 404.html, 500.html).
handler500 = "servicetorg.core.views.server_error"
