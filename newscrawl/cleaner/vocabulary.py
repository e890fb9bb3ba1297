"""Words and patterns of Indonesian news pages, compiled once at import.

Logic lives in the other modules; this one only says what the page's furniture looks like.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def collapse(text: str) -> str:
    """Whitespace runs (including non-breaking spaces) to one space, trimmed."""
    return " ".join(text.split())


def normalise_kind(heading: str) -> str:
    """A block heading as a kind: "Berita Terkait" -> "berita_terkait", "Baca:" -> "baca"."""
    return _kind_of(str(heading))  # str(): lxml's text results would pin their whole tree


@lru_cache(maxsize=4096)
def _kind_of(heading: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode()
    return _NON_ALNUM.sub("_", ascii_text.lower()).strip("_")


# Labels that open an inline related-link line: "Baca Juga: <a>Title</a>".
INLINE_LABEL = re.compile(
    r"^\W*(?P<label>baca\s+juga|baca\s+selanjutnya|baca\s+artikel\s+lainnya|baca|lihat\s+juga"
    r"|simak\s+juga|artikel\s+terkait|berita\s+terkait|read\s+also|read\s+more)\s*(?:[:>»\-–—]+\s*|$)",
    re.IGNORECASE,
)

# Headings that introduce link blocks on Indonesian portals, as kinds.
KNOWN_BLOCK_KINDS = frozenset(
    {
        "baca_juga",
        "berita_terkait",
        "artikel_terkait",
        "berita_lainnya",
        "artikel_lainnya",
        "terpopuler",
        "populer",
        "berita_populer",
        "paling_populer",
        "pilihan",
        "pilihan_editor",
        "pilihan_redaksi",
        "terkini",
        "berita_terkini",
        "terbaru",
        "berita_terbaru",
        "rekomendasi",
        "rekomendasi_untuk_anda",
        "simak_video",
        "video_terkait",
        "video_pilihan",
        "topik_terkait",
        "topik_pilihan",
        "tag_terkait",
        "tag",
        "tags",
        "topik",
        "lihat_juga",
        "simak_juga",
        "trending",
        "headline",
        "most_popular",
        "related",
        "related_articles",
    }
)

# Words that, inside a short heading, mark it as a link block's heading.
BLOCK_HEADING_WORDS = frozenset(
    {
        "terkait",
        "populer",
        "terpopuler",
        "terkini",
        "terbaru",
        "pilihan",
        "lainnya",
        "rekomendasi",
        "trending",
        "baca",
        "simak",
        "lihat",
        "topik",
        "tag",
        "related",
        "popular",
        "video",
        "foto",
        "latest",
        "recommended",
        "read",
    }
)

# Link texts that are navigation, not titles ("Lihat Semua", "Selengkapnya").
NAVIGATION_LINK = re.compile(
    r"^[\W_]*(?:lihat\s+semua|lihat\s+selengkapnya|selengkapnya|indeks(?:\s+berita)?|index"
    r"|more|see\s+all|view\s+all|berikutnya|selanjutnya|sebelumnya|next|prev(?:ious)?"
    r"|tampilkan\s+semua|load\s+more|muat\s+lebih\s+banyak|close|tutup|\d+)?[\W_]*$",
    re.IGNORECASE,
)

# Bullets that start a one-link line ("• Title").
BULLET_LINE = re.compile(r"^\s*[•●▪►▶»·]\s*")
# A typed bullet before a list item printed as a line of its own ("- Maroko belum kalah").
TYPED_BULLET = re.compile(r"^[-–—•●▪·*]\s+(?=\w)")
# A dateline printed apart from the lead it opens ("<strong>Jakarta</strong> -").
DATELINE = re.compile(r"^[\w.,'’ ]{2,40}\s[-–—]+$")
DATELINE_MAX_WORDS = 4

# Whole lines that are page chrome wherever they appear in the body.
PROMO_LINES = re.compile(
    r"^(?:"
    r"advertisements?|iklan|sponsored|scroll\s+to\s+(?:continue|resume)(?:\s+(?:with\s+)?content)?"
    r"|scroll\s+untuk\s+melanjutkan(?:\s+membaca)?|lanjutkan\s+membaca\W*"
    r"|(?:bagikan|share)(?:\s*:)?(?:\s+(?:artikel|berita)\s+ini)?"
    r"|(?:(?:facebook|twitter|whatsapp|telegram|line|linkedin|email|copy\s+link|salin\s+link"
    r"|salin\s+tautan|x)\s*)+"
    r"|(?:tulis|berikan|kirim|lihat)\s+komentar\b.*|komentar|komentari\s+berita\s+ini.*|comments?"
    r"|.*\bmenjaga\s+komentar\b.*|.*\bberkomentar\b.*"
    r"|saksikan\s+video\b.{0,160}|simak\s+video\b.{0,160}|tonton\s+video\b.{0,160}"
    r"|\[gambas:[^\]]*\]|(?:copyright|hak\s+cipta)\b.{0,80}|©.{0,80}"
    r"|(?:like|dislike|suka|tidak\s+suka)\s*\(\d+\)|rate\s+(?:this\s+)?(?:artikel|article)(?:\s+ini)?"
    r"|artikel\s+ini\s+(?:telah\s+)?(?:tayang|naik|terbit|dimuat|diterbitkan)\s+di\b.{0,200}"
    r"|\d+\s+dari\s+\d+\s+halaman.*"
    r"|halaman\s*(?:\d+\s*)+|halaman\s+selanjutnya|tampilkan\s+semua|lihat\s+semua"
    r")$",
    re.IGNORECASE,
)

# Promo sentences: channel invitations that are never part of a story.
PROMO_SENTENCE = re.compile(
    r"google\s+news|saluran\s+whatsapp|whatsapp\s+channel|channel\s+whatsapp|grup\s+telegram"
    r"|channel\s+telegram|telegram\s+channel|follow\s+(?:kami|us)\b|ikuti\s+(?:kami|akun)\b"
    r"|klik\s+(?:di\s*)?sini\s+untuk\s+(?:bergabung|mengikuti|berlangganan)"
    r"|dapatkan\s+(?:update|informasi|berita)\b.{0,80}\b(?:setiap\s+hari|bergabung|gabung)"
    r"|(?:subscribe|sign\s+up)\s+(?:to|for)\b.{0,60}\bnewsletter",
    re.IGNORECASE,
)
PROMO_SENTENCE_MAX_WORDS = 45
"""A line naming a channel promo is dropped only when it is this short (not a story)."""

# Editors' initials, a line of their own wherever it stands: "(mdk/ank)", "(ant/rd)".
EDITOR_INITIALS = re.compile(r"^\(\s*[a-z]{2,8}(?:\s*/\s*[a-z0-9]{1,8})+\s*\)$", re.IGNORECASE)

# Credit lines that sign off an article at its end: "(ant)", "(Tira Santia)", "(*)".
CREDIT_LINES = re.compile(
    r"^(?:\(\s*\*+\s*\)|\[\s*\*+\s*\]|\(\s*[\w.'-]+(?:\s+[\w.'-]+){0,3}\s*\)"
    r"|\(\s*[\w .'-]{1,40}/\s*[\w .'-]{1,40}\))$",
    re.IGNORECASE,
)

# Byline lines wherever they stand: "Editor: Name", "Penulis: Name", "Laporan Wartawan ...".
BYLINE_LINES = re.compile(
    r"^(?:(?:editor|penulis|reporter|kontributor|penyunting|redaktur|pewarta|sumber|foto"
    r"|fotografer|oleh)\s*(?:\|\s*)?:\s*(?:[^.]|\.(?=\w)){1,80}|laporan\s+(?:wartawan|reporter)\b[^.]{0,80})$",
    re.IGNORECASE,
)
BYLINE_MAX_WORDS = 12
BYLINE_ROLE = re.compile(r"\b(?:reporter|penulis|editor|pewarta|oleh|author)\b", re.IGNORECASE)

# A photo caption ends with its credit: "... malam. [Suara.com/Dimas Angga]", "(ANTARA FOTO/Name)".
CAPTION_CREDIT = re.compile(
    r"(?:\[[^\[\]/]{2,60}/[^\[\]]{2,60}\]"
    r"|\((?:antara\s+foto|foto|dok|istimewa|sumber)\b(?:(?!://)[^()]){0,60}\)"
    r"|\bfoto\s*:\s*[^.:]{2,60}"
    r"|(?:©|\(c\))\s*\d{4}\s+[\w.-]+)\s*$",
    re.IGNORECASE,
)

# Texts of soft-404 pages.
NOT_FOUND = re.compile(
    r"halaman\s+(?:yang\s+anda\s+cari\s+)?tidak\s+(?:ditemukan|tersedia)|page\s+not\s+found"
    r"|^\s*404\b|\b404\s+not\s+found|artikel\s+tidak\s+ditemukan|berita\s+tidak\s+ditemukan",
    re.IGNORECASE,
)

# --- link blocks by structure ---------------------------------------------------------------

# Path segments that lead to a tag or topic page ("/tag/pasal-zina", "/topik/ppkm").
TAG_PATH_SEGMENTS = frozenset(
    {"tag", "tags", "topik", "topic", "topics", "label", "labels", "hashtag", "keyword", "keywords"}
)
# What makes a path an article's: a date, a long slug, an id.
DATE_PATH = re.compile(r"/(?:19|20)\d\d/[01]?\d/(?:[0-3]?\d/)?")
SLUG_SEPARATORS = re.compile(r"[-_.+]+")
FILE_EXTENSION = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cms)$")
NUMERIC_ID = re.compile(r"\d{4,}")
ARTICLE_SLUG_WORDS = 4
"""A path segment of this many words is an article's slug ("kadispar-badung-jamin-wisman")."""
ID_SLUG_WORDS = 2
"""Beside a numeric id ("/indeksfokus/6254/wajah-baru-tmii") a shorter slug suffices."""

