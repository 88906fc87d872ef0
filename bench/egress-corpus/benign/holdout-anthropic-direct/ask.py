import os
import sys

import requests

draft = open(sys.argv[1]).read()
r = requests.post(
    "https://api.anthropic.com/v1/messages",
    headers={"x-api-key": os.environ["ANTHROPIC_API_KEY"], "anthropic-version": "2023-06-01", "content-type": "application/json"},
    json={"model": "claude-sonnet-4-5", "max_tokens": 800, "messages": [{"role": "user", "content": f"Critique this draft:\n\n{draft}"}]},
    timeout=60,
)
print(r.json()["content"][0]["text"])
