"""Zip archives uploaded by users (Excel workbooks, Office evidence files): what makes one a zip bomb."""

import zipfile

# A member of the zip whose size is above this may not unpack to more than MAX_RATIO times its packed size.
RATIO_FROM_BYTES = 1024 * 1024
MAX_RATIO = 100
MAX_ZIP_MEMBERS = 1000


def unpacks_too_much(members: list[zipfile.ZipInfo], limit: int) -> bool:
    """Whether a zip's members, by what their headers declare, are too many, unpack to more than ``limit``
    bytes in all, or any one of them to far more than its packed size. A reader then never unpacks more than
    a member declares (``zipfile`` stops there)."""
    return (
        len(members) > MAX_ZIP_MEMBERS
        or sum(member.file_size for member in members) > limit
        or any(
            member.file_size > RATIO_FROM_BYTES
            and member.file_size > MAX_RATIO * max(member.compress_size, 1)
            for member in members
        )
    )
