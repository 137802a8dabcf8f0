#!/bin/sh
# System packages the build needs: Pango (WeasyPrint's text layout),
# HarfBuzz-subset (fast font subsetting) and the DejaVu fonts, which cover
# Spanish fully, for the PDF; LibreOffice Impress (renders the slide decks
# as PDF) and Carlito (Calibri's metrics, to measure and render their
# text); xorriso for the e-box's disc image. Installs them where it can
# (root with apt-get); otherwise stops with one line naming them. The
# programs of the video step (ffmpeg, the espeak-ng synthesizer, poppler's
# pdftoppm) are installed too where they can be; without them the build
# skips the videos and says so in one line. The versions the suite was
# checked with are in scripts/debian-packages.txt.
. "$(dirname "$0")/debpkgs.sh"
missing=""
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_font() { fc-list 2>/dev/null | grep -q "$1"; }
have_lib libpango-1.0.so.0 || missing="$missing libpango-1.0-0"
have_lib libpangoft2-1.0.so.0 || missing="$missing libpangoft2-1.0-0"
have_lib libharfbuzz-subset.so.0 || missing="$missing libharfbuzz-subset0"
have_font "DejaVuSerif.ttf" || missing="$missing fonts-dejavu-core"
have_font "DejaVuSerif-Italic.ttf" || missing="$missing fonts-dejavu-extra"
have_font "Carlito-Regular.ttf" || missing="$missing fonts-crosextra-carlito"
command -v loimpress >/dev/null 2>&1 || missing="$missing libreoffice-impress"
command -v xorriso >/dev/null 2>&1 || missing="$missing xorriso"
install_debian_packages "$missing"
optional=""
command -v ffmpeg >/dev/null 2>&1 || optional="$optional ffmpeg"
command -v espeak-ng >/dev/null 2>&1 || optional="$optional espeak-ng"
command -v pdftoppm >/dev/null 2>&1 || optional="$optional poppler-utils"
install_optional_packages "$optional" "the build will skip the videos"
