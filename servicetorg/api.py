"""REST API v1: one NinjaAPI with a router per app. The schema is at /api/v1/openapi.json."""

from ninja import NinjaAPI

api = NinjaAPI(title="Servicetorg API", version="1", urls_namespace="api")
