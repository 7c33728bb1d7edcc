"""The GitHub files (.github/): the PR workflow, the PR template and the issue forms.

They are not run by any local command, so these tests check that they parse, that the workflow
calls only make targets, generator subcommands and tools that exist, and that the issue forms
follow the vocabulary.
"""

from __future__ import annotations

import importlib.metadata
import re
import shlex
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import parser

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
WORKFLOW = GITHUB / "workflows" / "pr.yml"
FORMS = GITHUB / "ISSUE_TEMPLATE"
NEW_CASE = FORMS / "new-case.yml"
CORRECTION = FORMS / "correction.yml"
PR_TEMPLATE = GITHUB / "pull_request_template.md"
MODEL = ROOT / "model.yaml"  # the vocabularies the issue forms offer

FORM_TYPES = {"input", "textarea", "dropdown", "checkboxes"}
SHELL_KEYWORDS = {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!"}
PYTHONS = {"python", "python3", f"python3.{sys.version_info.minor}"}


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _yaml_files() -> list[Path]:
    return sorted(p for p in GITHUB.rglob("*") if p.suffix in (".yml", ".yaml"))


def _workflow() -> dict:
    return _load(WORKFLOW)


def _triggers(workflow: dict) -> dict:
    # YAML 1.1 (PyYAML) reads the bare key `on` as the boolean True.
    triggers = workflow.get("on", workflow.get(True))
    assert triggers is not None, "the workflow has no `on:` triggers"
    return triggers if isinstance(triggers, dict) else {t: None for t in triggers}


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def _commands(script: str) -> list[list[str]]:
    """The simple commands of a `run:` script, as word lists (good enough for our workflows)."""
    script = script.replace("\\\n", " ")
    commands = []
    for line in script.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        for segment in re.split(r"&&|\|\||;|\|", line):
            words = shlex.split(segment, comments=True)
            while words and (words[0] in SHELL_KEYWORDS or re.match(r"^\w+=", words[0])):
                words = words[1:]
            if words and words[0] == "sudo":
                words = words[1:]
            if words:
                commands.append(words)
    return commands


def _all_commands() -> list[list[str]]:
    return [cmd for step in _steps(_workflow()) if "run" in step for cmd in _commands(step["run"])]


def _make_targets() -> set[str]:
    targets = set()
    for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-][A-Za-z0-9_.\- ]*?)\s*:(?![=:])", line)
        if match:
            targets.update(t for t in match.group(1).split() if not t.startswith("."))
    return targets


def _generator_args(words: list[str]) -> list[str] | None:
    """The arguments after `python -m generator`, or None if `words` is another command."""
    exe = Path(words[0])
    is_python = exe.name in PYTHONS and (exe.parent == Path(".") or str(exe.parent) == ".venv/bin")
    if is_python and words[1:3] == ["-m", "generator"]:
        return words[3:]
    return None


def _installed_tools() -> set[str]:
    scripts = {ep.name for ep in importlib.metadata.entry_points(group="console_scripts")}
    venv_bin = Path(sys.executable).parent
    present = {p.name for p in venv_bin.iterdir()} if venv_bin.is_dir() else set()
    return scripts | PYTHONS | present


def _vocabulary_codes(kind: str) -> list[str]:
    return [term["code"] for term in _load(MODEL)["vocabularies"][kind]["terms"]]


def _element(form: dict, element_id: str) -> dict:
    found = [e for e in form["body"] if e.get("id") == element_id]
    assert len(found) == 1, f"expected one element with id {element_id!r}, found {len(found)}"
    return found[0]


def _option_codes(element: dict) -> list[str]:
    return [str(option).split(" – ")[0].strip() for option in element["attributes"]["options"]]


# (a) everything parses; the workflow runs on pull requests


def test_github_files_exist():
    for path in (WORKFLOW, NEW_CASE, CORRECTION, FORMS / "config.yml", PR_TEMPLATE):
        assert path.is_file(), f"missing {path.relative_to(ROOT)}"


@pytest.mark.parametrize("path", _yaml_files(), ids=lambda p: str(p.relative_to(GITHUB)))
def test_yaml_parses(path):
    data = _load(path)
    assert isinstance(data, dict) and data, f"{path.relative_to(ROOT)} is not a YAML mapping"


def test_workflow_runs_on_pull_requests_and_pushes_to_main():
    triggers = _triggers(_workflow())
    assert "pull_request" in triggers
    assert "main" in triggers["push"]["branches"]


