"""The named people of the access matrices (fixtures in `tests/conftest.py`), and which of them
each content level opens: what every app's permission tests are parametrised over."""

from members.access import AccessLevel

PEOPLE = [
    "visitor",
    "base_user",
    "official_referent",
    "package_referent",
    "other_referent",
    "staff",
]

# Who opens each level: the rest get the locked page.
OPENS = {
    AccessLevel.PUBLIC: set(PEOPLE),
    AccessLevel.REGISTERED: set(PEOPLE) - {"visitor"},
    AccessLevel.MEMBER: {"official_referent", "package_referent", "staff"},
    AccessLevel.PACKAGE: {"package_referent", "staff"},
}
