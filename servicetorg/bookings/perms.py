"""Who may open the booking pages (see servicetorg.accounts.perms.Access)."""

from servicetorg.accounts.perms import PUBLIC, Cap, any_of

_BOOK = any_of(Cap.BOOK_APPOINTMENTS)
_SEE = any_of(Cap.BOOK_APPOINTMENTS, Cap.OWN_APPOINTMENTS)
_RENTALS = any_of(Cap.MANAGE_RENTALS)

URL_ACCESS = {
    "bookings:appointment-list": _SEE,
    "bookings:appointment-create": _BOOK,
    "bookings:appointment-detail": _SEE,
    "bookings:appointment-cancel": _BOOK,
    "bookings:appointment-move": _BOOK,
    "bookings:my-feed": _SEE,
    "bookings:my-availability": any_of(Cap.OWN_APPOINTMENTS),
    # Private iCalendar feeds: the unguessable token in the URL is the key (calendar apps cannot log in).
    "bookings:caseworker-feed": PUBLIC,
    "bookings:resource-feed": PUBLIC,
    "bookings:site-calendar": _RENTALS,
    "bookings:rental-list": _RENTALS,
    "bookings:rental-detail": _RENTALS,
    "bookings:rental-approve": _RENTALS,
    "bookings:rental-decline": _RENTALS,
    "bookings:season-detail": _RENTALS,
    "bookings:invoice-export": _RENTALS,
    "bookings-public:appointment-types": PUBLIC,
    "bookings-public:appointment-manage": PUBLIC,
    "bookings-public:appointment-move": PUBLIC,
    "bookings-public:resource-list": PUBLIC,
    "bookings-public:site-availability": PUBLIC,
    "bookings-public:resource-request": PUBLIC,
    "bookings-public:appointment-slots": PUBLIC,
    "bookings-public:appointment-book": PUBLIC,
    "api:free_slots": PUBLIC,
}
