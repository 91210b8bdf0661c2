"""社会评议: the public rates a published item or an agency's application service. One rating per visitor, target
and day (a unique constraint; the portal view also limits requests per address). Personal data typed into a
comment is masked before it is stored."""

from django.db import IntegrityError, transaction

from agencies.models import Agency
from catalog.models import Item
from gongkai import clock
from privacy.fields import blind_index
from privacy.scanning import scan_text

from ..errors import OversightError
from ..models import Rating, RatingTarget, RatingValue
from ._common import text


def visitor_key(address: str, user_agent: str = "") -> str:
    """A keyed hash of the visitor's network address and browser: enough to throttle, useless to identify."""
    return blind_index(f"rating|{address}|{(user_agent or '')[:200]}")


def _mask_personal_data(comment: str) -> str:
    for finding in sorted(scan_text(comment), key=lambda f: f.start, reverse=True):
        comment = comment[:finding.start] + finding.masked + comment[finding.end:]
    return comment


def rate(*, value: str, visitor: str, item: Item | None = None, agency: Agency | None = None,
         comment: str = "") -> Rating:
    """Rate a published item (`item`), or an agency's application service (`agency` without item)."""
    if value not in RatingValue.values:
        raise OversightError("请选择满意、基本满意或不满意。", field="value", code="value_required")
    if item is not None:
        if item.status != Item.Status.PUBLISHED:
            raise OversightError("只能评价已发布的政府信息。", field="item", code="item_not_public")
        target, agency, key = RatingTarget.ITEM, item.agency, f"item:{item.pk}"
    elif agency is not None:
        target, key = RatingTarget.APPLICATIONS, f"applications:{agency.pk}"
    else:
        raise OversightError("请指明评价对象。", code="target_required")
    comment = _mask_personal_data(text(comment, "comment", "意见建议", max_length=500))
    try:
        with transaction.atomic():
            return Rating.objects.create(agency=agency, target=target, item=item, value=value, comment=comment,
                                         target_key=key, visitor_key=visitor, rated_on=clock.today(),
                                         created_at=clock.now())
    except IntegrityError:
        raise OversightError("您今天已经评价过了，感谢您的参与。每位访问者每天对同一事项可以评价一次。",
                             code="already_rated", status=429)
