"""Role-based access control: Casbin RBAC with domains, one domain per tenant."""
