import base64
import sys

import qrcode

img = qrcode.make(sys.argv[1])
img.save(sys.argv[2])
with open(sys.argv[2], "rb") as fh:
    print("data:image/png;base64," + base64.b64encode(fh.read()).decode()[:60] + "…")
