"""Small helpers several test folders share (test code only, never imported by the product)."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A TCP port that is free right now (for tests that start real servers)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
