"""Error bodies shared by every API router, so all answer bad input the same way."""

from ninja import Field, Schema


class Error(Schema):
    field: str | None = Field(description="The input field at fault; null for the request as a whole.")
    reason: str


class ErrorsOut(Schema):
    errors: list[Error]


class DetailOut(Schema):
    detail: str
