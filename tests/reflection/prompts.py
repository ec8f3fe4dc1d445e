"""Practitioner prompts, typed the way people type in Slack, and the review each should find."""

from tests.conftest import SEEDS

PROMPTS = [
    # Child LI (Oldham): risk from father only, mother's parenting missed, invisible child.
    ("dad's locked up for dv so everyone's relaxed but mum isnt meeting the toddlers needs "
     "at all, nobody is looking at her parenting", SEEDS["LI"]),
    ("20 month old on a CIN plan came to nursery covered in bruises, mum has no explanation "
     "for any of them", SEEDS["LI"]),
    ("mum was a looked after child herself, CSE risk, went missing a lot. now pregnant again "
     "and we kept the cin plan open as a precaution", SEEDS["LI"]),
    # Child X1/X2 (Rochdale): closure rationale, community referrals, new partner, escalation.
    ("closing a case after step down from CP to CIN - what should i be evidencing in my closure "
     "rationale??", SEEDS["X1X2"]),
    ("neighbour keeps ringing in about the kids, we NFA'd it twice. how seriously shld we "
     "take referrals from family and neighbours", SEEDS["X1X2"]),
    ("mum has a new fella with a criminal record and they're lying to us about whether "
     "they're together, professionals keep listening to the adults not the kids",
     SEEDS["X1X2"]),
    # Child H: strategy meetings, resistant parents, GPs in CIN, language barrier.
    ("parents keep refusing support after 3 assessments said no safeguarding concerns, "
     "family came from abroad, any learning on resistant families?", SEEDS["H"]),
    ("GP never involved in the CIN plan, never comes to meetings. do reviews say anything "
     "abt GPs and CIN", SEEDS["H"]),
    ("strategy meetings on my team are a mess, no consistent recording format at all",
     SEEDS["H"]),
    # Child B1 (Leicester): failure to thrive and attachment, legal advice, escalation.
    ("HV here - toddler losing weight for months, we've been doing attachment work with mum "
     "but nothing changes. when does FTT become neglect?", SEEDS["B1"]),
    ("legal said threshold for proceedings not met even tho the paediatrician says the "
     "weight loss is down to the care. who decides??", SEEDS["B1"]),
    ("mum and dad separated after the DV so SW says risk is reduced, is separation a "
     "protective factor?", SEEDS["B1"]),
    ("health disagree with CSC about removing the child, named dr escalated but nothing "
     "happened. what should the designated dr have done", SEEDS["B1"]),
    # Alice (Bradford): pre-birth, rule of optimism, mental health absent, invisible males.
    ("young care leaver mum, MH and learning difficulties, baby due soon. pre birth "
     "assessment and conference - who needs to be there?", SEEDS["ALICE"]),
    ("mum engaging really well now and everyone's so optimistic she can keep baby, but the "
     "risks havent changed. am i being stuck in one view?", SEEDS["ALICE"]),
    ("adult mental health services never came to the conference and we didnt have their info",
     SEEDS["ALICE"]),
]

NO_MATCH = [
    "how do i book annual leave on the HR system",
    "whats the wifi password in the civic centre",
    "can someone recommend a good curry place near the office for friday",
]
# Safeguarding situations the five seed reviews do not speak to: never shown as close learning.
UNCOVERED = [
    "baby found unresponsive after co-sleeping with parents who'd been drinking, what is the "
    "learning on safe sleep",
    "child with autism and complex medical needs, parents struggling with respite, any learning "
    "on disabled children",
    "teacher worried a pupil has been radicalised online",
]
