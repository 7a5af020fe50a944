"""Geocoding files of any size: streaming CSV and Parquet readers and writers, one process or Dask.

The rules for a row (coordinates, statuses, ragged rows, encodings) live in geo/csv_geocode.py;
this package moves rows through them in bounded chunks.
"""
