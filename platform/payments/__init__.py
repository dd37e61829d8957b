"""Money: the tenant's Stripe connection (settings, encrypted keys, connection test)."""
