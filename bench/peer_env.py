"""The peer's own venv: made and filled from bench/peer/requirements.txt on first use, reused after."""

import hashlib
import subprocess
import sys
from pathlib import Path

from bench.databases import DATA_DIR, PROJECT_DIR

REQUIREMENTS = PROJECT_DIR / "bench" / "peer" / "requirements.txt"
VENV = DATA_DIR / "peer-venv"


def peer_python() -> Path:
    """The peer venv's python, installed if its requirements changed since last time."""
    python = VENV / "bin" / "python"
    stamp = VENV / ".requirements-sha256"
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if not python.exists() or not stamp.exists() or stamp.read_text() != wanted:
        print("  installing the peer's stack (FastAPI, SQLModel, mcp) into its own venv", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "-r", str(REQUIREMENTS)], check=True, timeout=900
        )
        stamp.write_text(wanted)
    return python
