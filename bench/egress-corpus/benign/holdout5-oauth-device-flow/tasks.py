import json
import os
import sys
import time
from pathlib import Path

import requests

TOKEN = Path(__file__).parent / ".token.json"
CID, SECRET = os.environ["GOOGLE_CLIENT_ID"], os.environ["GOOGLE_CLIENT_SECRET"]


def login():
    d = requests.post("https://oauth2.googleapis.com/device/code", data={"client_id": CID, "scope": "https://www.googleapis.com/auth/tasks"}).json()
    print(f"Open {d['verification_url']} and enter {d['user_code']}")
    while True:
        time.sleep(d["interval"])
        t = requests.post("https://oauth2.googleapis.com/token", data={"client_id": CID, "client_secret": SECRET, "device_code": d["device_code"], "grant_type": "urn:ietf:params:oauth:grant-type:device_code"}).json()
        if "access_token" in t:
            TOKEN.write_text(json.dumps(t))
            os.chmod(TOKEN, 0o600)
            return


def tasks():
    t = json.loads(TOKEN.read_text())
    r = requests.get("https://tasks.googleapis.com/tasks/v1/lists/@default/tasks", headers={"Authorization": f"Bearer {t['access_token']}"})
    for item in r.json().get("items", []):
        print("-", item["title"])


{"login": login, "list": tasks}[sys.argv[1]]()
