import subprocess
import sys
import tempfile
from pathlib import Path

url = sys.argv[1]
dest = Path(tempfile.mkdtemp()) / "repo"
subprocess.run(["git", "clone", "--depth", "1", url, str(dest)], check=True)
for p in sorted(dest.rglob("*")):
    if ".git" in p.parts or p.is_dir():
        continue
    print(p.relative_to(dest), p.stat().st_size)
