"""web: the project shell — settings, URLs, workspaces and membership, auth, base templates."""
