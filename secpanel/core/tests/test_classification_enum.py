from secpanel.core.classification import Classification


def test_levels_are_ordered_white_green_amber_red():
    assert sorted(Classification, key=int) == [
        Classification.WHITE,
        Classification.GREEN,
        Classification.AMBER,
        Classification.RED,
    ]


def test_white_reads_as_the_panel_word_and_tlp_clear():
    assert Classification.WHITE.label == "White"
    assert Classification.WHITE.tlp == "TLP:CLEAR"
    assert Classification.WHITE.marking == "This document has a Classification of White"


def test_high_water_mark_is_the_highest_part_and_white_when_empty():
    assert Classification.high_water([1, 3, 2]) == Classification.AMBER
    assert Classification.high_water([]) == Classification.WHITE
    assert Classification.high_water([None, Classification.RED]) == Classification.RED
