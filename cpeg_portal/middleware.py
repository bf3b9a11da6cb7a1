"""Middleware of the portal's own."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class SignedInPagesNotStored:
    """Pages shown to someone signed in are never stored by the browser or a proxy.

    So Back after submitting a form fetches the page again, instead of showing the draft as
    it was, and nothing of a borough's business is left in a shared computer's cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
