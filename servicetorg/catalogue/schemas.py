"""API schema pieces of the catalogue that other apps' APIs share."""

from typing import Annotated

from django.db import DatabaseError
from pydantic import Field

from servicetorg.catalogue.models import Area
from servicetorg.core.schemas import NUL_FREE


def _area_codes(schema: dict) -> None:
    """The area codes as an enum, read when the schema is made: the code list lives in the database."""
    try:
        codes = list(Area.objects.order_by("code").values_list("code", flat=True))
    except (DatabaseError, RuntimeError):  # no database (down, or a test without one): the schema without the enum
        return
    if codes:
        schema["enum"] = codes


AreaCode = Annotated[str, Field(max_length=40, pattern=NUL_FREE, json_schema_extra=_area_codes)]
