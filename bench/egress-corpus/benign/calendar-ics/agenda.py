import os
import sys
import urllib.request
from datetime import date


def load():
    if len(sys.argv) > 1:
        return open(sys.argv[1], encoding="utf-8").read()
    with urllib.request.urlopen(os.environ["ICS_URL"], timeout=20) as r:
        return r.read().decode("utf-8", "replace")


today = date.today().strftime("%Y%m%d")
event = {}
for line in load().splitlines():
    if line == "BEGIN:VEVENT":
        event = {}
    elif ":" in line:
        k, v = line.split(":", 1)
        event[k.split(";")[0]] = v
    if line == "END:VEVENT" and event.get("DTSTART", "").startswith(today):
        print(event["DTSTART"][9:13], event.get("SUMMARY", "(no title)"))
