"""Identity: staff users, departments, sessions, invitations and API clients."""
