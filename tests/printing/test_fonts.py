"""The shipped fonts: found in a checkout or a wheel, licensed, and no silent boxes."""

from __future__ import annotations

import pytest

from printing import LabelDataError, fonts
from printing._assets import fonts_dir


def test_every_shipped_font_is_in_assets_with_its_licence_and_listed_in_the_readme():
    folder = fonts_dir()
    readme = (folder / "README.md").read_text()
    for font in fonts.BY_NAME.values():
        assert (folder / font.file).is_file()
        assert font.file in readme
    assert {p.name for p in (folder / "licenses").iterdir()} >= {"DejaVu.copyright", "DroidSansFallback.copyright",
                                                                   "Nanum.copyright", "Noto.copyright",
                                                                   "Apache-2.0.txt"}


@pytest.mark.parametrize("char,font", [
    ("é", fonts.SANS), ("Ł", fonts.SANS), ("ř", fonts.SANS), ("张", fonts.CJK), ("の", fonts.CJK),
    ("김", fonts.HANGUL), ("ส", fonts.THAI), ("م", fonts.ARABIC), ("Ж", fonts.SANS),
])
def test_each_script_goes_to_a_font_that_has_it(char, font):
    assert fonts.font_for(char) is font


def test_a_character_no_shipped_font_has_is_an_error_not_a_box():
    with pytest.raises(LabelDataError) as caught:
        fonts.check_printable("ship_to.name", "Ramses \U00013000")
    assert caught.value.field == "ship_to.name" and "U+13000" in caught.value.message


def test_marks_and_spaces_stay_in_the_run_of_their_script():
    runs = fonts.runs("สมชาย ใจดี Ann")
    assert [f for f, _ in runs] == [fonts.THAI, fonts.SANS]
    assert "".join(chunk for _, chunk in runs) == "สมชาย ใจดี Ann"


def test_a_glyph_without_ink_does_not_count_as_covered():
    # NanumSquare mapped 덦 to an empty outline and printed a blank; every Hangul syllable must have ink now
    assert fonts.font_for("덦") is fonts.HANGUL and fonts.font_for("힣") is fonts.HANGUL
    assert all(fonts.has_glyph(fonts.HANGUL, chr(c)) for c in range(0xAC00, 0xD7A4))


def test_characters_beyond_the_basic_plane_are_refused_because_the_pdf_text_would_read_back_wrong():
    with pytest.raises(LabelDataError):
        fonts.check_printable("ship_to.lines[0]", "0\U0001F030")
