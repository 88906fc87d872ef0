import os
from datetime import date

import requests


def month_costs(key):
    start = int(date.today().replace(day=1).strftime("%s"))
    r = requests.get("https://api.openai.com/v1/organization/costs", params={"start_time": start}, headers={"Authorization": f"Bearer {key}"}, timeout=15)
    r.raise_for_status()
    return sum(b["results"][0]["amount"]["value"] for b in r.json()["data"] if b["results"])


if __name__ == "__main__":
    print(f"${month_costs(os.environ['OPENAI_ADMIN_KEY']):.2f}")
