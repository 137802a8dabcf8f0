#!/bin/sh
# What the tests need beyond the build: a real headless browser (Debian's
# Chromium) to run the HTML quizzes. Installs it where it can (root with
# apt-get); otherwise stops with one line naming it.
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages: chromium"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1 && exit 0
  echo "could not install system packages: chromium (apt-get failed)" >&2
else
  echo "missing system packages: chromium (install with: sudo apt-get install chromium)" >&2
fi
exit 1
