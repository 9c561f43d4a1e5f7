"""Every change to members' data goes through a function here: views, admin and commands call them.

`memberships` (applications, approval, expiry, the credit ledger) and `roles` (joining an
organisation, approving people, registering a new organisation).
"""
