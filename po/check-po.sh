#!/bin/sh
# gst-streamlab: every translation listed in po/LINGUAS must translate every
# user-facing message of the sources in po/POTFILES (no missing, untranslated
# or fuzzy entry) and pass msgfmt's format checks.
set -eu
src="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --add-comments \
  --files-from=po/POTFILES --output="$tmp/gst-streamlab.pot"
status=0
for lang in $(cat po/LINGUAS); do
  if ! msgcmp "po/$lang.po" "$tmp/gst-streamlab.pot"; then
    echo "po/$lang.po: translations missing (see above)"; status=1
  fi
  if ! msgfmt --check --output-file=/dev/null "po/$lang.po"; then
    echo "po/$lang.po: msgfmt --check failed"; status=1
  fi
done
[ $status -eq 0 ] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit $status
