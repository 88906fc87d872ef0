import subprocess
import sys
from pathlib import Path

stack = Path(sys.argv[1])
required = {line.split("=", 1)[0] for line in (stack / ".env.example").read_text().splitlines() if "=" in line and not line.startswith("#")}
present = {line.split("=", 1)[0] for line in (stack / ".env").read_text().splitlines() if "=" in line}
missing = sorted(required - present)
if missing:
    sys.exit(f"missing in .env: {', '.join(missing)}")
subprocess.run(["docker", "compose", "--project-directory", str(stack), "up", "-d"], check=True)
