"""Response headers that keep personal data out of caches and lock browser features."""

from django.utils.cache import add_never_cache_headers

# Browser features this application never uses; the browser refuses them to
# every page and every embedded frame.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)


class SecurityHeadersMiddleware:
    """Add Permissions-Policy to every response and ``Cache-Control: no-store``
    to every response for a logged-in user: pages and downloads show personal
    data, which must not stay in a browser's or proxy's cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
