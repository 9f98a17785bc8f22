#!/bin/sh
# The man page that `drsim manpage` prints (cli/man_page.hpp): groff and man render it without a
# warning, man-db reads its NAME line, and it documents every command and option that the
# command line's own --help lists. usage: man_page_test.sh DRSIM [PAGE] (PAGE: an installed copy,
# possibly gzipped, to test instead)
set -u
drsim=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
page=$dir/drsim.1
if [ $# -ge 2 ]; then
  case $2 in *.gz) gzip -dc "$2" >"$page" ;; *) cp "$2" "$page" ;; esac
else
  "$drsim" manpage >"$page" || { echo "FAIL: drsim manpage exited $?"; exit 1; }
fi
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

groff -man -Tutf8 -ww -z "$page" >"$dir/groff.err" 2>&1
[ -s "$dir/groff.err" ] && fail "groff warns: $(cat "$dir/groff.err")"
LC_ALL=C.UTF-8 MANWIDTH=100 man --warnings -l "$page" >"$dir/page.txt" 2>"$dir/man.err" \
  || fail "man -l exited $?"
[ -s "$dir/man.err" ] && fail "man warns: $(cat "$dir/man.err")"
[ "$(lexgrog "$page")" = "$page: \"drsim - disaster-recovery simulator and drill runner\"" ] \
  || fail "NAME line as man-db reads it: $(lexgrog "$page")"
for section in NAME SYNOPSIS DESCRIPTION OPTIONS COMMANDS "EXIT STATUS" ENVIRONMENT FILES; do
  grep -q "^$section\$" "$dir/page.txt" || fail "no $section section"
done
# Every command of `drsim --help`, `drsim drill|history|evidence --help` has its own
# subsection, and no hidden one does.
commands=$("$drsim" --help | sed -n '/^Subcommands:/,$p' | awk 'NR > 1 && NF { print $1 }')
[ "$(echo "$commands" | wc -l)" -eq 12 ] || fail "drsim --help lists: $commands"
for c in $commands; do
  grep -q "^   drsim $c\$" "$dir/page.txt" || fail "no subsection for drsim $c"
done
for c in "drill plan" "drill run" "drill cleanup" "history list" "history show" \
  "history targets" "evidence verify"; do
  grep -q "^   drsim $c\$" "$dir/page.txt" || fail "no subsection for drsim $c"
done
grep -q "drsim completion\|drsim manpage" "$dir/page.txt" && fail "a hidden command is documented"
# Every long option of every command's --help is in the page, as typed (ASCII hyphens).
for c in $commands "drill plan" "drill run" "drill cleanup" "history list" "history show" \
  "history targets" "evidence verify"; do
  # shellcheck disable=SC2086
  for o in $("$drsim" $c --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    grep -q -- "$o" "$dir/page.txt" || fail "drsim $c: $o is not in the page"
  done
done
grep -q -- "-f, --format FORMAT" "$dir/page.txt" || fail "options are not written as typed"
grep -q "^       70     a bug in drsim\.$" "$dir/page.txt" || fail "exit status 70 missing"
[ "$failures" -eq 0 ] || { echo "$failures failures"; exit 1; }
echo "ok: $(wc -l <"$dir/page.txt") lines rendered, $(echo "$commands" | wc -l) commands"
