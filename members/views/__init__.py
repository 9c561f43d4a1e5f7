"""The pages of the members app, one module per area: directory, memberships, roles."""
