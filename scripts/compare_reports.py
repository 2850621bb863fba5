"""Compare two klarsyn output folders: report.json and findings.csv, apart from time.

    python scripts/compare_reports.py OLD_DIR NEW_DIR [--exact]

Without ``--exact`` (two separate audits of the same site) the run's timestamps are
left out and the pages and CSV rows are put in one order first, since a crawl meets
the pages in a different order each time; everything else must be equal. With
``--exact`` (two renderings of one store) they, and report.html, must be byte-identical.
Exit 0: equal; 1: they differ (the first differences are printed).
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from pathlib import Path
from typing import Any

#: The run's own times: different in every audit, and nothing else is allowed to be.
_TIME_KEYS = ("started", "finished")
#: chromedriver marks each frame it has touched with a random ``cd_frame_id_`` attribute,
#: which axe-core then quotes in its snippet: the one other thing two audits differ in.
_FRAME_ID = re.compile(r'cd_frame_id_=([\\"]*)[0-9a-f]{32}')


def _canonical_json(data: dict[str, Any]) -> str:
    data = dict(data)
    for key in _TIME_KEYS:
        data.pop(key, None)
    for point in data.get("history") or ():
        point.pop("started", None)
    data["pages"] = sorted(data["pages"], key=lambda page: page["url"])
    return _FRAME_ID.sub(r"cd_frame_id_=\1…", json.dumps(data, ensure_ascii=False, indent=1,
                                                          sort_keys=True))


def _canonical_csv(text: str) -> str:
    header, *rows = text.splitlines()
    return "\n".join([header, *sorted(_FRAME_ID.sub(r"cd_frame_id_=\1…", r) for r in rows)])


def _differences(name: str, old: str, new: str) -> list[str]:
    return list(difflib.unified_diff(old.splitlines(), new.splitlines(), f"old/{name}",
                                     f"new/{name}", lineterm="", n=1))[:40]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--exact", action="store_true", help="byte for byte")
    args = parser.parse_args()
    differ = False
    # report.html too when rendering one store twice: the same run must look the same.
    names = ("report.json", "findings.csv", *(("report.html",) if args.exact else ()))
    for name in names:
        old = (args.old / name).read_bytes()
        new = (args.new / name).read_bytes()
        if args.exact:
            same = old == new
            old_text, new_text = old.decode("utf-8-sig"), new.decode("utf-8-sig")
        else:
            canon = _canonical_json if name.endswith(".json") else _canonical_csv
            load = json.loads if name.endswith(".json") else str
            old_text = canon(load(old.decode("utf-8-sig")))
            new_text = canon(load(new.decode("utf-8-sig")))
            same = old_text == new_text
        print(f"{name}: {'identical' if same else 'DIFFERENT'}"
              f"{' (byte for byte)' if args.exact else ' (apart from times and order)'}")
        if not same:
            differ = True
            print("\n".join(_differences(name, old_text, new_text)))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
