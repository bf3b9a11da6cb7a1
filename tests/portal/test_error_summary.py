"""The shared error summary lists only errors, never the flash messages waiting to be shown."""

from django.template.loader import render_to_string


def test_flash_messages_in_the_context_are_not_listed_as_errors():
    html = render_to_string("includes/error_summary.html", {"messages": ["Comment added on O2"]})
    assert "govuk-error-summary" not in html


def test_errors_link_to_the_field_they_concern():
    html = render_to_string(
        "includes/error_summary.html",
        {"errors": ["Choose whether to sign"], "href": "#decision", "messages": ["Saved"]},
    )
    assert '<li><a href="#decision">Choose whether to sign</a></li>' in html
    assert "Saved" not in html


def test_items_carry_their_own_links():
    html = render_to_string(
        "includes/error_summary.html", {"items": [("#id_kind_1", "Choose what the file is")]}
    )
    assert '<li><a href="#id_kind_1">Choose what the file is</a></li>' in html
