"""Property tests: no input makes the loader or the validator raise."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.model.diagnostics import Diagnostic
from generator.model.validate import review_case, validate_text
from tests.helpers import REPO

Case = review_case(REPO)
"""The case model this review declares (model.yaml)."""

yaml_like = st.text(
    alphabet=st.sampled_from(list("abc:-[]{}&*!|>'\"#%@`, \n\t0123456789.yesno~?")), max_size=300
)


def check(case, diags):
    assert (case is None) != (diags == [])
    assert case is None or isinstance(case, Case)
    for d in diags:
        assert isinstance(d, Diagnostic) and d.line >= 1 and d.column >= 1 and d.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_gives_cases_or_diagnostics(text):
    check(*validate_text("x.yaml", case=Case, data=text.encode("utf-8", "surrogatepass")))


@settings(max_examples=300, deadline=None)
@given(yaml_like)
def test_yaml_shaped_text_gives_cases_or_diagnostics(text):
    check(*validate_text("x.yaml", case=Case, data=text.encode()))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_cases_or_diagnostics(data):
    check(*validate_text("x.yaml", case=Case, data=data))


field_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.lists(st.text(max_size=5), max_size=3),
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([*Case.model_fields, "extra"]),
        field_values,
    )
)
def test_any_mapping_gives_cases_or_diagnostics(mapping):
    import yaml

    check(*validate_text("x.yaml", case=Case, data=yaml.safe_dump(mapping).encode()))
