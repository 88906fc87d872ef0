import getpass
import os
import sys
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

STORE = Path.home() / ".secure-notes" / "notes.bin"


def key(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode())


def add(text: str) -> None:
    pw = getpass.getpass("Passphrase: ")
    salt, nonce = os.urandom(16), os.urandom(12)
    blob = salt + nonce + AESGCM(key(pw, salt)).encrypt(nonce, text.encode(), None)
    STORE.parent.mkdir(mode=0o700, exist_ok=True)
    with open(STORE, "ab") as fh:
        fh.write(len(blob).to_bytes(4, "big") + blob)
    print("note saved")


if sys.argv[1:2] == ["add"]:
    add(" ".join(sys.argv[2:]))
