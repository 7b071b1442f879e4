"""The statistics in the admin: the import, its log and rollback (views, forms and URLs)."""
