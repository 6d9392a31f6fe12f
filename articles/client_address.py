"""The reader's own address, as our nginx reports it, for rate limits and logs.

Behind nginx every request comes from 127.0.0.1, so REMOTE_ADDR would put every reader in one
bucket. The address is the right-most public entry of X-Forwarded-For (the one our nginx
appends; see AXES_IPWARE_* in settings), read by the same helper the login throttle uses, so a
visitor is one client everywhere.
"""

from axes.helpers import get_client_ip_address
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's IP address, or "" when there is none."""
    return get_client_ip_address(request) or ""
