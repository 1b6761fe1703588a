"""The column tree (栏目) of one generated site: top navigation of 5–9 real names, 政务公开 sections
nested 1–4 deep, decoy 专题, and the column the site's reports live in at a chosen depth.

Names come from vocabulary.yaml; URL keys follow the site's key scheme (pinyin initials, opaque
numbers or English-ish words), so a rule-of-law column's URL may say fzzfjs, c100234 or lawgov.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from simweb.generator import issuers, vocabulary
from simweb.generator.vocabulary import Keys, Name
from simweb.model import Column, SiteInfo

HOME_KINDS = ("own_column", "sub_column", "notices")  # where a site's linked reports are listed


@dataclass
class Tree:
    root: Column
    reports: Column  # the leaf the site's reports are listed in
    depth: int  # clicks from the home page to that leaf's listing (its trail length)
    roles: dict[str, list[Column]] = field(default_factory=dict)  # role -> leaves (filled with articles)

    def leaf(self, role: str) -> Column | None:
        found = self.roles.get(role)
        return found[0] if found else None


class TreeBuilder:
    def __init__(self, rng: random.Random, info: SiteInfo, keys: Keys, uid_start: int) -> None:
        self.rng = rng
        self.info = info
        self.keys = keys
        self.uid = uid_start
        self.roles: dict[str, list[Column]] = {}
        place = info.short.removesuffix("司法局").removesuffix("司法厅")
        self.place = place[:-1] if len(place) > 2 and place[-1] in "省市县区旗州" else place  # 走进{place}
        self.level = info.self_ref[-1] if info.issuer_kind != "department" else place[-1]  # 依法治{level}

    def column(self, entry: Name, role: str | None = None) -> Column:
        self.uid += self.rng.randint(1, 40)
        name = entry.name.replace("{place}", self.place).replace("{level}", self.level)
        col = Column(key=self.keys(name, entry.en, self.uid), name=name, uid=self.uid)
        if role:
            self.roles.setdefault(role, []).append(col)
        return col

    def pick(self, path: str, role: str | None = None) -> Column:
        return self.column(self.rng.choice(vocabulary.names(path)), role)

    def build(self, home_kind: str, depth: int) -> Tree:
        rng = self.rng
        root = Column(key="", name=self.info.name)
        department = self.info.issuer_kind == "department"
        tops: list[Column] = []
        news = self.pick("top.news")
        for entry in rng.sample(vocabulary.names("news"), rng.randint(2, 3)):
            news.add(self.column(entry, "news"))
        gk = self.pick("top.gk")
        tops += [news, gk]
        optional = ["service", "interact", "about", "special", "data"]
        for kind in rng.sample(optional, rng.randint(2, 5) - (1 if department else 0)):
            top = self.pick(f"top.{kind}")
            if kind == "special":
                for entry in rng.sample(vocabulary.names("special"), rng.randint(2, 3)):
                    top.add(self.column(entry, "special"))
            else:
                self.roles.setdefault("pages", []).append(top)
            tops.append(top)
        if department:
            own = vocabulary.names("department_columns")
            for entry in rng.sample(own[3:], 1):
                tops.append(self.column(entry, "rol_news"))
        self._fill_gk(gk)
        if not department and rng.random() < 0.4:  # 部门信息公开 > 某某司法局, where its own report may sit
            gk.add(self.pick("gk.dept")).add(self.column(self._office(), "dept_office"))
        notices = self._notices(news, gk)
        reports, parent = self._reports_leaf(home_kind, depth, gk, news, notices, department)
        if parent is None:
            tops.insert(rng.randint(1, len(tops)), reports)
        rng.shuffle(tops)
        if rng.random() < 0.7:  # most portals keep 新闻 before 政务公开
            tops.sort(key=lambda c: 0 if c is news else 1 if c is gk else 2)
        for top in tops[:8]:
            root.add(top)
        for top in tops[8:]:  # too many for the bar: fold into 政务公开
            gk.add(top)
        return Tree(root=root, reports=reports, depth=len(reports.trail()), roles=self.roles)

    def _fill_gk(self, gk: Column) -> None:
        rng = self.rng
        for role in ("guide", "rules", "annual", "policy"):
            gk.add(self.pick(f"gk.{role}", "pages" if role in ("guide", "rules") else role))
        for role in rng.sample(["interpret", "personnel", "budget", "institution", "enforcement", "plans"],
                               rng.randint(2, 4)):
            gk.add(self.pick(f"gk.{role}", "pages" if role in ("institution",) else role))

    def _notices(self, news: Column, gk: Column) -> Column:
        col = self.pick("gk.notices", "notices")
        (news if self.rng.random() < 0.55 else gk).add(col)
        return col

    def _reports_leaf(self, home_kind: str, depth: int, gk: Column, news: Column, notices: Column,
                      department: bool) -> tuple[Column, Column | None]:
        """The reports' leaf hung *depth* clicks below the home page (its parent, None = top bar)."""
        rng = self.rng
        if home_kind == "notices":
            leaf = notices
            if depth == 1:
                assert leaf.parent is not None
                leaf.parent.children.remove(leaf)
                leaf.parent = None
                return leaf, None
            if depth == 2:
                return leaf, leaf.parent
            assert leaf.parent is not None
            leaf.parent.children.remove(leaf)
        elif home_kind == "own_column":
            pool = vocabulary.names("department_columns")[:3] if department and rng.random() < 0.5 \
                else vocabulary.names("rule_of_law")
            leaf = self.column(rng.choice(pool), "reports")
        else:
            leaf = self.pick(rng.choice(["gk.plans", "gk.other"]), "reports")
        if depth == 1:
            return leaf, None
        parent = gk
        for section in self._sections(depth - 2):
            parent = parent.add(section)
            for _ in range(rng.randint(0, 2)):  # siblings of the way down
                parent.add(self.pick(rng.choice(["gk.policy", "gk.plans", "gk.budget", "gk.enforcement"]),
                                     "filler"))
        parent.add(leaf)
        return leaf, parent

    def _office(self) -> Name:
        """The column of the local 司法局 among the departments' disclosure columns."""
        name = issuers.justice_bureau(self.info) if self.info.issuer_kind != "department" else "本级部门"
        return Name(name, "sfj", ("brief", "nbjb"))

    def _sections(self, n: int) -> list[Column]:
        """*n* nested sections between 政务公开 and the reports' leaf, in the order real catalogs nest."""
        if n == 0:
            return []
        rng = self.rng
        if n >= 2 and rng.random() < 0.3:  # 公开目录 > 部门信息公开 > 某某司法局
            chain = [self.pick("gk.catalog"), self.pick("gk.dept"), self.column(self._office())]
        else:
            chain = [self.pick("gk.catalog"), self.pick("gk.statutory"),
                     self.pick(rng.choice(["gk.other", "gk.focus"]))]
        if n == 1:
            return [chain[1]]
        if n == 2:
            return chain[:2] if rng.random() < 0.5 else chain[1:]
        return chain[:n]
