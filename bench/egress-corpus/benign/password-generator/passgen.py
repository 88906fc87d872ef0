import argparse
import secrets
import string

WORDS = "apple river stone cloud maple tiger lemon ocean violet ember canyon pixel harbor meadow quartz falcon".split()


def password(length):
    alphabet = string.ascii_letters + string.digits + "!@#$%^&*-_"
    while True:
        pw = "".join(secrets.choice(alphabet) for _ in range(length))
        if any(c.isdigit() for c in pw) and any(c in "!@#$%^&*-_" for c in pw):
            return pw


def passphrase(n):
    return "-".join(secrets.choice(WORDS) for _ in range(n))


ap = argparse.ArgumentParser()
ap.add_argument("--length", type=int)
ap.add_argument("--words", type=int)
a = ap.parse_args()
print(passphrase(a.words) if a.words else password(a.length or 20))
