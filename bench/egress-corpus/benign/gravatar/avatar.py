import hashlib
import sys
import urllib.request

email = sys.argv[1].strip().lower()
digest = hashlib.sha256(email.encode()).hexdigest()
url = f"https://gravatar.com/avatar/{digest}?s=200&d=identicon"
with urllib.request.urlopen(url) as r:
    print(url, r.headers.get("Content-Type"))