def test_workflow_steps():
    workflow = _workflow()
    (job,) = workflow["jobs"].values()
    assert job["runs-on"] == "ubuntu-latest"
    steps = _steps(workflow)
    uses = [step["uses"] for step in steps if "uses" in step]
    assert {"actions/checkout@v4", "actions/setup-python@v5", "actions/upload-artifact@v4"} <= set(
        uses
    )
    (setup,) = [s for s in steps if s.get("uses", "").startswith("actions/setup-python@")]
    assert str(setup["with"]["python-version"]) == "3.11"

    tests = [s for s in steps if "make test" in s.get("run", "")]
    assert tests and tests[0].get("env", {}).get("CI") == "true"

    validate = [s for s in steps if "generator validate --format github" in s.get("run", "")]
    assert validate and validate[0].get("if") == "always()"

    assert any("generator site --out site" in s.get("run", "") for s in steps)

    (upload,) = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["with"]["name"] == "site-preview"
    assert upload["with"]["path"].rstrip("/") == "site"
    assert upload["with"]["retention-days"] == 14

    chromium = " ".join(s.get("run", "") for s in steps)
    assert "/usr/bin/chromium" in chromium
    assert "playwright install --with-deps chromium" in chromium


# (b) every command of the workflow exists in the repository


def test_shell_parsing_helper():
    assert _commands("CI=true sudo make test && .venv/bin/python -m generator site # x") == [
        ["make", "test"],
        [".venv/bin/python", "-m", "generator", "site"],
    ]
    assert _generator_args([".venv/bin/python", "-m", "generator", "validate"]) == ["validate"]
    assert _generator_args(["make", "test"]) is None


def test_workflow_uses_the_expected_commands():
    commands = _all_commands()
    assert ["make", "test"] in commands
    assert [".venv/bin/python", "-m", "generator", "validate", "--format", "github"] in commands
    assert [".venv/bin/python", "-m", "generator", "site", "--out", "site"] in commands


def test_makefile_target_parser_finds_known_targets():
    targets = _make_targets()
    assert {"install", "site", "test", "validate"} <= targets
    assert "PHONY" not in targets and "NO_MKDOCS_2_WARNING" not in targets


def test_make_targets_in_workflow_exist():
    targets = _make_targets()
    called = [
        word
        for cmd in _all_commands()
        if Path(cmd[0]).name == "make"
        for word in cmd[1:]
        if not word.startswith("-") and "=" not in word
    ]
    assert called, "the workflow calls no make target"
    missing = sorted(set(called) - targets)
    assert not missing, f"make targets not in the Makefile: {missing}"


def test_generator_subcommands_in_workflow_exist():
    p = parser()
    (subparsers,) = [a for a in p._actions if a.choices and a.dest == "command"]
    calls = [args for cmd in _all_commands() if (args := _generator_args(cmd)) is not None]
    assert calls, "the workflow never runs python -m generator"
    for args in calls:
        subcommand = next(a for a in args if not a.startswith("-"))
        assert subcommand in subparsers.choices, (
            f"unknown subcommand {subcommand!r}; have {sorted(subparsers.choices)}"
        )
        try:
            p.parse_args(args)
        except SystemExit as exc:
            pytest.fail(f"python -m generator {' '.join(args)}: bad arguments (exit {exc.code})")


def test_venv_tools_in_workflow_exist():
    tools = _installed_tools()
    used = {
        Path(word).name for cmd in _all_commands() for word in cmd if word.startswith(".venv/bin/")
    }
    assert used, "the workflow uses no .venv/bin tool"
    missing = sorted(used - tools)
    assert not missing, f".venv/bin tools that are not installed: {missing}"


# (c) the new-case form follows the vocabulary and the schema


@pytest.mark.parametrize("kind", ["causes", "treatments"])
def test_new_case_options_are_the_vocabulary(kind):
    element = _element(_load(NEW_CASE), kind)
    assert element["type"] == "dropdown"
    assert element["attributes"].get("multiple") is True
    assert _option_codes(element) == _vocabulary_codes(kind)


def test_new_case_sex_options():
    element = _element(_load(NEW_CASE), "sex")
    assert element["type"] == "dropdown"
    assert {"M", "F"} <= {str(o) for o in element["attributes"]["options"]}


def test_new_case_asks_for_the_schema_fields():
    ids = {e["id"] for e in _load(NEW_CASE)["body"]}
    wanted = {
        "first_author",
        "authors",
        "year",
        "title",
        "journal",
        "doi",
        "pmid",
        "sex",
        "age_years",
        "levels",
        "causes",
        "cause_as_reported",
        "treatments",
        "treatment_as_reported",
        "outcome",
        "follow_up_months",
        "notes",
        "provenance",
        "found_by",
    }
    assert not wanted - ids, f"missing fields: {sorted(wanted - ids)}"
    confirm = [e for e in _load(NEW_CASE)["body"] if e["type"] == "checkboxes"]
    assert confirm and all(o.get("required") for e in confirm for o in e["attributes"]["options"])


