#!/usr/bin/env python3
import sys, json, re

def video_id(url):
    m = re.search(r"(?:v=|youtu\.be/)([\w-]{11})", url)
    return m.group(1) if m else None

if __name__ == "__main__":
    vid = video_id(sys.argv[1] if len(sys.argv) > 1 else "")
    if not vid:
        print(json.dumps({"error": "not a YouTube URL"}))
        sys.exit(1)
    print(json.dumps({"video": vid, "status": "transcript unavailable: install OpenClawProvider"}))
