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


# --- 2007 rules: cost fees (检索、复制、邮寄等成本费用) -----------------------------------------------------------
#
# 2007 regulation Art.27 [P]: 行政机关依申请提供政府信息，除可以收取检索、复制、邮寄等成本费用外，不得收取其他费用；the
# standard is set by the State Council's price and finance departments. 财综〔2008〕44号 (财政部、国家发展改革委) [S] names
# the three fees (检索费、复制费、邮寄费); 发改价格〔2008〕1828号 [S] leaves the amounts to the local 价格主管部门 and 财政部门
# (检索费 per 人次, 复制费 no higher than the local market, 邮寄费 at the postal tariff — 苏价费〔2008〕301号 [S]). The
# unit prices are therefore the agency's local standard, entered with each item; the platform multiplies and adds.

COST = "cost"
COST_KINDS = {"retrieval": "检索费", "copying": "复制费", "postage": "邮寄费"}
COST_UNITS = {"retrieval": "人次", "copying": "页", "postage": "件"}
MAX_COST_ITEMS = 10
CENT = Decimal("0.01")


@dataclass(frozen=True)
class CostItem:
    kind: str
    quantity: int
    unit_price: Decimal
    unit: str = ""
    description: str = ""

    @property
    def label(self) -> str:
        return COST_KINDS[self.kind]

    @property
    def amount(self) -> Decimal:
        return (self.unit_price * self.quantity).quantize(CENT)


def yuan(amount: Decimal) -> str:
    """12 → "12", 0.5 → "0.50": whole yuan without decimals, else two."""
    return f"{amount:.0f}" if amount == amount.to_integral_value() else f"{amount:.2f}"


def cost_item_line(position: int, item: CostItem) -> str:
    """How an item reads on the notice: 2．复制费（A4纸复印）：30页×0.50元/页＝15元."""
    what = f"{item.label}（{item.description}）" if item.description else item.label
    return (f"{position}．{what}：{item.quantity}{item.unit}×{yuan(item.unit_price)}元/{item.unit}"
            f"＝{yuan(item.amount)}元")


def cost_total(items: list[CostItem]) -> Decimal:
    return sum((item.amount for item in items), Decimal("0")).quantize(CENT)


def cost_explanation(items: list[CostItem]) -> str:
    """The notice's one-line summary: 检索费1人次×5元＋复制费30页×0.50元＝20元."""
    parts = [f"{item.label}{item.quantity}{item.unit}×{yuan(item.unit_price)}元" for item in items]
    return f"{'＋'.join(parts)}＝{yuan(cost_total(items))}元"
