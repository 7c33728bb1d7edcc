#!/usr/bin/env bash
# Fails when the change adds a symbolic link anywhere in the repository (or turns a file into
# one): a link in a pull request could make a later step read a file outside the checkout.
# Usage: no-new-symlinks.sh BASE   (BASE: the commit the change is compared with; when it is
# empty or unknown, as on a branch's first push, every link in HEAD is refused).
set -euo pipefail
base="${1:-}"
if [[ -n "$base" && ! "$base" =~ ^0+$ ]] && git cat-file -e "${base}^{commit}" 2>/dev/null; then
  # --raw lines: ":old_mode new_mode old_sha new_sha status<TAB>path"; 120000 is a link
  links=$(git diff --raw --no-renames --diff-filter=AT "$base" HEAD \
    | awk -F'\t' '{ split($1, m, " "); if (m[2] == "120000") print $2 }')
else
  links=$(git ls-files -s | awk -F'\t' '{ split($1, m, " "); if (m[1] == "120000") print $2 }')
fi
if [[ -n "$links" ]]; then
  while IFS= read -r path; do
    echo "::error file=${path}::${path} is a symbolic link: links are not accepted, add the file itself"
  done <<< "$links"
  exit 1
fi
echo "no symbolic link added"
