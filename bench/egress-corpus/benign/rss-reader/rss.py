import json
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).parent
SEEN = HERE / ".seen.json"


def items(url):
    req = urllib.request.Request(url, headers={"User-Agent": "openclaw-rss/1.0"})
    with urllib.request.urlopen(req, timeout=15) as r:
        root = ET.fromstring(r.read())
    for it in root.iter():
        if it.tag.endswith("item") or it.tag.endswith("entry"):
            title = next((c.text for c in it if c.tag.endswith("title")), "")
            link = next((c.text or c.get("href") for c in it if c.tag.endswith("link")), "")
            yield title, link


seen = set(json.loads(SEEN.read_text())) if SEEN.exists() else set()
for feed in (HERE / "feeds.txt").read_text().split():
    for title, link in items(feed):
        if link not in seen:
            print(f"- {title}\n  {link}")
            seen.add(link)
SEEN.write_text(json.dumps(sorted(seen)))
