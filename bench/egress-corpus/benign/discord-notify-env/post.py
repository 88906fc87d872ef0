import os
import sys

import requests

url = os.environ.get("DISCORD_WEBHOOK_URL")
if not url:
    sys.exit("DISCORD_WEBHOOK_URL is not set")
r = requests.post(url, json={"content": " ".join(sys.argv[1:])[:2000], "username": "OpenClaw"}, timeout=10)
print("posted" if r.status_code in (200, 204) else f"discord: {r.status_code}")
