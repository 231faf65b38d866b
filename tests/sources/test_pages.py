from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sources.fetching.pages import (
    Page,
    contains,
    contains_normalised,
    decode,
    looks_like_bot_wall,
    looks_like_bot_wall_raw,
    looks_not_found,
    normalise,
    pack,
    read_page,
    unpack,
)

HTML = "text/html; charset=utf-8"


def html_page(body: str, title: str = "Beispiel-Zeitung") -> bytes:
    return f"<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>".encode()


# --- normalise ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("7.000", "7000"),
        ("7 000", "7000"),
        ("7,000", "7000"),
        ("7'000", "7000"),
        ("5.000.000", "5000000"),
        ("1.234,5", "1234.5"),
        ("2,5", "2.5"),
        ("2024", "2024"),
        ("3.14", "3.14"),
        ("1,234.5", "1234.5"),
        ("7\u00a0000", "7000"),
        ("7\u202f000", "7000"),
        ("7\u2009000", "7000"),
        ("7’000", "7000"),
    ],
)
def test_it_normalises_numbers(given, expected):
    assert normalise(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Fast 7.000 CONTAINER", "fast 7000 container"),
        ("Straße", "strasse"),
        ("Ent\u00adschä\u00addigung", "entschädigung"),
        ("Zoll\u200bbehörde\u200d\ufeff", "zollbehörde"),
        ("„Wir bleiben“, sagte sie", '"wir bleiben", sagte sie'),
        ("“Not yet,” he said", '"not yet," he said'),
        ("«Nie wieder» und ‹nie›", "\"nie wieder\" und 'nie'"),
        ("‚Bald‘ und ’bald’", "'bald' und 'bald'"),
        ("2020–2024 und 3—4 und −5 und 1‒2", "2020-2024 und 3-4 und -5 und 1-2"),
        ("  viele\t\n Leerzeichen\u00a0 hier  ", "viele leerzeichen hier"),
        ("ﬁnal １２３", "final 123"),
    ],
)
def test_it_normalises_text(given, expected):
    assert normalise(given) == expected


def test_years_next_to_counts_stay_apart():
    assert normalise("im Jahr 2024 100 Menschen") == "im jahr 2024 100 menschen"


def test_three_decimals_after_a_longer_number_are_not_grouping():
    assert normalise("12345.678") == "12345.678"


def test_line_break_between_table_cells_is_not_a_group_separator():
    assert normalise("12\n345") == "12 345"


@given(st.integers(min_value=0, max_value=10**12))
def test_every_grouping_of_a_number_normalises_alike(n):
    english = f"{n:,}"
    forms = {str(n), english, english.replace(",", "."), english.replace(",", " "), english.replace(",", "\u202f")}
    assert {normalise(form) for form in forms} == {str(n)}


# --- contains -------------------------------------------------------------------------------------------------------


def test_german_thousands_match_spaced_digits():
    assert contains("Im Hafen standen fast 7 000 Container.", "fast 7.000 Container")


def test_english_grouping_matches_german_grouping():
    assert contains("The port held almost 7,000 containers.", "7.000")


def test_german_decimal_matches_english_decimal():
    assert contains("Die Kosten stiegen auf 2,5 Milliarden Euro.", "2.5 Milliarden")


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("Es waren 17.000 Container.", "7.000"),
        ("Es waren 70001 Container.", "7000"),
        ("Es kamen 15 Millionen Besucher.", "5 Millionen"),
        ("Es kamen 2,5 Millionen Besucher.", "5 Millionen"),
        ("Es waren 7.000,5 Tonnen.", "7.000"),
        ("Rund 12.000 Menschen", "2.000 Menschen"),
    ],
)
def test_numbers_do_not_match_inside_other_numbers(page, expected):
    assert not contains(page, expected)


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("Es waren 7.000.", "7000"),
        ("Zwischen 5 und 7.000 Container", "7000 Container"),
        ("(7.000)", "7.000"),
        ("Die Spanne lag bei 3-5 Prozent", "5 Prozent"),
        ("Es waren 7000 Containern", "7000 Container"),
    ],
)
def test_numbers_match_next_to_punctuation_and_words(page, expected):
    assert contains(page, expected)


