"""The customer self-service portal: sign-in by magic link, the customer's own view."""
