"""Say where the course's JupyterLab already runs, so `make lab` does not start a second
one.

    python tools/running_lab.py my-notebooks
        (exit 0 and print its address if one serves that folder, exit 1 if none does)

Two servers over the same notebooks would both autosave them and could overwrite each
other's changes. Jupyter records each running server (its folder, address and token) in
its runtime directory; this reads that record with
``jupyter_server.serverapp.list_running_servers``, the function behind
``jupyter server list``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from jupyter_server.serverapp import list_running_servers


def serving(folder: Path) -> dict | None:
    """The running server whose root is ``folder``, or None."""
    want = folder.resolve()
    for server in list_running_servers():
        if Path(server.get("root_dir", "")).resolve() == want:
            return server
    return None


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "my-notebooks")
    server = serving(folder)
    if server is None:
        return 1
    token = server.get("token", "")
    print(f"JupyterLab already serves {folder}/ (process {server.get('pid')}); open")
    print(f"    {server['url'].rstrip('/')}/lab?token={token}")
    print("or stop it (Ctrl+C in its terminal) before `make lab` starts a new one.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
