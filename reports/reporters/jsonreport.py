"""JSON: what ``klarsyn text --json`` prints."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict

from audits.model import Finding, Readability
from audits.plain_language import RULES
from audits.targets import Audience


def draft_json(readability: Readability, findings: Sequence[Finding], audience: Audience) -> str:
    data = asdict(readability) | {
        "audience": audience.name,
        "lix_target": audience.lix_target,
        "over_target": readability.lix is not None and readability.lix > audience.lix_target,
        "flags": [
            {
                "rule": f.rule,
                "impact": f.impact,
                "help": RULES[f.rule].help,
                "text": f.snippet,
                "message": f.message,
            }
            for f in findings
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