def test_typographic_quote_matches_plain_quote():
    assert contains("Sie sagte: „Wir schaffen das nicht allein.“", 'sagte: "Wir schaffen das nicht allein."')


def test_soft_hyphens_on_the_page_do_not_hide_a_word():
    assert contains("Die Ent\u00adschädigung betrug 400 Euro.", "Entschädigung betrug 400 Euro")


@pytest.mark.parametrize("expected", ["", "   ", "\u00ad\u200b"])
def test_empty_expected_never_matches(expected):
    assert not contains("Irgendein Text mit 7.000 Containern.", expected)


def test_normalised_page_gives_the_same_answers():
    page = "Fast 7 000 Container, 2,5 Millionen Euro und „ein Zitat“."
    normalised = normalise(page)
    for expected in ["7.000 Container", "2.5 Millionen", '"ein Zitat"', "5 Millionen", "700"]:
        assert contains_normalised(normalised, expected) == contains(page, expected)


def test_a_megabyte_page_is_searched():
    page = "Ein langer Satz über 17.000 Container im Hafen. " * 22_000 + "Am Ende 7.000 Container."
    assert contains(page, "7.000 Container")


# --- read_page: visible text and title ------------------------------------------------------------------------------


def test_visible_text_excludes_script_style_and_comments():
    body = html_page(
        "<p>Sichtbar<script>var geheim = 1;</script> bleibt</p><style>p { color: red }</style>"
        "<!-- Kommentar --><noscript>Ohne JS</noscript><template><p>Vorlage</p></template>"
        "<svg><text>Grafik</text></svg><p>dies</p>"
    )
    assert read_page(body, HTML).text == "Sichtbar bleibt\ndies"


def test_head_content_other_than_the_title_is_not_text():
    body = b"<html><head><title>Titel</title><style>x{}</style><meta name=a content=b></head><body>Text</body></html>"
    assert read_page(body, HTML) == Page("Titel", "Text")


def test_table_cells_are_separated():
    page = read_page(
        html_page("<table><tr><th>Jahr</th><th>Zahl</th></tr><tr><td>12</td><td>345</td></tr></table>"), HTML
    )
    assert page.text == "Jahr\nZahl\n12\n345"
    assert contains(page.text, "345")
    assert not contains(page.text, "12345")


def test_blocks_are_separated_and_inline_elements_are_not():
    page = read_page(
        html_page("<h1>Titel</h1><div>Erster<br>Zweiter</div><ul><li>a</li><li>b</li></ul><p><b>Ber</b>lin</p>"), HTML
    )
    assert page.text == "Titel\nErster\nZweiter\na\nb\nBerlin"


def test_whitespace_within_a_block_collapses_to_single_spaces():
    page = read_page(html_page("<p>  viele \n\n  Leer&nbsp;zeichen\t hier </p>"), HTML)
    assert page.text == "viele Leer zeichen hier"


def test_text_after_a_dropped_element_is_kept():
    page = read_page(html_page("<p>vorher<script>x()</script>nachher<!-- c --> ende</p>"), HTML)
    assert page.text == "vorhernachher ende"


def test_title_is_collapsed():
    page = read_page(html_page("<p>x</p>", title="\n  Hafen:   7.000\tContainer  \n"), HTML)
    assert page.title == "Hafen: 7.000 Container"


def test_an_svg_title_is_not_the_page_title():
    page = read_page(b"<html><body><svg><title>Symbol</title></svg><p>x</p></body></html>", HTML)
    assert page.title == ""


@pytest.mark.parametrize(
    "body",
    [
        "<p>Text<script>alert(1)</script> weiter</p>",
        "<p>Text<SCRIPT>alert(1)</SCRIPT > weiter</p>",
        "<table><tr><td><script>alert(1)</script></td></tr></table>",
        "<p>Text</p><script>alert(1)",
        "<p>Text<script type='text/javascript'>/*<![CDATA[*/alert(1)/*]]>*/</script></p>",
    ],
)
def test_script_never_appears_in_text(body):
    page = read_page(html_page(body), HTML)
    assert "alert" not in page.text


