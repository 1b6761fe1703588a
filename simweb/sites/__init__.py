"""CMS styles, one module per family; each turns a column tree into pages."""

from simweb.sites.base import Style
from simweb.sites.trs import TrsStyle

STYLES: dict[str, type[Style]] = {
    "trs": TrsStyle,
    "hanweb": TrsStyle,
    "gbk_table": TrsStyle,
    "modern": TrsStyle,
    "ucap": TrsStyle,
    "xxgk": TrsStyle,
}
