import base64
import re
import secrets

# What new_public_id and new_join_code make: checked before a lookup, so that a malformed id (a NUL byte,
# which PostgreSQL refuses in a query) answers 404, never 500.
PUBLIC_ID = re.compile(r"[a-z2-7]{26}")


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


def is_public_id(text: str) -> bool:
    """Whether ``text`` is written as a public id or join code is (26 characters of a–z and 2–7)."""
    return PUBLIC_ID.fullmatch(text) is not None


class PublicIdConverter:
    """``<pid:…>`` in URL patterns: only what a public id looks like, so anything else (a NUL byte, a
    different length) is a 404 before a query is made."""

    regex = "[a-z2-7]{26}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


TOKEN = "[A-Za-z0-9_-]{43}"  # what new_token makes


def is_token(text: str) -> bool:
    return re.fullmatch(TOKEN, text) is not None


class TokenConverter(PublicIdConverter):
    """``<token:…>`` in URL patterns: what ``new_token`` makes (43 URL-safe characters), else a 404."""

    regex = TOKEN


class CodeConverter(PublicIdConverter):
    """``<code:…>``: what a bank's dimension, question or option code may be (``CODE_RE`` of the bank models),
    so that a NUL byte or any other character no code has answers 404 before a query is made."""

    regex = "[a-z0-9][a-z0-9_.-]{0,99}"


class VersionConverter(PublicIdConverter):
    """``<version:…>``: a bank version ("1.0", "2.10")."""

    regex = r"[0-9]{1,9}(?:\.[0-9]{1,9}){0,5}"
