#!/bin/sh
# `cmake --install` into an empty prefix installs exactly what a Debian user expects (the binary,
# the man page, bash and zsh completion, the README, docs and example models) and nothing else
# (no test binaries, libraries or headers), and the installed pieces work: the binary runs, the
# man page renders, the bash completion completes. usage: install_test.sh BUILD_DIR SOURCE_DIR OUT
set -u
build=$1; src=$2; out=$3
prefix=$out/prefix
rm -rf "$prefix"
mkdir -p "$out"
cmake --install "$build" --prefix "$prefix" >"$out/install.log" 2>&1 \
  || { echo "FAIL: cmake --install exited $?"; cat "$out/install.log"; exit 1; }
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

find "$prefix" -type f | sed "s|^$prefix/||" | sort \
  | grep -v '^share/doc/drsim/docs/\|^share/doc/drsim/examples/' >"$out/files"
cat >"$out/expected" <<'LIST'
bin/drsim
share/bash-completion/completions/drsim
share/doc/drsim/README.md
share/man/man1/drsim.1.gz
share/zsh/vendor-completions/_drsim
LIST
diff "$out/expected" "$out/files" || fail "installed files differ (expected < > installed)"
diff -r "$src/docs" "$prefix/share/doc/drsim/docs" || fail "share/doc/drsim/docs differs from docs/"
diff -r "$src/examples" "$prefix/share/doc/drsim/examples" \
  || fail "share/doc/drsim/examples differs from examples/"
[ -x "$prefix/bin/drsim" ] || fail "bin/drsim is not executable"
[ "$("$prefix/bin/drsim" --version)" = "$("$build/cli/drsim" --version)" ] \
  || fail "installed drsim --version: $("$prefix/bin/drsim" --version)"
sh "$src/tests/cli/man_page_test.sh" "$prefix/bin/drsim" "$prefix/share/man/man1/drsim.1.gz" \
  || fail "the installed man page"
bash "$src/tests/cli/completion_test.sh" "$prefix/bin/drsim" \
  "$prefix/share/bash-completion/completions/drsim" >"$out/completion.log" \
  || { cat "$out/completion.log"; fail "the installed bash completion"; }
head -1 "$prefix/share/zsh/vendor-completions/_drsim" | grep -qx '#compdef drsim' \
  || fail "_drsim does not start with #compdef drsim"
[ "$failures" -eq 0 ] || { echo "$failures failures"; exit 1; }
echo "ok: $(find "$prefix" -type f | wc -l) files installed"
