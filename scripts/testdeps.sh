#!/bin/sh
# What the tests need beyond the build: a real headless browser (Debian's
# Chromium) to run the HTML quizzes, take screenshots and run axe-core, and
# faketime to move the clock forward, and GNU gettext's msgfmt, the judge of
# the PO reader's verdicts (tests/po_corpus.py), and npm, which installs
# the SCORM runtime and GIFT parser of the LMS tests (scripts/npmdeps.sh),
# and the video step's programs (ffmpeg, espeak-ng, pdftoppm), which the
# build may go without but the tests of the videos need.
# Installs them where it can (root with apt-get); otherwise stops with one
# line naming them. The versions the suite was checked with are in
# scripts/debian-packages.txt.
. "$(dirname "$0")/debpkgs.sh"
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v faketime >/dev/null 2>&1 || missing="$missing faketime"
command -v msgfmt >/dev/null 2>&1 || missing="$missing gettext"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
command -v ffmpeg >/dev/null 2>&1 || missing="$missing ffmpeg"
command -v espeak-ng >/dev/null 2>&1 || missing="$missing espeak-ng"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
install_debian_packages "$missing"
