"""Question banks in the ``cxmaturity.bank/1`` format: validation (``validation.py``), and parse, import and
export (``interchange.py``)."""

from .interchange import (
    DEFAULT_BANK_FILE,
    DEFAULT_BANK_FILES,
    BankImportError,
    dump_bank,
    export_bank,
    import_bank,
    load_default_bank,
    load_default_banks,
    parse_bank,
)
from .validation import FORMAT, Problem, validate_bank, validate_for_publishing

__all__ = [
    "DEFAULT_BANK_FILE",
    "DEFAULT_BANK_FILES",
    "FORMAT",
    "BankImportError",
    "Problem",
    "dump_bank",
    "export_bank",
    "import_bank",
    "load_default_bank",
    "load_default_banks",
    "parse_bank",
    "validate_bank",
    "validate_for_publishing",
]
