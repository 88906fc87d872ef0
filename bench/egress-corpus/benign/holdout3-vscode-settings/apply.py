import json
from pathlib import Path

here = Path(__file__).parent
target = Path(".vscode/settings.json")
current = json.loads(target.read_text()) if target.exists() else {}
current.update(json.loads((here / "settings.json").read_text()))
target.parent.mkdir(exist_ok=True)
target.write_text(json.dumps(current, indent=2))
print("settings applied")
