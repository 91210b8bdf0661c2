from gongkai.errors import DomainError


class ImportFileError(DomainError):
    """The file cannot be read as a sheet (encoding, format, no header, a ZIP without one sheet)."""

    default_code = "import_file_invalid"


class ImportStateError(DomainError):
    status = 409
    default_code = "import_wrong_state"
