"""Telling a full disk apart from other file errors, and saying so to the person who tried to save."""

import errno

# "No space left on device" and "Disk quota exceeded": more room, not a retry, is what helps.
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})

NOTHING_SAVED = "The server's disk is full; nothing was saved. Tell the newsroom's administrator."


class DiskFull(Exception):
    """The disk filled up while saving; the message tells the person what was not saved.

    Raised by views that know what they were saving; the outage middleware answers it
    (and any bare disk-full OSError) with a 507 page.
    """

    def __init__(self, message: str = NOTHING_SAVED):
        super().__init__(message)
        self.message = message


def is_disk_full(error: BaseException | None) -> bool:
    """True for a disk-full or over-quota OSError, also when another error was raised from one."""
    while error is not None:
        if isinstance(error, DiskFull) or (isinstance(error, OSError) and error.errno in DISK_FULL_ERRNOS):
            return True
        error = error.__cause__
    return False
