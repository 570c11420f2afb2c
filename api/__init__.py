"""geokg's ways in: the HTTP service, the Python client and the command line."""

from importlib.metadata import PackageNotFoundError, version

__all__ = ["__version__"]

try:
    __version__ = version("geokg")  # one source: pyproject.toml, through the install
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
