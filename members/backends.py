"""The authentication backend: Django's own, with the person read through the pages cache.

A logged-in request loads its person by the id in the session. The row is kept under the
content version (portal/lib/pagecache.py), which every change of a person's row and every form
sent replaces, so a deactivated account or a new password counts from the next request.
"""

from django.contrib.auth.backends import ModelBackend

from portal.lib.pagecache import remember


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id):
        load = super().get_user
        return remember(f"user:{user_id}", lambda: load(user_id))
