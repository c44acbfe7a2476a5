"""River and lake chiefs (§六(一) 河湖长制): the levels a chief of a section is appointed at."""

from enum import StrEnum


class RiverChiefLevel(StrEnum):
    COUNTY = "county"  # 县级
    TOWN = "town"  # 乡级
    VILLAGE = "village"  # 村级
