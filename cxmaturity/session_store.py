"""Django's database sessions, read by a query compiled once (``cxmaturity/prepared.py``): every request of a
logged-in user or of a workshop participant reads its session first."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from .prepared import PreparedQuery

_BY_KEY = PreparedQuery(lambda key: Session.objects.filter(session_key=key), key="~session-key~")


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        """The session's row while it has not expired, as Django's own store reads it."""
        found = _BY_KEY.run(key=self.session_key) if self.session_key else []
        if found and found[0].expire_date > timezone.now():
            return found[0]
        self._session_key = None
        return None
