from rest_framework.pagination import PageNumberPagination


class BoundedPageNumberPagination(PageNumberPagination):
    """Numbered pages with `count`, bounded: at most 100 per page and 500 pages deep (filter by year to go further)."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    max_page = 500

    def get_page_number(self, request, paginator):
        number = super().get_page_number(request, paginator)
        try:
            if int(number) > self.max_page:
                from rest_framework.exceptions import NotFound

                raise NotFound("页码过大，请按年份或栏目筛选。")
        except ValueError:
            pass
        return number
