import argparse
import os
import smtplib
import ssl
from email.message import EmailMessage

ap = argparse.ArgumentParser()
ap.add_argument("--to", required=True)
ap.add_argument("--subject", required=True)
ap.add_argument("--body", required=True)
a = ap.parse_args()

msg = EmailMessage()
msg["From"] = os.environ["SMTP_USER"]
msg["To"] = a.to
msg["Subject"] = a.subject
msg.set_content(a.body)

with smtplib.SMTP(os.environ["SMTP_HOST"], int(os.environ.get("SMTP_PORT", "587"))) as s:
    s.starttls(context=ssl.create_default_context())
    s.login(os.environ["SMTP_USER"], os.environ["SMTP_PASSWORD"])
    s.send_message(msg)
print("sent")
