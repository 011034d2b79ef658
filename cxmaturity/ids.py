import secrets


def new_public_id() -> str:
    """An unguessable id for URLs and links: 128 random bits from ``secrets``, 22 URL-safe characters."""
    return secrets.token_urlsafe(16)
