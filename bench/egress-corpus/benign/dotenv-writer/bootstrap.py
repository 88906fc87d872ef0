import argparse
import secrets
from pathlib import Path

ENV_TEMPLATE = """# local development settings
APP_ENV=development
DATABASE_URL=sqlite:///./dev.db
SECRET_KEY={secret}
"""


def write_env(root: Path):
    env_path = root / ".env"
    if env_path.exists():
        print(".env exists, leaving it alone")
        return
    env_path.write_text(ENV_TEMPLATE.format(secret=secrets.token_urlsafe(32)))
    (root / ".gitignore").write_text(".env\n__pycache__/\n")
    print(f"wrote {env_path}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("name")
    ap.add_argument("--lang", choices=["python", "node"], default="python")
    a = ap.parse_args()
    root = Path(a.name)
    root.mkdir(exist_ok=True)
    (root / "tests").mkdir(exist_ok=True)
    write_env(root)


if __name__ == "__main__":
    main()
