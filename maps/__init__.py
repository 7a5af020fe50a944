"""Folium map composition for Ruhrkarte's pages."""
