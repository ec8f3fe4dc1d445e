"""A labelled set of synthetic identifiers in realistic practitioner messages (fixed seed).

Each case holds the message, the identifiers that must not survive redaction (by kind), and
decoys: words that look like identifiers but are not (a review's name, a paragraph number, a
meeting date), which should survive. Nothing here is a real person. (A case reference is an
identifier under the labelling policy of ../shared/eval/privacy, so none is a decoy here.)
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

FIRST = ["Amelia", "Jayden", "Tyler", "Leo", "Ruby", "Kacey", "Oliver", "Maisie", "Harley", "Skye"]
LAST = ["Smith", "Jones", "Brown", "Khan", "Nowak", "Taylor", "Begum", "Wright", "Evans", "Okafor"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
DECOYS = ["Child LI", "Child H review", "para 16.7", "s47", "ICPC", "the 0-10 scale", "MASH",
          "Working Together 2023", "10 weeks old", "the 4x4x4 model", "year 7", "3 home visits"]


@dataclass
class Case:
    text: str
    identifiers: dict[str, list[str]] = field(default_factory=dict)  # kind -> strings
    decoys: list[str] = field(default_factory=list)


def nhs_number(rng: random.Random, valid: bool = True) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1))) % 11
        check = 0 if check == 11 else check
        if check != 10:
            break
    last = check if valid else (check + rng.randint(1, 9)) % 10
    number = "".join(map(str, digits)) + str(last)
    style = rng.choice(["{} {} {}", "{}{}{}", "{}-{}-{}"])
    return style.format(number[:3], number[3:6], number[6:])


def date_of_birth(rng: random.Random) -> str:
    d, m, y = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2006, 2025)
    return rng.choice([f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y % 100:02d}", f"{d}.{m}.{y}",
                       f"{y}-{m:02d}-{d:02d}", f"{d} {MONTHS[m - 1]} {y}",
                       f"{d}th {MONTHS[m - 1][:3]} {y}", f"{MONTHS[m - 1]} {d}, {y}"])


def postcode(rng: random.Random) -> str:
    return rng.choice(["LS1 4AP", "M1 1AE", "B33 8TH", "OL1 3BQ", "LE2 7DR", "SW1A 2AA",
                       "le3 9qp", "BD5 0AZ"])


def cases(n: int = 400, seed: int = 11) -> list[Case]:
    rng = random.Random(seed)
    makers = [_dob, _nhs, _nhs_invalid, _ni, _postcode, _phone, _email, _address, _introduced,
              _relation]
    return [makers[i % len(makers)](rng) for i in range(n)]


def _name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST), rng.choice(LAST)


def _decoy(rng: random.Random) -> str:
    return rng.choice(DECOYS)


def _dob(rng: random.Random) -> Case:
    dob, decoy = date_of_birth(rng), _decoy(rng)
    lead = rng.choice(["dob", "DOB:", "d.o.b.", "born", "date of birth"])
    return Case(f"baby {lead} {dob}, bruise on the arm; thinking of {decoy}",
                {"date_of_birth": [dob]}, [decoy])


def _nhs(rng: random.Random) -> Case:
    number, decoy = nhs_number(rng), _decoy(rng)
    return Case(f"NHS no {number} - hv worried about weight, see {decoy}", {"nhs_number": [number]},
                [decoy])


def _nhs_invalid(rng: random.Random) -> Case:
    """A ten-digit number that fails the NHS check: a mistyped one is still identifying."""
    number, decoy = nhs_number(rng, valid=False), _decoy(rng)
    return Case(f"nhs number {number} (might have a digit wrong), {decoy}",
                {"nhs_number_invalid": [number]}, [decoy])


def _ni(rng: random.Random) -> Case:
    ni = rng.choice(["QQ 12 34 56 C", "AB123456C", "jk 65 43 21 a", "NW 98 76 54 B"])
    return Case(f"mum's NI {ni}, benefits stopped; {_decoy(rng)}", {"ni_number": [ni]}, [])


def _postcode(rng: random.Random) -> Case:
    code, decoy = postcode(rng), _decoy(rng)
    return Case(f"family moved to {code} last week, school not told; {decoy}", {"postcode": [code]},
                [decoy])


def _phone(rng: random.Random) -> Case:
    phone = rng.choice(["07700 900123", "+44 7700 900456", "0113 496 0000", "07700900789",
                        "(0161) 496 0123"])
    return Case(f"dad rang from {phone} shouting about the s47", {"phone": [phone]}, ["s47"])


def _email(rng: random.Random) -> Case:
    first, last = _name(rng)
    email = f"{first.lower()}.{last.lower()}{rng.randint(1, 99)}@example.com"
    return Case(f"mum emailed from {email} asking for the ICPC minutes", {"email": [email]}, ["ICPC"])


def _address(rng: random.Random) -> Case:
    address = rng.choice(["12 Oak Lane", "Flat 3, 45 Church Street", "7a Mill Road",
                          "221 Meadow Close", "9 Station Approach Road"])
    return Case(f"lives at {address} with mum's partner; {_decoy(rng)}", {"address": [address]}, [])


def _introduced(rng: random.Random) -> Case:
    first, last = _name(rng)
    phrase = rng.choice([f"her name is {first} {last}", f"called {first}",
                         f"the child's name is {first}", f"known as {first} {last}"])
    name = phrase.split(" is ")[-1].split("called ")[-1].split("known as ")[-1]
    return Case(f"new referral, {phrase}, aged 4, nursery raised neglect", {"name": [name]}, [])


def _relation(rng: random.Random) -> Case:
    first, last = _name(rng)
    relation = rng.choice(["my child", "son", "daughter", "Mum", "partner", "Child"])
    decoy = _decoy(rng)
    return Case(f"{relation} {first} {last} keeps missing school, {decoy} came up",
                {"name": [f"{first} {last}"]}, [decoy])
