"""Nothing of this app is in the admin console: modifications are classified, and releases have
their own pages and services (`release_create`, `release_update`) (docs/decisions/0004)."""
