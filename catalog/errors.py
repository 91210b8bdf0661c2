from gongkai.errors import DomainError, InvalidTransition


class CatalogError(DomainError):
    default_code = "catalog_invalid"


class SelfApproval(DomainError):
    status = 403
    default_code = "self_approval"


class WrongState(InvalidTransition):
    default_code = "invalid_transition"


class SearchQueryInvalid(DomainError):
    default_code = "search_query_invalid"
