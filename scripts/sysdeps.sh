#!/bin/sh
# System packages the PDF needs: Pango (WeasyPrint's text layout),
# HarfBuzz-subset (fast font subsetting) and the DejaVu fonts, which cover
# Spanish fully. Installs them where it can (root with apt-get); otherwise
# stops with one line naming them.
missing=""
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_font() { fc-list 2>/dev/null | grep -q "$1"; }
have_lib libpango-1.0.so.0 || missing="$missing libpango-1.0-0"
have_lib libpangoft2-1.0.so.0 || missing="$missing libpangoft2-1.0-0"
have_lib libharfbuzz-subset.so.0 || missing="$missing libharfbuzz-subset0"
have_font "DejaVuSerif.ttf" || missing="$missing fonts-dejavu-core"
have_font "DejaVuSerif-Italic.ttf" || missing="$missing fonts-dejavu-extra"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages:$missing"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing; } >/dev/null 2>&1 \
    && exit 0
  echo "could not install system packages:$missing (apt-get failed)" >&2
else
  echo "missing system packages:$missing (install with: sudo apt-get install$missing)" >&2
fi
exit 1
