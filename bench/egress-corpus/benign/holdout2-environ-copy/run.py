import os
import subprocess
import sys

env = os.environ.copy()
env["NO_COLOR"] = "1"
env.pop("MAKEFLAGS", None)
sys.exit(subprocess.run(["make", *sys.argv[1:]], env=env).returncode)
