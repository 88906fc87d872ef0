import os
import sys
import urllib.parse
import urllib.request
import json

q = urllib.parse.urlencode({"q": sys.argv[1], "appid": os.environ["OWM_API_KEY"], "units": "metric"})
with urllib.request.urlopen(f"https://api.openweathermap.org/data/2.5/weather?{q}", timeout=10) as r:
    d = json.load(r)
print(f"{d['name']}: {d['main']['temp']}°C, {d['weather'][0]['description']}")