def test_xhtml_with_an_xml_declaration_is_read():
    body = b'<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Gr\xc3\xbc\xc3\x9fe</p></body></html>'
    assert read_page(body, "application/xhtml+xml").text == "Grüße"


def test_html_without_content_type_is_sniffed():
    assert read_page(b"  <!DOCTYPE html><p>Hallo</p>", None).text == "Hallo"


def test_plain_text_is_returned_as_decoded():
    assert read_page("Zeile eins\nZeile zwei: 7.000 Euro".encode("latin-1"), "text/plain; charset=iso-8859-1") == Page(
        "", "Zeile eins\nZeile zwei: 7.000 Euro"
    )


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
        (b'{"title": "<p>kein HTML</p>"}', "application/json"),
        (b"%PDF-1.7\n1 0 obj", None),
        (b"Nur Text ohne Typ", None),
    ],
)
def test_other_media_types_are_not_read(body, content_type):
    assert read_page(body, content_type) == Page("", "")


# --- read_page: hostile input ---------------------------------------------------------------------------------------

HOSTILE = {
    "empty": b"",
    "whitespace": b"   \n\t ",
    "binary garbage": bytes(range(256)) * 200,
    "deep nesting": b"<p>oben</p>" + b"<div>" * 10_000 + b"tief" + b"</div>" * 10_000,
    "five megabytes": b"<html><body>" + b"<p>Ein Satz mit 7.000 Containern.</p>" * 150_000 + b"</body></html>",
    "unterminated tags": b"<html><body><p>offen<div class='x <a href=\"",
    "nul bytes": b"<html><body><p>vor\x00her</p>\x00\x00<p>nach</p></body></html>",
    "only a doctype": b"<!DOCTYPE html>",
    "control characters": b"<p>a\x01b\x0bc\x0cd\x1fe</p>",
    "mismatched charset": b"<meta charset='utf-16'><p>\xff\xfe\xfd</p>",
}


@pytest.mark.parametrize("content_type", [HTML, None, "text/plain", "text/html; charset=nonsense"])
@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_bodies_never_raise(body, content_type):
    page = read_page(body, content_type)
    assert isinstance(page.title, str)
    assert isinstance(page.text, str)


def test_deep_nesting_keeps_the_text_before_it():
    assert read_page(HOSTILE["deep nesting"], HTML).text.startswith("oben")


def test_a_five_megabyte_page_is_read_whole():
    page = read_page(HOSTILE["five megabytes"], HTML)
    assert page.text.count("7.000 Containern") == 150_000


def test_nul_bytes_do_not_lose_the_page():
    page = read_page(HOSTILE["nul bytes"], HTML)
    assert page.text.startswith("vor")
    assert page.text.endswith("nach")


def test_empty_html_is_an_empty_page():
    assert read_page(b"", HTML) == Page("", "")


# --- decode ---------------------------------------------------------------------------------------------------------


def test_latin1_page_with_header_charset():
    body = "<p>Grüße aus Köln</p>".encode("latin-1")
    assert decode(body, "text/html; charset=ISO-8859-1") == "<p>Grüße aus Köln</p>"


def test_header_charset_may_be_quoted():
    assert decode("Grüße".encode("latin-1"), 'text/html; charset="latin1"') == "Grüße"


def test_meta_charset_windows_1252_gives_curly_quotes():
    body = b'<html><head><meta charset="windows-1252"></head><body>\x84Zitat\x93 \x96 Gr\xfc\xdfe</body></html>'
    assert "„Zitat“ – Grüße" in decode(body, "text/html")


def test_meta_http_equiv_content_type_is_read():
    body = b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15"><p>\xa4 5</p>'
    assert "€ 5" in decode(body, None)


def test_meta_charset_after_two_kilobytes_is_not_read():
    body = b"<!--" + b"x" * 2100 + b'--><meta charset="koi8-r"><p>\xc3\xa4</p>'
    assert decode(body, None).endswith("<p>ä</p>")


