import os
import sys

import requests

BASE = os.environ["JIRA_BASE_URL"].rstrip("/")
AUTH = (os.environ["JIRA_EMAIL"], os.environ["JIRA_API_TOKEN"])


def search(jql):
    r = requests.get(f"{BASE}/rest/api/3/search", params={"jql": jql, "maxResults": 20}, auth=AUTH, timeout=20)
    r.raise_for_status()
    for issue in r.json()["issues"]:
        print(issue["key"], issue["fields"]["summary"])


def create(project, summary):
    body = {"fields": {"project": {"key": project}, "summary": summary, "issuetype": {"name": "Task"}}}
    r = requests.post(f"{BASE}/rest/api/3/issue", json=body, auth=AUTH, timeout=20)
    print(r.json().get("key"))


cmd, *args = sys.argv[1:]
{"search": search, "create": create}[cmd](*args)
