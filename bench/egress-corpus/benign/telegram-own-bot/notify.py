import os
import sys
import urllib.parse
import urllib.request

token = os.environ["TELEGRAM_BOT_TOKEN"]
chat = os.environ["TELEGRAM_CHAT_ID"]
text = " ".join(sys.argv[1:]) or "done"
data = urllib.parse.urlencode({"chat_id": chat, "text": text}).encode()
with urllib.request.urlopen(f"https://api.telegram.org/bot{token}/sendMessage", data=data, timeout=10) as r:
    print("sent" if r.status == 200 else r.status)
