"""The shipped supervision frameworks have the expected shape, and mistakes in the file are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.curated import CurationError
from bot.supervision.frameworks import FrameworkError, Frameworks, load_frameworks

SHIPPED = Path(__file__).parents[2] / "knowledge" / "frameworks.yaml"


@pytest.fixture(scope="module")
def shipped() -> Frameworks:
    return load_frameworks(SHIPPED)


def _step_ids(frameworks: Frameworks, framework_id: str) -> list[str]:
    return [step.id for step in frameworks.get(framework_id).steps]


def test_the_six_frameworks_and_four_functions_ship_in_order(shipped: Frameworks):
    assert [f.id for f in shipped.frameworks] == [
        "four_by_four", "signs_of_safety", "kolb", "gibbs", "anchor_principles", "team_review"]
    assert [f.id for f in shipped.functions] == ["management", "development", "support", "mediation"]
    assert shipped.function_label("support") == "Personal support"
    with pytest.raises(KeyError, match="no supervision function 'nope'"):
        shipped.function_label("nope")


def test_four_by_four_runs_experience_to_action_planning_with_learning_at_analysis(
        shipped: Frameworks):
    cycle = shipped.get("four_by_four")
    assert _step_ids(shipped, "four_by_four") == [
        "experience", "reflection", "analysis", "action_planning"]
    assert [s.id for s in cycle.steps if s.learning] == ["analysis"]
    assert cycle.stakeholders == (
        "People who use services", "Staff", "The organisation", "Partner agencies")
    assert "partial account undermines" in cycle.step(0).guidance
    assert cycle.step_index("analysis") == 2
    with pytest.raises(KeyError, match="no step 'nope'"):
        cycle.step_index("nope")


def test_signs_of_safety_asks_for_one_0_to_10_safety_scale(shipped: Frameworks):
    framework = shipped.get("signs_of_safety")
    scales = [s for s in framework.steps if s.scale]
    assert [s.id for s in scales] == ["safety_scale"]
    assert "On a scale of 0-10, how safe is the child?" in scales[0].prompts[0]
    assert _step_ids(shipped, "signs_of_safety")[0] == "worried_about"
    assert "past harm" in " ".join(framework.step(0).prompts)


def test_team_review_starts_from_a_review_and_shows_its_panels(shipped: Frameworks):
    team = shipped.get("team_review")
    assert team.audience == "team" and team.needs_review
    assert team.step(0).panels
    assert [s.id for s in team.steps if s.learning] == ["applies_to_us"]
    others = [f for f in shipped.frameworks if f.id != "team_review"]
    assert all(f.audience == "individual" and not f.needs_review for f in others)


def test_every_framework_is_complete_and_ends_in_one_action_plan(shipped: Frameworks):
    for framework in shipped.frameworks:
        assert framework.name and framework.summary, framework.id
        assert [s.actions for s in framework.steps] == [False] * (len(framework.steps) - 1) + [True]
        assert sum(s.learning for s in framework.steps) == 1, framework.id
        for step in framework.steps:
            assert 2 <= len(step.prompts) <= 5, (framework.id, step.id)
            assert step.guidance.count(".") >= 1, (framework.id, step.id)
            assert "\n" not in step.guidance and "  " not in step.guidance


def test_an_unknown_framework_is_a_readable_key_error(shipped: Frameworks):
    with pytest.raises(KeyError, match="no framework 'nope'; the known ones are four_by_four"):
        shipped.get("nope")


# A small valid file, assembled from flow-style steps, then broken one rule at a time.
ONE = "{id: one, title: One, prompts: ['What happened?'], guidance: Listen.}"
TWO = "{id: two, title: Two, prompts: ['What does it mean?'], guidance: Think.}"
PLAN = "{id: plan, title: Plan, prompts: ['Who does what by when?'], guidance: Name people., actions: true}"
FUNCTIONS = "functions:\n  - {id: support, label: Support, description: Care for the worker.}\n"


def _framework(*steps: str, **head: str) -> str:
    fields = {"id": "demo", "name": "Demo", "summary": "A demo.", "audience": "individual", **head}
    lines = [f"    {key}: {value}" for key, value in fields.items()]
    lines[0] = "  - " + lines[0].lstrip()
    lines.append("    steps:")
    lines += [f"      - {step}" for step in steps]
    return "\n".join(lines) + "\n"


def _file(*frameworks: str) -> str:
    return FUNCTIONS + "frameworks:\n" + "".join(frameworks)


def _with(step: str, extra: str) -> str:
    """A flow-style step with more keys, e.g. _with(ONE, "scale: true")."""
    return step[:-1] + f", {extra}}}"


def test_the_small_file_is_valid_and_its_text_is_normalised(tmp_path: Path):
    path = tmp_path / "frameworks.yaml"
    folded = "{id: one, title: ' One  ', prompts: ['What\n         happened?'], guidance: Listen.}"
    path.write_text(_file(_framework(folded, TWO, PLAN)), encoding="utf-8")
    demo = load_frameworks(path).get("demo")
    assert (demo.step(0).title, demo.step(0).prompts) == ("One", ("What happened?",))
    assert demo.step(2).actions and not demo.needs_review and demo.stakeholders == ()


BROKEN = [
    pytest.param(_file(_framework(ONE, TWO, PLAN, id="Demo Model")),
                 r"framework 1: id 'Demo Model' must be lower-case snake_case", id="framework-id"),
    pytest.param(_file(_framework(ONE, TWO, PLAN), _framework(ONE, TWO, PLAN)),
                 r"framework 'demo': the id is used twice", id="framework-id-twice"),
    pytest.param(_file(_framework(ONE, TWO, PLAN, name="''")),
                 r"framework 'demo' needs a name", id="no-name"),
    pytest.param(_file(_framework(ONE, TWO, PLAN, summary="' '")),
                 r"framework 'demo' needs a summary", id="no-summary"),
    pytest.param(_file(_framework(ONE, TWO, PLAN, audience="everyone")),
                 r"framework 'demo': audience must be individual or team, not 'everyone'",
                 id="audience"),
    pytest.param(_file(_framework(ONE, TWO, PLAN, review="yes")),
                 r"framework 'demo': unknown key\(s\) review", id="unknown-framework-key"),
    pytest.param(_file(_framework(ONE, TWO, PLAN, needs_review="'true'")),
                 r"framework 'demo': needs_review must be true or false", id="needs-review-text"),
    pytest.param(_file(_framework(ONE, PLAN)),
                 r"framework 'demo' needs a list of at least 3 steps, has 2", id="too-few-steps"),
    pytest.param(_file(_framework(ONE, TWO, PLAN, stakeholders="Staff")),
                 r"framework 'demo': stakeholders must be a list", id="stakeholders"),
    pytest.param(_file(_framework(ONE.replace("id: one", "id: Step One"), TWO, PLAN)),
                 r"framework 'demo', step 1: id 'Step One' must be lower-case snake_case",
                 id="step-id"),
    pytest.param(_file(_framework(ONE, ONE, PLAN)),
                 r"framework 'demo', step 'one': the id is used twice", id="step-id-twice"),
    pytest.param(_file(_framework(ONE.replace("title: One", "title: ''"), TWO, PLAN)),
                 r"framework 'demo', step 'one' needs a title", id="no-title"),
    pytest.param(_file(_framework(ONE.replace("guidance: Listen.", "guidance: ''"), TWO, PLAN)),
                 r"framework 'demo', step 'one' needs a guidance", id="no-guidance"),
    pytest.param(_file(_framework(ONE.replace("['What happened?']", "[]"), TWO, PLAN)),
                 r"framework 'demo', step 'one' needs at least one prompt", id="no-prompt"),
    pytest.param(_file(_framework(ONE.replace("['What happened?']", "['  ']"), TWO, PLAN)),
                 r"framework 'demo', step 'one': prompts has an empty", id="blank-prompt"),
    pytest.param(_file(_framework(ONE, TWO, _with(TWO.replace("two", "three"), "learning: true"))),
                 r"framework 'demo', step 'three' is the last step and must capture the action plan",
                 id="no-actions"),
    pytest.param(_file(_framework(PLAN, ONE, TWO)),
                 r"framework 'demo', step 'plan' has actions: true but is not the last", id="actions-first"),
    pytest.param(_file(_framework(ONE, _with(TWO, "actions: true"), PLAN)),
                 r"framework 'demo', step 'two' has actions: true but is not the last", id="two-actions"),
    pytest.param(_file(_framework(_with(ONE, "scale: true"), _with(TWO, "scale: true"), PLAN)),
                 r"framework 'demo', step 'two' has scale: true, but step 'one' already",
                 id="two-scales"),
    pytest.param(_file(_framework(_with(ONE, "panels: true"), TWO, PLAN)),
                 r"framework 'demo', step 'one' shows a review's panels, so the framework needs "
                 r"needs_review: true", id="panels-without-review"),
    pytest.param(_file(_framework(ONE, TWO, PLAN, needs_review="true")),
                 r"framework 'demo' has needs_review: true but no step with panels: true",
                 id="review-without-panels"),
    pytest.param(_file(_framework(_with(ONE, "lerning: true"), TWO, PLAN)),
                 r"framework 'demo', step 'one': unknown key\(s\) lerning", id="unknown-step-key"),
    pytest.param(_file(_framework(_with(ONE, "learning: 'yes'"), TWO, PLAN)),
                 r"framework 'demo', step 'one': learning must be true or false, not 'yes'",
                 id="flag-text"),
    pytest.param(_file(_framework(_with(ONE, "scale: 1"), TWO, PLAN)),
                 r"framework 'demo', step 'one': scale must be true or false, not '1'", id="flag-number"),
    pytest.param(FUNCTIONS.replace("id: support", "id: support, lable: x") + "frameworks: []\n",
                 r"function 'support': unknown key\(s\) lable", id="unknown-function-key"),
    pytest.param(FUNCTIONS + "frameworks: []\n", r"must hold a list under 'frameworks:'",
                 id="no-frameworks"),
    pytest.param(_file(_framework(ONE, TWO, PLAN)) + "framework: []\n",
                 r"unknown key\(s\) framework", id="unknown-top-level-key"),
]


@pytest.mark.parametrize("text,message", BROKEN)
def test_a_broken_framework_file_is_refused_naming_the_framework_and_step(
        tmp_path: Path, text: str, message: str):
    path = tmp_path / "frameworks.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError, match=message) as caught:
        load_frameworks(path)
    assert str(caught.value).startswith("frameworks.yaml")


def test_a_missing_or_unreadable_file_is_refused_with_its_path(tmp_path: Path):
    path = tmp_path / "frameworks.yaml"
    with pytest.raises(FrameworkError, match="frameworks.yaml is missing"):
        load_frameworks(path)
    path.write_text("frameworks: [unclosed", encoding="utf-8")
    with pytest.raises(FrameworkError, match="frameworks.yaml is not valid YAML"):
        load_frameworks(path)
    path.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(CurationError, match="must hold 'functions:' and 'frameworks:' sections"):
        load_frameworks(path)
