"""信息处理费 tiers (《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号; domain.md §3.3, FEE-1).

Pure functions over integers: no database, no rounding. Both methods are progressive (超额累进): each application or
page is charged at the rate of the band it falls in.

按件计收 — per applicant (same 身份证号 / 统一社会信用代码), per calendar month, cumulative: the 1st–10th application
is free, the 11th–30th costs 100元 each, and from the 31st on "以10件为一档，每增加一档，收费标准提高100元/件".
按量计收 — per application, by pages: 1–30 free, 31–100 10元/页, 101–200 20元/页, above 200 40元/页.
"""

from dataclasses import dataclass
from decimal import Decimal

PER_APPLICATION = "per_application"
PER_PAGE = "per_page"
METHOD_LABELS = {PER_APPLICATION: "按件计收", PER_PAGE: "按量计收"}

FREE_APPLICATIONS_PER_MONTH = 10
FREE_PAGES = 30


def marginal_item_fee(k: int) -> int:
    """The fee (元) for the k-th application of an applicant in one calendar month (k ≥ 1)."""
    if k < 1:
        raise ValueError("k must be at least 1")
    if k <= 10:
        return 0
    if k <= 30:
        return 100
    return 100 * (2 + (k - 31) // 10)


def item_fees_total(n: int) -> int:
    """Total (元) for n applications in one month: the sum of the marginal fees."""
    return sum(marginal_item_fee(k) for k in range(1, n + 1))


def page_fee(pages: int) -> int:
    """Fee (元) for one application providing `pages` pages."""
    if pages < 0:
        raise ValueError("pages must not be negative")
    return 10 * min(max(pages - 30, 0), 70) + 20 * min(max(pages - 100, 0), 100) + 40 * max(pages - 200, 0)


@dataclass(frozen=True)
class FeeQuote:
    """What staff see before sending a 收费通知: the method, the amount, and how it was reached."""

    method: str
    amount: Decimal
    explanation: str
    position: int | None = None  # 按件计收: this application's rank within the applicant's month
    pages: int | None = None


def quote_per_application(position: int, month_label: str) -> FeeQuote:
    fee = marginal_item_fee(position)
    if fee == 0:
        text = f"该申请人{month_label}第{position}件申请，10件以内（含10件）不收费"
    elif position <= 30:
        text = f"该申请人{month_label}第{position}件申请，属11至30件档，每件100元"
    else:
        band_start = 31 + (position - 31) // 10 * 10
        text = f"该申请人{month_label}第{position}件申请，属{band_start}至{band_start + 9}件档，每件{fee}元"
    return FeeQuote(PER_APPLICATION, Decimal(fee), text, position=position)


def quote_per_page(pages: int) -> FeeQuote:
    fee = page_fee(pages)
    parts = []
    if pages > 30:
        parts.append(f"31至{min(pages, 100)}页{min(pages, 100) - 30}页×10元")
    if pages > 100:
        parts.append(f"101至{min(pages, 200)}页{min(pages, 200) - 100}页×20元")
    if pages > 200:
        parts.append(f"201至{pages}页{pages - 200}页×40元")
    text = f"共{pages}页，30页以内（含30页）不收费" + ("；" + "，".join(parts) if parts else "")
    return FeeQuote(PER_PAGE, Decimal(fee), f"{text}；合计{fee}元", pages=pages)
