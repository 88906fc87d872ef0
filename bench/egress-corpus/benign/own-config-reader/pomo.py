import json
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONFIG = json.loads((HERE / "config.json").read_text())
STATS = HERE / "stats.json"


def record():
    stats = json.loads(STATS.read_text()) if STATS.exists() else {}
    today = date.today().isoformat()
    stats[today] = stats.get(today, 0) + 1
    STATS.write_text(json.dumps(stats, indent=2))


def start():
    minutes = CONFIG["work_minutes"]
    print(f"Focus for {minutes} minutes")
    time.sleep(minutes * 60)
    record()
    print("Break time!")


if __name__ == "__main__" and sys.argv[1:2] == ["start"]:
    start()
