from gongkai.errors import DomainError


class CalendarNotLoaded(DomainError):
    """A date outside the loaded years: never guess Monday–Friday (CAL-1)."""

    status = 422
    default_code = "calendar_not_loaded"

    def __init__(self, year: int, loaded: tuple[int, int] | None):
        span = f"{loaded[0]}—{loaded[1]}年" if loaded else "无"
        super().__init__(
            f"工作日历尚未载入{year}年的节假日安排（已载入：{span}），无法计算期限。"
            f"请平台管理员在国务院办公厅公布{year}年节假日安排后录入。"
        )
        self.year = year


class InvalidPeriod(DomainError):
    default_code = "invalid_period"
