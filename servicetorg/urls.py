from django.contrib import admin
from django.urls import include, path

from servicetorg.api import api
from servicetorg.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("servicetorg.accounts.urls")),
    path("inquiries/", include("servicetorg.inquiries.urls")),
    path("catalogue/", include("servicetorg.catalogue.urls")),
    path("forwarding/", include("servicetorg.forwarding.urls")),
    path("transfers/", include("servicetorg.transfers.urls")),
    path("bookings/", include("servicetorg.bookings.urls")),
    path("public/<slug:municipality_slug>/booking/", include("servicetorg.bookings.public_urls")),
    path("public/", include("servicetorg.catalogue.public_urls")),
    path("analytics/", include("servicetorg.analytics.urls")),
    path("survey/", include("servicetorg.analytics.public_urls")),
    path("staffing/", include("servicetorg.staffing.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("audit/", include("servicetorg.core.urls")),
]
