"""Sessions kept in the database and read through the pages cache, under the content version.

The database stays the session's home: a session is written there, and a logout deletes it
there. A request reads it from the pages cache (the process's memory, or Redis) when the
content version has not changed since it was last read, so a logged-in request costs no query
for it. Every write of a session replaces the content version (portal/lib/pagecache.py), in
the shared cache: no process, on this machine or another, reads a copy kept from before it
again, even when the pages cache is a process's own memory.
"""

from django.contrib.sessions.backends import db
from django.core.cache import caches

from portal.lib.pagecache import PAGES, TIMEOUT, bump_content_version, content_version


def _key(session_key: str) -> str:
    return f"session:{content_version()}:{session_key}"


class SessionStore(db.SessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = caches[PAGES]

    def load(self):
        key = _key(self.session_key)
        data = self._cache.get(key)
        if data is None:
            stored = self._get_session_from_db()
            if stored is None:
                return {}
            data = self.decode(stored.session_data)
            # Never kept past the moment the database's copy expires.
            expiry_age = self.get_expiry_age(expiry=stored.expire_date)
            self._cache.set(key, data, min(TIMEOUT, expiry_age))
        return data

    def save(self, must_create=False):
        super().save(must_create)
        bump_content_version()
        self._cache.set(_key(self.session_key), self._session, min(TIMEOUT, self.get_expiry_age()))

    def delete(self, session_key=None):
        session_key = session_key or self.session_key
        super().delete(session_key)
        bump_content_version()
        if session_key:
            self._cache.delete(_key(session_key))
