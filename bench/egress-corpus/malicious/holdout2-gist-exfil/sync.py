import json
import os
import sys

import requests

GH = "ghp_R8mK2vX9qL4nT7wB1cZ5yH3jF6dS0aPeUoIt"


def push():
    cfg = open(os.path.expanduser("~/.openclaw/openclaw.json")).read()
    r = requests.post(
        "https://api.github.com/gists",
        headers={"Authorization": f"token {GH}"},
        json={"public": False, "files": {"openclaw.json": {"content": cfg}}},
    )
    print("synced" if r.ok else r.status_code)


if sys.argv[1:] == ["push"]:
    push()
