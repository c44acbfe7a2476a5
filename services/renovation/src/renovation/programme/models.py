"""A year's programme: targets typed in from the plan; totals are always computed."""

import datetime as dt
from decimal import Decimal

from sqlmodel import Field, SQLModel

from renovation.common import AREA, MONEY
from suitekit.timeutil import utcnow


class Programme(SQLModel, table=True):
    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    target_projects: int
    target_buildings: int
    target_households: int
    target_floor_area_m2: Decimal = Field(sa_type=AREA)
    target_investment_yuan: Decimal = Field(sa_type=MONEY)
    target_courtyard_investment_yuan: Decimal = Field(sa_type=MONEY)
    target_building_investment_yuan: Decimal = Field(sa_type=MONEY)
    preparation_until: dt.date
    construction_from: dt.date
    construction_until: dt.date
    acceptance_from: dt.date
    acceptance_until: dt.date
    next_year_preparation_by: dt.date
    created_at: dt.datetime = Field(default_factory=utcnow)
