"""The project: settings, the one ASGI app, and what every app shares (errors, limits, logs, schema)."""

__version__ = "1.0.0"
"""This release's version: the API document's, and the MCP server's in its serverInfo."""
