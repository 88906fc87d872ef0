import os
import sys

import requests

API = "https://api.github.com"


def session():
    s = requests.Session()
    token = os.environ.get("GITHUB_TOKEN")
    if token:
        s.headers["Authorization"] = f"Bearer {token}"
    s.headers["Accept"] = "application/vnd.github+json"
    return s


def main(repo):
    s = session()
    info = s.get(f"{API}/repos/{repo}", timeout=10).json()
    print(f"{repo}: {info.get('stargazers_count')} stars")
    recent = s.get(f"{API}/repos/{repo}/stargazers", params={"per_page": 10}, headers={"Accept": "application/vnd.github.star+json"}, timeout=10).json()
    for star in recent:
        print(f"  {star['starred_at']}  {star['user']['login']}")


if __name__ == "__main__":
    main(sys.argv[1])