def test_header_charset_beats_meta_charset():
    body = '<meta charset="windows-1252"><p>Grüße</p>'.encode()
    assert decode(body, "text/html; charset=utf-8").endswith("Grüße</p>")


def test_utf8_bom_is_read_and_dropped():
    assert decode(b"\xef\xbb\xbf<p>Gr\xc3\xbc\xc3\x9fe</p>", None) == "<p>Grüße</p>"


def test_bom_beats_a_wrong_header_charset():
    assert decode(b"\xef\xbb\xbfGr\xc3\xbc\xc3\x9fe", "text/html; charset=iso-8859-1") == "Grüße"


def test_utf16_bom_is_read():
    assert decode("\ufeffGrüße".encode("utf-16-le"), None) == "Grüße"


def test_bad_bytes_do_not_raise():
    assert decode(b"Gr\xc3\xbc\xff\xfe e", "text/html; charset=utf-8") == "Grü\ufffd\ufffd e"


def test_half_a_surrogate_pair_from_utf7_becomes_a_replacement_character():
    assert decode(b"a +2D0- b +3gA- c +2D3cAA-", "text/plain; charset=utf-7") == "a \ufffd b \ufffd c \U0001f400"


CHARSETS = ["utf-7", "utf-16", "utf-16-be", "utf-32", "utf-8", "cp1252", "shift_jis", "iso-2022-jp", "nonsense"]


@given(st.binary(max_size=300), st.sampled_from(CHARSETS), st.sampled_from(["text/plain", "text/html"]))
@example(b"fast 7.000 +2D0-", "utf-7", "text/plain")
def test_any_bytes_give_text_that_can_be_snapshotted(body, charset, media):
    page = read_page(body, f"{media}; charset={charset}")
    assert unpack(pack(page.title + page.text)) == page.title + page.text


def test_a_snapshot_takes_any_string():
    assert unpack(pack("a\ud83d b")) == "a? b"


@pytest.mark.parametrize("charset", ["x-no-such-charset", "base64", "rot13", "unicode_escape", "undefined"])
def test_unknown_charset_name_falls_back_to_utf8(charset):
    assert decode("Grüße \\n".encode(), f"text/html; charset={charset}") == "Grüße \\n"


def test_unknown_charset_name_falls_back_to_windows_1252():
    assert decode(b"Gr\xfc\xdfe", "text/html; charset=x-no-such-charset") == "Grüße"


def test_without_any_charset_utf8_is_tried_first():
    assert decode("Grüße".encode(), None) == "Grüße"


def test_without_any_charset_non_utf8_is_windows_1252():
    assert decode(b"\x84Gr\xfc\xdfe\x93", None) == "„Grüße“"


def test_a_body_cut_inside_a_character_stays_utf8():
    assert decode("Grüße ü".encode()[:-1], None) == "Grüße \ufffd"


# --- soft 404 -------------------------------------------------------------------------------------------------------

LONG_ARTICLE = " ".join(
    ["Der Stadtrat hat am Dienstag über den Haushalt beraten und viele Fragen offen gelassen."] * 40
)


@pytest.mark.parametrize(
    "page",
    [
        Page("Seite nicht gefunden | Beispiel-Zeitung", LONG_ARTICLE),
        Page("404 Not Found", "Not Found The requested URL was not found on this server."),
        Page("Fehler 404 - Beispiel-Zeitung", ""),
        Page("404 – Beispiel-Zeitung", "Startseite Politik Wirtschaft"),
        Page("Error 404", ""),
        Page("Page not found – Example Times", LONG_ARTICLE),
        Page("Not Found", ""),
        Page("Beispiel-Zeitung", "Startseite Politik Die angeforderte Seite existiert nicht. Zur Startseite"),
        Page("Beispiel-Zeitung", "Dieser Artikel ist nicht mehr verfügbar."),
        Page("Example Times", "Sorry, this article is no longer available."),
        Page("Example Times", "Oops! That page can’t be found. Try searching instead."),
        Page("Beispiel-Zeitung", "Leider konnten wir die Seite nicht finden, die Sie suchen."),
        Page("Example Times", "We couldn't find the page you were looking for."),
        Page("", "404 Seite nicht gefunden"),
    ],
)
def test_soft_404_pages_are_recognised(page):
    assert looks_not_found(page)


