import pytest

from generator.model.spine import LEVELS, LevelError, parse_levels, region_of


@pytest.mark.parametrize(
    ("text", "start", "end", "regions", "n"),
    [
        ("C4-C6", "C4", "C6", ("cervical",), 3),
        ("L5-S1", "L5", "S1", ("lumbar", "sacral"), 2),
        ("T11-T12", "T11", "T12", ("thoracic",), 2),
        ("L4", "L4", "L4", ("lumbar",), 1),
        ("C6-T2", "C6", "T2", ("cervical", "thoracic"), 4),
        ("C1-S1", "C1", "S1", ("cervical", "thoracic", "lumbar", "sacral"), 25),
    ],
)
def test_parse_valid(text, start, end, regions, n):
    rng = parse_levels(text)
    assert (rng.start, rng.end, rng.regions, len(rng.levels)) == (start, end, regions, n)
    assert str(rng) == text
    assert rng.region == regions[0]  # the source counts a junctional lesion cranially


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("C9", "cervical spine has C1 to C7"),
        ("T13", "thoracic spine has T1 to T12"),
        ("L6", "lumbar spine has L1 to L5"),
        ("C0", "not a vertebral level"),
        ("C05", "not a vertebral level"),
        ("C6-C4", "caudal to cranial: write the cranial level first, 'C4-C6'"),
        ("S1-L5", "'L5-S1'"),
        ("C4-C4", "write 'C4'"),
        ("C3-6", "write both ends in full, e.g. 'C3-C6'"),
        ("C4\u2013C6", "plain hyphen"),
        ("c4-c6", "letters C, T, L, S"),
        ("", "expected a level"),
        ("neck", "expected a level"),
    ],
)
def test_parse_invalid(text, words):
    with pytest.raises(LevelError) as info:
        parse_levels(text)
    assert words in str(info.value)


def test_levels_order_and_regions():
    assert (
        LEVELS[:2] == ("C1", "C2") and LEVELS[6:8] == ("C7", "T1") and LEVELS[-6:-4] == ("L5", "S1")
    )
    assert len(LEVELS) == 7 + 12 + 5 + 5
    assert [region_of(x) for x in ("C7", "T1", "L5", "S1")] == [
        "cervical",
        "thoracic",
        "lumbar",
        "sacral",
    ]
