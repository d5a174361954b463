"""No network for the course's checks: loaded by every Python that `make nbval` starts.

`make nbval` puts this folder on PYTHONPATH, so Python imports it at start-up in pytest,
in its workers and in every notebook kernel they launch. It refuses any connection or
name lookup that would leave the machine (loopback, where the kernels talk to nbval,
stays open), and appends each refused attempt, one line with the process and the
address, to the file named by $DEEPSTEP_NETWORK_LOG. The Makefile fails the run when
that file is not
empty: a notebook that tried the network would pass here and stall on a student's
offline laptop.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
import sys

_LOG = os.environ.get("DEEPSTEP_NETWORK_LOG")
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


def _is_loopback(host: object) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    host = str(host)
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _refuse(what: str, target: object) -> None:
    if _LOG:
        with open(_LOG, "a") as log:
            log.write(f"{os.getpid()} {' '.join(sys.argv[:2])}: {what} {target!r}\n")


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_getaddrinfo = socket.getaddrinfo


def _guarded_connect(self: socket.socket, address, *, _real=_connect):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(
        address[0]
    ):
        _refuse("connect", address)
        raise OSError(
            errno.ENETUNREACH, f"network blocked while checking the course: {address}"
        )
    return _real(self, address)


def _guarded_connect_ex(self: socket.socket, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(
        address[0]
    ):
        _refuse("connect", address)
        return errno.ENETUNREACH
    return _connect_ex(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if not _is_loopback(host):
        _refuse("name lookup", host)
        raise socket.gaierror(
            socket.EAI_NONAME, f"network blocked while checking the course: {host}"
        )
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = _guarded_connect
socket.socket.connect_ex = _guarded_connect_ex
socket.getaddrinfo = _guarded_getaddrinfo
