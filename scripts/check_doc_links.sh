#!/usr/bin/env bash
# Checks that every relative Markdown link in README.md and docs/**/*.md points to an existing file, and that
# an anchor (#name) on a link to a Markdown file matches an explicit <a id="name"> or a heading there.
# Usage: bash scripts/check_doc_links.sh   (exit 1 and one line per broken link when any is broken)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
python3 - <<'PY'
import pathlib, re, sys
files = [pathlib.Path("README.md")] + sorted(pathlib.Path("docs").rglob("*.md"))
link = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
def anchors(path):
    text = path.read_text(encoding="utf-8")
    ids = set(re.findall(r'<a id="([^"]+)"></a>', text))
    for h in re.findall(r"^#+\s+(.*)$", text, re.M):  # GitHub-style heading slugs
        ids.add(re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", h.strip().lower())))
    return ids
bad = 0
for f in files:
    text = re.sub(r"```.*?```", "", f.read_text(encoding="utf-8"), flags=re.S)  # skip code blocks
    for target in link.findall(text):
        if re.match(r"[a-z]+:", target):
            continue  # external (http:, mailto:)
        path, _, anchor = target.partition("#")
        dest = (f.parent / path).resolve() if path else f.resolve()
        if not dest.exists():
            print(f"{f}: broken link {target}"); bad += 1
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            print(f"{f}: missing anchor {target}"); bad += 1
        elif not str(dest).startswith(str(pathlib.Path.cwd().resolve())):
            print(f"{f}: link leaves the repository {target}"); bad += 1
print(f"checked {len(files)} files: {'OK' if not bad else str(bad) + ' broken'}")
sys.exit(1 if bad else 0)
PY
