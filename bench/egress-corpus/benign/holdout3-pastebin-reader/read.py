import re
import sys
import urllib.request

url = sys.argv[1]
m = re.match(r"https://pastebin\.com/(\w+)$", url)
if m:
    url = f"https://pastebin.com/raw/{m.group(1)}"
with urllib.request.urlopen(url, timeout=15) as r:
    text = r.read().decode("utf-8", "replace")
print(text[:5000])
