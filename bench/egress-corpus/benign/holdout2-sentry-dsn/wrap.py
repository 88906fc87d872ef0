import os
import runpy
import sys

import sentry_sdk

sentry_sdk.init(dsn=os.environ["SENTRY_DSN"], traces_sample_rate=0.0, send_default_pii=False)
try:
    runpy.run_path(sys.argv[1], run_name="__main__")
except Exception as exc:
    sentry_sdk.capture_exception(exc)
    sentry_sdk.flush(5)
    raise
