"""GraphQL plumbing shared by every domain's schema module."""
