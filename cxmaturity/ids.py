import base64
import secrets


def new_public_id() -> str:
    """An unguessable id for URLs and links: 128 random bits from ``secrets``.

    Written in lowercase base32 (26 characters of a–z and 2–7), so an id never starts with "-" on a command
    line and reads the same in any case-insensitive context.
    """
    return base64.b32encode(secrets.token_bytes(16)).decode().rstrip("=").lower()


def new_token() -> str:
    """A secret for a link (invitations, workshop joins): 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def new_join_code() -> str:
    """A code a person can type from a projector: 128 random bits as 26 characters of a–z and 2–7 (no 0/O or
    1/l to confuse), shown in groups of four."""
    return new_public_id()
