"""CMS styles, one module per family; each turns a column tree into pages."""

from simweb.sites.base import Style
from simweb.sites.gbk_table import GbkTableStyle
from simweb.sites.hanweb import HanwebStyle
from simweb.sites.modern import ModernStyle
from simweb.sites.spa import SpaStyle
from simweb.sites.trs import TrsStyle
from simweb.sites.ucap import UcapStyle
from simweb.sites.xxgk import XxgkStyle

STYLES: dict[str, type[Style]] = {
    s.key: s for s in (TrsStyle, HanwebStyle, GbkTableStyle, ModernStyle, UcapStyle, XxgkStyle, SpaStyle)
}
