"""The administrative divisions a client's jurisdiction may name (GB/T 2260).

牡丹江市 (231000) and its ten county-level divisions, the same list as lawyer-query's
reference data (``refdata/divisions.json``; a test keeps the two equal). ``231000`` is the
city as a whole (its prefix covers every 2310xx record, see ``suitekit.identity``).
"""

from __future__ import annotations

CITY_CODE = "231000"  # 牡丹江市
COUNTY_DIVISIONS: dict[str, str] = {
    "231002": "东安区",
    "231003": "阳明区",
    "231004": "爱民区",
    "231005": "西安区",
    "231025": "林口县",
    "231081": "绥芬河市",
    "231083": "海林市",
    "231084": "宁安市",
    "231085": "穆棱市",
    "231086": "东宁市",
}
KNOWN_DIVISIONS: frozenset[str] = frozenset({CITY_CODE, *COUNTY_DIVISIONS})
