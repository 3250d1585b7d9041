"""The shell's one search box opens a reference number, however it is typed."""

from django.urls import reverse


def test_the_header_search_opens_a_reference_number(client_for, clerk, forwarded):
    typed = forwarded.reference.lower().replace("-", " ")
    response = client_for(clerk).get(reverse("search"), {"q": typed})
    assert response["Location"] == reverse("forwarding:centre-detail", args=[forwarded.reference])


def test_the_overdue_count_shows_in_the_side_navigation(client_for, clerk, forwarded):
    from django.utils import timezone

    forwarded.due_at = timezone.now() - timezone.timedelta(days=1)
    forwarded.save(update_fields=["due_at"])
    body = client_for(clerk).get(reverse("inquiries:quicklog")).content.decode()
    lookup = reverse("forwarding:lookup")
    entry = body.split(f'href="{lookup}"', 1)[1].split("</a>", 1)[0]
    assert 'class="nav-count"' in entry and ">1<" in entry
