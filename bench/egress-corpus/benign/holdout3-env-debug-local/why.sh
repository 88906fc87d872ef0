#!/usr/bin/env bash
CMD="$1"
echo "PATH entries:"
echo "$PATH" | tr ':' '\n' | nl
echo
command -v "$CMD" || echo "$CMD not found in PATH"
env | grep -E '^(SHELL|HOME|USER|NVM_DIR|PYENV_ROOT)=' 
