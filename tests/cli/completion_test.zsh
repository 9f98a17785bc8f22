#!/usr/bin/env zsh
# The zsh completion that `drsim completion zsh` prints (cli/completion_script.hpp), in zsh's real
# completion system: an interactive zsh in a pseudo-terminal loads it from $fpath with compinit,
# a line is typed with TAB, and a stub drsim prints the words the completion left on the line.
# usage: completion_test.zsh DRSIM
emulate -L zsh
drsim=$1
dir=$(mktemp -d)
trap 'zpty -d z 2>/dev/null; rm -rf $dir' EXIT
$drsim completion zsh >$dir/_drsim || { print "FAIL: drsim completion zsh exited $?"; exit 1 }
zsh -n $dir/_drsim || { print "FAIL: _drsim is not valid zsh"; exit 1 }
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PS1='> '; fpath=($dir \$fpath); autoload -Uz compinit; compinit -u -D -d $dir/zcompdump"
# Prints ARGS<words>; written so that the echo of this definition does not read as an answer.
zpty -w z 'drsim() { print -r -- "${(U):-args}<$*>" }'
failures=0
expect() {  # expect "<line after completion>" "<typed line, completed at its end>"
  local out
  zpty -w -n z "$2"$'\t\n'
  zpty -r z out '*ARGS<*>*' || { print "FAIL: no answer for '$2'"; (( failures++ )); return }
  out=${${out##*ARGS<}%%>*}
  if [[ $out != $1 ]]; then
    print "FAIL: drsim ${2#drsim }<TAB>: line '$out', expected '$1'"
    (( failures++ ))
  else
    print "ok: ${2}<TAB> -> drsim $out"
  fi
}
expect "simulate" "drsim sim"
expect "report" "drsim rep"
expect "drill run" "drsim drill r"
expect "history targets" "drsim history t"
expect "simulate --format" "drsim simulate --fo"
expect "simulate -f json" "drsim simulate -f js"
expect "report --format junit" "drsim report --format ju"
expect "blast-radius" "drsim bla"
expect "man" "drsim man"   # the hidden generators are not offered
(( failures == 0 )) || { print "$failures failures"; exit 1 }
