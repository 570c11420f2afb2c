"""geokg's ways in: the HTTP service, the Python client and the command line."""
