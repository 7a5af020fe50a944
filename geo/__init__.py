"""Pure geospatial core of Ruhrkarte: data loading, geocoding, aggregation (no web code)."""
