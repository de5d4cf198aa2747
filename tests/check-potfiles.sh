#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a source or UI file has translatable strings but is missing from
# po/POTFILES.in, or when POTFILES.in names a file that does not exist.
set -eu
top=${1:?usage: check-potfiles.sh SOURCE_ROOT}
cd "$top"
status=0
potfiles=po/POTFILES.in

for f in $(find src data -type f \( -name '*.c' -o -name '*.ui' -o -name '*.in' -o -name '*.gschema.xml' \) | sort); do
  if grep -qE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_)\(|translatable="yes"|^(Name|GenericName|Comment|Keywords)=|<summary>|<p>' "$f"; then
    if ! grep -qxF "$f" "$potfiles"; then
      echo "missing from $potfiles: $f"
      status=1
    fi
  fi
done

for f in $(grep -vE '^(#|$)' "$potfiles"); do
  if [ ! -f "$f" ]; then
    echo "listed in $potfiles but absent: $f"
    status=1
  fi
done

[ $status -eq 0 ] && echo "POTFILES.in is complete"
exit $status