def test_correction_asks_for_the_source_and_reason():
    ids = {e["id"] for e in _load(CORRECTION)["body"]}
    assert {"case_id", "field", "current_value", "proposed_value", "source", "reason"} <= ids


# (d) issue forms are well formed


@pytest.mark.parametrize("path", [NEW_CASE, CORRECTION], ids=lambda p: p.name)
def test_issue_form_elements(path):
    form = _load(path)
    for key in ("name", "description", "title", "labels", "body"):
        assert form.get(key), f"{path.name}: no {key}"
    ids = []
    for i, element in enumerate(form["body"]):
        assert element.get("type") in FORM_TYPES, (
            f"{path.name} body[{i}]: type {element.get('type')!r}"
        )
        element_id = element.get("id")
        assert element_id and re.fullmatch(r"[A-Za-z0-9_-]+", element_id), (
            f"{path.name} body[{i}]: bad id"
        )
        ids.append(element_id)
        label = element.get("attributes", {}).get("label")
        assert isinstance(label, str) and label.strip(), f"{path.name} {element_id}: no label"
        if element["type"] in ("dropdown", "checkboxes"):
            assert element["attributes"].get("options"), f"{path.name} {element_id}: no options"
        validations = element.get("validations", {})
        assert set(validations) <= {"required"}
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"{path.name}: duplicate ids {duplicates}"
    assert any(e.get("validations", {}).get("required") for e in form["body"])


def test_blank_issues_config():
    assert _load(FORMS / "config.yml")["blank_issues_enabled"] is True


# (e) the pull-request template


def test_pr_template_mentions_validator_and_discrepancies():
    text = PR_TEMPLATE.read_text(encoding="utf-8")
    assert "python -m generator validate" in text
    assert "discrepancies" in text
    assert text.count("- [ ]") >= 5


def test_new_case_form_is_written_from_the_model():
    """The committed form is what `living-review issue-forms` writes from review.yaml and
    model.yaml; another review's form offers its own fields and codes."""
    from generator.model import load_domain
    from generator.model.review import load_review
    from generator.pages.issue_forms import new_case_form

    domain, _ = load_domain(ROOT)
    review, _ = load_review(ROOT)
    assert NEW_CASE.read_text(encoding="utf-8") == new_case_form(review, domain.model), (
        "new-case.yml is stale: run `python -m generator issue-forms`"
    )
    other = ROOT / "tests" / "fixtures" / "reviews" / "neuraxis"
    domain, _ = load_domain(other)
    review, _ = load_review(other)
    form = yaml.safe_load(new_case_form(review, domain.model))
    ids = [e["id"] for e in form["body"]]
    assert {"sites", "presentation", "imaging", "lesion_size_mm", "recurrence"} <= set(ids)
    assert "levels" not in ids and "causes" not in ids
    assert "frontal-lobe – Frontal lobe" in _element(form, "sites")["attributes"]["options"]


# (d) the literature watch: monthly and on demand, least privilege, one optional secret

WATCH = GITHUB / "workflows" / "literature-watch.yml"


def test_literature_watch_workflow():
    workflow = _load(WATCH)
    triggers = _triggers(workflow)
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    (cron,) = [entry["cron"] for entry in triggers["schedule"]]
    minute, hour, day, month, weekday = cron.split()
    assert day.isdigit() and (month, weekday) == ("*", "*")  # once a month
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    steps = job["steps"]
    (checkout,) = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["persist-credentials"] is False
    text = WATCH.read_text(encoding="utf-8")
    assert re.findall(r"secrets\.([A-Z_]+)", text) == ["NCBI_API_KEY"]
    commands = [c for s in steps if "run" in s for c in _commands(s["run"])]
    p = parser()
    calls = [
        [w for w in args if w != ">"][:2] if args[:2] == ["search", "next"] else args
        for cmd in commands
        if (args := _generator_args(cmd)) is not None
    ]
    assert ["search", "next"] in calls and ["search", "run", "$next"] in calls
    for args in calls:
        p.parse_args(args)
    targets = _make_targets()
    assert all(w in targets for c in commands if c[0] == "make" for w in c[1:])
    assert any(c[:3] == ["gh", "pr", "create"] for c in commands)
