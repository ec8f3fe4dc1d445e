"""What a supervisor gives to open a session, and what is wrong with it, field by field."""

from __future__ import annotations

from dataclasses import dataclass

from ..privacy import storable
from .case_ref import case_ref_problem
from .frameworks import Frameworks

MAX_ID_CHARS = 64  # a Slack ID, as the records key people


@dataclass(frozen=True)
class Opening:
    framework: str
    supervisor: str
    case_ref: str
    supervisee: str = ""
    team_channel: str = ""
    functions: tuple[str, ...] = ()
    review: str = ""  # a document path from the index, for team learning
    surface: str = "slack"
    channel: str = ""


def opening_problems(frameworks: Frameworks, reviews: dict[str, str], opening: Opening) -> dict[str, str]:
    """Field name -> what is wrong, for a modal or a prompt; empty when the opening is good."""
    errors: dict[str, str] = {}
    try:
        framework = frameworks.get(opening.framework)
    except KeyError:
        return {"framework": "Choose a framework."}
    problem = case_ref_problem(opening.case_ref, team=framework.audience == "team")
    if problem:
        errors["case_ref"] = problem
    if framework.audience == "team" and not opening.team_channel:
        errors["team_channel"] = "A team session needs the team's channel."
    if framework.audience == "individual" and not (opening.supervisee or opening.team_channel):
        errors["supervisee"] = "Choose the practitioner you are supervising, or a team channel."
    if opening.supervisee and opening.supervisee == opening.supervisor:
        errors["supervisee"] = "Choose someone other than yourself."
    for name, value in (("supervisee", opening.supervisee), ("team_channel", opening.team_channel)):
        if len(value) > MAX_ID_CHARS or storable(value) != value:
            errors[name] = "That is not a Slack user or channel I can record; choose from the list."
    if framework.needs_review and opening.review not in reviews:
        errors["review"] = "Choose the review the team will learn from."
    unknown = [f for f in opening.functions if f not in {x.id for x in frameworks.functions}]
    if unknown:
        errors["functions"] = f"Unknown supervision function: {', '.join(unknown)}."
    return errors