@pytest.mark.parametrize(
    "page",
    [
        Page("Haushalt beschlossen", LONG_ARTICLE + " Die Fehlermeldung 404 kennt jeder, Seite nicht gefunden."),
        Page("Gefechte im Osten", "Bei den Kämpfen wurden 404 Soldaten verletzt, teilte das Ministerium mit."),
        Page("404 Soldaten bei Gefechten verletzt", LONG_ARTICLE),
        Page("Vermisster Bergsteiger weiter nicht gefunden", LONG_ARTICLE),
        Page("Medikament nicht mehr verfügbar", LONG_ARTICLE),
        Page("Bilanz", "Die Polizei zählte 404, im Vorjahr waren es 380 Einsätze."),
        Page("Bilanz", "Im Jahr 404 v. Chr. endete der Krieg."),
        Page("", ""),
    ],
)
def test_articles_mentioning_404_or_missing_things_are_not_soft_404(page):
    assert not looks_not_found(page)


# --- bot walls ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        Page("Just a moment...", "Enable JavaScript and cookies to continue"),
        Page("", "Checking your browser before accessing beispiel-zeitung.example."),
        Page("Attention Required! | Cloudflare", "Sorry, you have been blocked"),
        Page("Access Denied", "You don't have permission to access this resource."),
        Page("Beispiel-Zeitung", "Bitte bestätigen Sie, dass Sie kein Roboter sind."),
        Page("", "Unsere Systeme haben ungewöhnlichen Datenverkehr aus Ihrem Netzwerk festgestellt."),
        Page("Sicherheitsprüfung", "Bitte lösen Sie das CAPTCHA, um fortzufahren."),
        Page("Example Times", "Are you a robot? Please verify you are human."),
        Page("Nur einen Moment …", ""),
    ],
)
def test_bot_walls_are_recognised(page):
    assert looks_like_bot_wall(page)


@pytest.mark.parametrize(
    "page",
    [
        Page("Haushalt beschlossen", LONG_ARTICLE),
        Page(
            "Warum Captchas immer schwerer werden", "Captchas sollen Menschen von Programmen trennen. " + LONG_ARTICLE
        ),
        Page("Access denied: Grenze bleibt zu", LONG_ARTICLE),
        Page("Kurzmeldung", "Der Hafen meldet fast 7.000 Container in dieser Woche."),
        Page("", ""),
    ],
)
def test_ordinary_pages_are_not_bot_walls(page):
    assert not looks_like_bot_wall(page)


@pytest.mark.parametrize(
    "body",
    [
        b'<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1?ray=1"></script>',
        b"<script>window._cf_chl_opt = {cType: 'managed'};</script>",
        b'<form id="CF-CHL-widget"></form>',
        b'<a href="/?__cf_chl_tk=abc">weiter</a>',
        b'<div class="g-reCAPTCHA"></div>',
    ],
)
def test_raw_challenge_markers_are_recognised(body):
    assert looks_like_bot_wall_raw(b"<html><body>" + body + b"</body></html>")


@pytest.mark.parametrize(
    "body",
    [
        html_page("<p>Fast 7.000 Container im Hafen.</p>"),
        html_page('<script src="/cdn-cgi/challenge-platform/scripts/jsd/main.js"></script><p>Artikel</p>'),
        b"<html><body>" + b"<p>Artikel</p>" * 6000 + b'<div class="captcha"></div></body></html>',
        b"",
    ],
)
def test_ordinary_raw_pages_are_not_bot_walls(body):
    assert not looks_like_bot_wall_raw(body)


def test_a_document_number_ending_in_404_is_not_a_soft_404():
    assert not looks_not_found(Page("Drucksache 20/404", "Antwort der Bundesregierung auf eine Anfrage."))
