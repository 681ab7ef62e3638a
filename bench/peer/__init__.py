"""The peer: the same REST list and MCP tools on the seed's own stack (FastAPI + SQLModel + the MCP SDK).

Written the way those projects' documentation shows, on the same tables and
data as the project, so the bench can set the two side by side. It runs from a
venv of its own (``bench/peer_env.py``); nothing here is imported by the project.
"""
