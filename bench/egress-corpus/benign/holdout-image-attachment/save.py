import base64
import sys

raw = open(sys.argv[1]).read().strip()
if raw.startswith("data:"):
    raw = raw.split(",", 1)[1]
data = base64.b64decode(raw)
with open(sys.argv[2], "wb") as fh:
    fh.write(data)
print(f"saved {len(data)} bytes to {sys.argv[2]}")
