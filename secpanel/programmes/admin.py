"""Nothing of this app is in the admin console: its records are classified and are read and
written through the app's pages and services (docs/decisions/0004)."""
