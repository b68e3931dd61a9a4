"""Search backends: one interface (base), the database (default) and Elasticsearch."""
