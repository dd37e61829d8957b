"""Customer notices: the emails an order's customer gets as it moves (confirmed, shipped with
its carrier and tracking link, delivered), each one a template the tenant can switch off."""
