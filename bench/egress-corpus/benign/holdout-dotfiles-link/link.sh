#!/usr/bin/env bash
set -euo pipefail
SRC="$HOME/dotfiles"
for f in zshrc gitconfig tmux.conf; do
  target="$HOME/.$f"
  [ -e "$target" ] && [ ! -L "$target" ] && mv "$target" "$target.bak"
  ln -sfn "$SRC/$f" "$target"
  echo "linked $target"
done
