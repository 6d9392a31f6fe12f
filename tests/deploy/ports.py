"""Loopback ports for the servers the deploy tests start.

They are taken below the kernel's ephemeral range: a port the kernel may hand out to an
outgoing connection (the stack's own connections to PostgreSQL, Redis or S3) could be
taken between choosing it and the server binding it.
"""

import random
import socket
from pathlib import Path

LOWEST = 20000


def _ephemeral_low() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def _is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port(count: int = 1) -> int:
    """A free port (the first of `count` consecutive free ones) outside the ephemeral range."""
    highest = max(_ephemeral_low(), LOWEST + 1000) - count
    for _ in range(200):
        port = random.randrange(LOWEST, highest)  # noqa: S311 (not for security)
        if all(_is_free(port + offset) for offset in range(count)):
            return port
    raise RuntimeError(f"no {count} consecutive free loopback ports below the ephemeral range")
