#!/usr/bin/env bash
[ -f ~/.bashrc ] && source ~/.bashrc
export PATH="$PATH:$(go env GOPATH)/bin"
case "$1" in
  test) go test "${@:2}" ;;
  lint) command -v golangci-lint >/dev/null || go install github.com/golangci/golangci-lint/cmd/golangci-lint@latest; golangci-lint run ;;
  build) go build -o bin/ ./... ;;
esac
