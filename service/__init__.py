"""Ruhrkarte's outer layer: command line, web service and HTML pages."""
