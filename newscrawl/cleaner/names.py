"""Credit lines to person names: "Penulis: X", "Rep: X/ Red: Y", "Oleh X dan Y", "Laporan
Wartawan Tribunnews.com, X", "X - detikNews"; and the test that keeps the portal, its desks and
its teams ("Kompas Cyber Media", "Tim detikBali", "Redaksi") out of the people credited."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newscrawl.cleaner.dates import find_date_text
from newscrawl.cleaner.vocabulary import collapse
from newscrawl.urls import SECOND_LEVEL_LABELS, host_of

AUTHOR = "author"
EDITOR = "editor"
PHOTOGRAPHER = "photographer"
OTHER = "other"
"""Roles a credit line can name; OTHER (source, video, graphics) ends a segment only."""

ROLES: dict[str, str] = {
    **dict.fromkeys(
        [
            "penulis",
            "reporter",
            "wartawan",
            "pewarta",
            "jurnalis",
            "kontributor",
            "koresponden",
            "author",
            "writer",
            "rep",
            "ditulis oleh",
            "written by",
            "laporan",
        ],
        AUTHOR,
    ),
    **dict.fromkeys(
        ["editor", "red", "redaktur", "penyunting", "penyelaras", "editing", "copy editor"],
        EDITOR,
    ),
    **dict.fromkeys(["fotografer", "photographer", "pewarta foto", "foto jurnalis"], PHOTOGRAPHER),
    **dict.fromkeys(
        ["sumber", "source", "foto", "video", "videografer", "grafis", "ilustrasi", "infografis"],
        OTHER,
    ),
}
_ROLE_NAMES = "|".join(sorted((role.replace(" ", r"\s+") for role in ROLES), key=len, reverse=True))
_LABEL = re.compile(rf"(?<![\w.])(?P<label>{_ROLE_NAMES})\s*:\s*", re.IGNORECASE)
"""A role with its colon: "Penulis:", "Red :", "EDITOR:"."""
ROLE_ALONE = re.compile(rf"^\W*(?P<label>{_ROLE_NAMES})\s*(?P<colon>:)?\W*$", re.IGNORECASE)
"""A role printed on its own, its name beside it (credit panels, tables, "<b>Editor:</b> Y")."""
_BY = re.compile(
    r"^\W*(?:oleh|by|ditulis\s+oleh|written\s+by|dilaporkan\s+oleh)\b\s*:?\s*", re.IGNORECASE
)
BY_ALONE = re.compile(r"^\W*(?:oleh|by)\s*:?\s*$", re.IGNORECASE)
_REPORT = re.compile(
    r"^\W*laporan\s+(?:wartawan|reporter|kontributor|koresponden|jurnalis)\b\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
"""Tribun's "Laporan Wartawan Tribunnews.com, X": the portal's name, then the reporter."""
_PLACE_ROLE = re.compile(
    r"^(?:kontributor|koresponden|wartawan|reporter|jurnalis|pewarta)\b[^,]{0,40},\s*",
    re.IGNORECASE,
)
""""Kontributor Lhokseumawe, Masriadi": the role and the place before the name."""
_DESK = re.compile(r"\s+[-–—|]\s+|\s*\|\s*")
"""What follows a name in a byline: "X - detikNews", "X | Kompas.com"."""
_ASIDE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
"""A place or desk in brackets after a name: "Budi (Jakarta)"."""
_SEPARATORS = re.compile(r"\s*(?:,|;|&|\s+dan\s+|\s+and\s+)\s*", re.IGNORECASE)
_DAY_AND_CONNECTOR = re.compile(
    r"(?:[\s,|/\-–—]|\b(?:pada|on|at|senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|diperbarui|updated|update)\b)+$",
    re.IGNORECASE,
)
_EDGE_PUNCTUATION = re.compile(r"^[\s\W_]+|[\s,;:|/\-–—()\[\]\"'“”]+$")
_NOT_NAME_CHARACTERS = re.compile(r"[\d@/\\_:#=+<>{}]|https?|www\.", re.IGNORECASE)
_DOMAIN = re.compile(r"\w\.(?:com|co|id|net|org|tv|news|info|media)\b", re.IGNORECASE)
_NOT_PERSON_WORDS = frozenset(
    {
        *("tim", "team", "redaksi", "admin", "administrator", "desk", "newsroom", "editorial"),
        *("staff", "staf", "humas", "media", "news", "online", "network", "grup", "group"),
        *("cyber", "antara", "reuters", "afp", "bbc", "xinhua", "bernama", "anadolu", "getty"),
        *("images", "shutterstock", "istimewa", "dok", "dokumentasi", "facebook", "twitter"),
        *("instagram", "youtube", "tiktok", "unknown", "anonim", "anonymous", "guest", "tamu"),
        *("email", "share", "bagikan", "print", "follow", "ikuti", "subscribe", "komentar"),
        *("comments", "login", "more", "lainnya", "selengkapnya", "home", "beranda", "indeks"),
        *("berita", "terkini", "terbaru", "populer", "terpopuler", "nasional", "internasional"),
        *("regional", "daerah", "ekonomi", "bisnis", "olahraga", "hiburan", "teknologi"),
        *("otomotif", "kesehatan", "politik", "hukum", "opini", "kolom", "artikel", "sport"),
        *("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "ahad"),
        *(role.split()[0] for role in ROLES),
        *("oleh", "by"),
    }
)
"""Words that no person's name holds: teams, desks, agencies, networks, roles, buttons and
section names (a menu beside a lone "Editor" is no editor)."""
_TITLE_CASE_NAME = re.compile(r"^[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){1,4}$")
"""An unlabelled name beside a date: two to five capitalised words ("Laras Wening")."""
_WORD = re.compile(r"[^\W_]+")
MAX_NAME_WORDS = 6


@dataclass
class Credits:
    """People a page credits, by role, in page order, without repeats."""

    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)

    def of(self, role: str) -> list[str] | None:
        return {AUTHOR: self.authors, EDITOR: self.editors, PHOTOGRAPHER: self.photographers}.get(
            role
        )

    def add(self, role: str, names: list[str]) -> None:
        found = self.of(role)
        if found is not None:
            found.extend(name for name in names if name not in found)


@dataclass(frozen=True)
class PortalNames:
    """How the portal names itself (host label, site name, publisher): "kompas", "liputan6",
    "detik", "tribun". A word starting with one of these is the portal, not a person."""

    keys: frozenset[str]

    @classmethod
    def of(cls, url: str | None, *names: str | None) -> PortalNames:
        keys = set()
        labels = [label for label in host_of(url).split(".") if label] if url else []
        if len(labels) >= 2:
            keys.add(
                labels[-3] if len(labels) >= 3 and labels[-2] in SECOND_LEVEL_LABELS else labels[-2]
            )
        for name in names:
            words = _WORD.findall((name or "").lower())
            if words:
                first = words[0]
                keys.add(first[:-3] if first.endswith("com") and len(first) > 6 else first)
        return cls(frozenset(key for key in keys if len(key) >= 3))

    def named_in(self, word: str) -> bool:
        word = word.lower()
        return any(
            word.startswith(key) or (len(word) >= 5 and key.startswith(word)) for key in self.keys
        )


def is_person(name: str, portal: PortalNames) -> bool:
    """Whether a credited name is a person's: not the portal ("Liputan6.com", "detikNews"),
    not a team or desk ("Tim detikBali", "Redaksi"), not an account code ("prwir")."""
    if not 2 <= len(name) <= 60 or _NOT_NAME_CHARACTERS.search(name) or _DOMAIN.search(name):
        return False
    words = name.split()
    if len(words) > MAX_NAME_WORDS or not any(c.isupper() for c in name):
        return False
    for word in words:
        bare = "".join(_WORD.findall(word)).lower()
        if not bare or bare in _NOT_PERSON_WORDS or portal.named_in(bare):
            return False
        if word[0].islower() and any(c.isupper() for c in word[1:]):
            return False  # "detikNews", "iNews": a brand's spelling
    return not portal.named_in("".join(_WORD.findall(name)))  # "CNN Indonesia": cnnindonesia


def is_unlabelled_name(text: str, portal: PortalNames) -> bool:
    """A name printed with no role beside the date: stricter, since menus and section labels
    ("JATENG", "Berita Terkini") stand there too."""
    return bool(_TITLE_CASE_NAME.match(text)) and is_person(text, portal)


def credit_segments(text: str) -> list[tuple[str, str]]:
    """(role, value) pairs of a credit line; [] when the text does not open with a credit.
    "Rep: Ani/ Red: Budi" -> [(author, "Ani/ "), (editor, "Budi")]."""
    labels = list(_LABEL.finditer(text))
    if labels and labels[0].start() <= 2:
        ends = [label.start() for label in labels[1:]] + [len(text)]
        return [
            (ROLES[" ".join(label["label"].lower().split())], text[label.end() : end])
            for label, end in zip(labels, ends, strict=True)
        ]
    report = _REPORT.match(text)
    if report:
        rest = report["rest"]
        if "," in rest:
            return [(AUTHOR, rest.split(",", 1)[1])]
        words = rest.split()
        domains = [i for i, word in enumerate(words) if _DOMAIN.search(word)]
        return [(AUTHOR, " ".join(words[(domains[-1] if domains else 0) + 1 :]))]
    by = _BY.match(text)
    if by and by.end() < len(text):
        return [(AUTHOR, text[by.end() :])]
    return []


def names_in(value: str, portal: PortalNames, *, strict: bool = False) -> list[str]:
    """The people a credit's value names: "Ani dan Budi" -> two; the date, desk, place and
    role around them dropped; the portal and teams refused. `strict`, for a text no label
    calls a credit: every part must be a name, or none is taken (a caption is no byline)."""
    value = collapse(value).strip(" /|:-–—")
    date = find_date_text(value)
    if date:
        value = _DAY_AND_CONNECTOR.sub("", value[: value.find(date)])
    value = _DESK.split(value.strip(" /|:"), maxsplit=1)[0]
    value = _PLACE_ROLE.sub("", _ASIDE.sub(" ", value))
    names = [_EDGE_PUNCTUATION.sub("", part) for part in _SEPARATORS.split(value)]
    people = [name for name in names if is_person(name, portal)]
    if strict and len(people) < len([name for name in names if name]):
        return []
    return list(dict.fromkeys(people))