# Parts of a link or an item that are no title: times, counters, ranks ("2 jam lalu",
# "Kemarin 10:15", "5.713 views", "#1", "21 Des 2021 08:30").
RELATIVE_TIME = re.compile(
    r"\b(?:\d+\s*(?:detik|menit|jam|hari|minggu|pekan|bulan|tahun|seconds?|minutes?|mins?|hours?"
    r"|days?|weeks?|months?|years?)\s+(?:yang\s+)?(?:lalu|ago)|baru\s+saja|just\s+now"
    r"|kemarin(?:\s+\d{1,2}[:.]\d\d)?|yesterday)\b",
    re.IGNORECASE,
)
NOT_A_TITLE = re.compile(
    r"^(?:[#\W\d]*|.*\b\d{1,2}[:.]\d\d\b.*|.*\b\d{1,2}/\d{1,2}/\d{2,4}\b.*"
    r"|[\d.,]+\s*(?:views?|kali|dibaca|komentar|comments?|foto|photos?|video)\b.*"
    rf"|(?:{RELATIVE_TIME.pattern}).*)$",
    re.IGNORECASE,
)

# Class and id words of a page's own header, footer and menus ("site-header", "footer__grid").
NAVIGATION_TOKENS = frozenset(
    {
        "header",
        "footer",
        "foot",
        "nav",
        "navbar",
        "navigation",
        "menu",
        "megamenu",
        "topbar",
        "masthead",
    }
)
CLASS_TOKEN = re.compile(r"[a-z]+")
NAVIGATION_WORD = re.compile("|".join(sorted(NAVIGATION_TOKENS)), re.IGNORECASE)
"""A cheap first sieve for NAVIGATION_TOKENS in a class or id."""

# --- photo stories ---------------------------------------------------------------------------

# A photo story says so in its URL or headline ("/readfoto/", "photo.liputan6.com", "FOTO: ").
PHOTO_STORY = re.compile(
    r"(?:^|[/._-])(?:foto|photos?|galeri|gallery|readfoto|inpicture)(?:$|[/._-])|^foto\s*:",
    re.IGNORECASE,
)
# Class and id words of the galleries and sliders whose texts are a photo story's captions.
GALLERY_TOKENS = frozenset({"gallery", "galeri", "slider", "carousel", "caption"})
GALLERY_WORD = re.compile("|".join(sorted(GALLERY_TOKENS)), re.IGNORECASE)
# The credit closing a caption: "(Indonesian Navy via AP)", "(REUTERS / Danny Moloshok)".
CAPTION_TRAILING_CREDIT = re.compile(
    r"\s*\((?:[^()]*/[^()]*|[^()]*\bvia\b[^()]*|(?:foto|dok|istimewa|sumber)\b[^()]*)\)\s*$",
    re.IGNORECASE,
)
