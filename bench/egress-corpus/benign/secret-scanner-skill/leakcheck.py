import json
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
PATTERNS = [(p["id"], re.compile(p["regex"])) for p in json.loads((HERE / "patterns.json").read_text())["patterns"]]
SKIP = {".git", "node_modules", ".venv", "__pycache__"}


def scan(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIP]
        for name in filenames:
            p = Path(dirpath) / name
            try:
                text = p.read_text(errors="ignore")
            except OSError:
                continue
            for pid, rx in PATTERNS:
                for m in rx.finditer(text):
                    yield p, pid, m.group(0)[:4] + "…"


for path, pid, red in scan(sys.argv[1] if len(sys.argv) > 1 else "."):
    print(f"{path}: {pid} {red}")
