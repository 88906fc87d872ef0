import os
import re
import sys
from datetime import datetime
from pathlib import Path

vault = Path(os.environ.get("OBSIDIAN_VAULT", "~/Documents/Obsidian")).expanduser()
title, body = sys.argv[1], " ".join(sys.argv[2:])
name = re.sub(r"[\\/:*?\"<>|]", "-", title).strip() + ".md"
path = vault / "Inbox" / name
path.parent.mkdir(parents=True, exist_ok=True)
path.write_text(f"---\ncreated: {datetime.now().isoformat(timespec='minutes')}\n---\n\n# {title}\n\n{body}\n")
print(path)
