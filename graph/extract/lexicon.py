"""Word lists shared by mention detection and the relation rules (all lower case)."""

from __future__ import annotations

__all__ = [
    "AGENT_PREPS",
    "BASE_KINDS",
    "COURTESY_WORDS",
    "FORCE_HEADS",
    "HONORIFICS",
    "LEADER_TITLES",
    "MILITARY_NOUNS",
    "NAME_PARTICLES",
    "NAMING_TITLES",
    "NON_LEADER_TITLES",
    "PORTFOLIOS",
    "PORTFOLIO_WORDS",
    "STATE_BODY_NOUNS",
    "TITLE_WORDS",
]

# Portfolio words -> the canonical portfolio in "Ministry of <portfolio> of <country>".
PORTFOLIOS: dict[str, str] = {
    "defense": "Defence",
    "defence": "Defence",
    "foreign": "Foreign Affairs",
    "interior": "Internal Affairs",
    "internal": "Internal Affairs",
    "finance": "Finance",
    "justice": "Justice",
    "emergency": "Emergency Situations",
    "emergencies": "Emergency Situations",
    "energy": "Energy",
    "economy": "Economy",
}

# Words naming a portfolio inside a title ("Minister of National Defence X", "Secretary of
# War X", "Armed Forces Minister X", "Minister for Foreign Affairs X"): never a name's start.
PORTFOLIO_WORDS = frozenset(
    {
        "national",
        "policy",
        "war",
        "armed",
        "forces",
        "homeland",
        "security",
        "home",
        "trade",
        "economy",
        "economic",
        "health",
        "energy",
        "justice",
        "treasury",
        "veterans",
        "international",
        "development",
        "cooperation",
        "european",
        "relations",
        "public",
        "intelligence",
        "emergency",
        "situations",
        "internal",
        "commerce",
        "industry",
        "transport",
        "transportation",
        "labor",
        "labour",
        "housing",
        "education",
        "culture",
        "agriculture",
        "environment",
    }
)

# Courtesy words and honorifics before a name ("Dr.", "Shri", "HH", "His Majesty"): part of
# a title phrase, never a name's start, and never what makes someone a leader or not.
COURTESY_WORDS = frozenset(
    {"mr", "mr.", "ms", "ms.", "mrs", "mrs.", "dr", "dr.", "shri", "smt", "hh", "professor"}
    | {"prof.", "majesty", "highness", "excellency"}
)
# Words written between a ruler's title and name: "the Emir of Qatar, Sheikh X", "the Prime
# Minister of Bahrain, His Royal Highness X".
HONORIFICS = COURTESY_WORDS | {"his", "her", "royal", "sheikh"}

# A title phrase names a leader only if it contains one of these heads.
LEADER_TITLES = frozenset(
    {
        "president",
        "minister",
        "secretary",
        "secretary-general",
        "chancellor",
        "king",
        "queen",
        "emir",
        "amir",
        "taoiseach",
        "speaker",
        "prince",
        "leader",
        "chairman",
        "chairwoman",
        "chairperson",
        "premier",
        "sultan",
        "commander",
        "chief",
        "head",
        "director",
        "director-general",
    }
)

# Titles that never make their holder a leader (gold convention).
NON_LEADER_TITLES = frozenset(
    {
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "envoy",
        "adviser",
        "advisor",
        "former",
        "mr",
        "mr.",
        "ms",
        "ms.",
        "mrs",
        "mrs.",
        "dr",
        "dr.",
        "lady",
        "gentleman",
        "assistant",
        "officer",
        "administrator",
        "coordinator",
        "commandant",
    }
)

# Title heads after which capitalised words are a person's name ("Advisor X", "Officer X").
NAMING_TITLES = (
    LEADER_TITLES
    | {"advisor", "adviser", "ambassador", "envoy", "shri", "smt"}
    | {
        "officer",
        "administrator",
        "coordinator",
    }
)

# Words that may make up a title in front of a name ("Russian Defense Minister X"): the
# heads above, portfolios, courtesy words, and the ranks, qualifiers and joiners between.
TITLE_WORDS = (
    LEADER_TITLES
    | NON_LEADER_TITLES
    | PORTFOLIO_WORDS
    | COURTESY_WORDS
    | frozenset(
        {
            "vice",
            "prime",
            "ministers",
            "deputy",
            "first",
            "defense",
            "defence",
            "foreign",
            "interior",
            "finance",
            "general",
            "for",
            "crown",
            "supreme",
            "chair",
            "of",
            "staff",
            "state",
            "sheikh",
            "ayatollah",
            "political",
            "external",
            "affairs",
            "acting",
            "interim",
            "self-proclaimed",
            "junta",
            "military",
            "councillor",
            "councilor",
            "cabinet",
            "gen",
            "gen.",
            "lt",
            "col",
            "colonel",
            "marshal",
            "admiral",
            "foreign-minister",
            "principal",
            "under",
        }
    )
)

NAME_PARTICLES = frozenset(
    {"al", "bin", "ibn", "von", "der", "van", "de", "da", "la", "el", "le", "du", "jr", "jr."}
)

# Troops and hardware: what DEPLOYED_TO moves.
MILITARY_NOUNS = frozenset(
    {
        "troops",
        "troop",
        "forces",
        "soldiers",
        "sailors",
        "airmen",
        "units",
        "unit",
        "contingent",
        "contingents",
        "detachments",
        "detachment",
        "peacekeepers",
        "paratroopers",
        "battalion",
        "battalions",
        "brigade",
        "brigades",
        "division",
        "regiment",
        "personnel",
        "jets",
        "fighters",
        "bombers",
        "aircraft",
        "warplanes",
        "warships",
        "ships",
        "vessels",
        "submarines",
        "missiles",
        "weapons",
        "systems",
        "tanks",
        "drones",
        "hardware",
        "mercenaries",
        "marines",
        "servicemen",
        "military",
        "advisers",
        "instructors",
    }
)

# Heads that turn "<country> <head>" into that country's armed forces.
FORCE_HEADS = {
    "armed forces": "Armed Forces",
    "army": "Army",
    "navy": "Navy",
    "air force": "Air Force",
    "airborne forces": "Airborne Forces",
    "aerospace forces": "Aerospace Forces",
    "ground forces": "Ground Forces",
    "national guard": "National Guard",
    "defence force": "Defence Force",
    "defense force": "Defense Force",
    "defence forces": "Defence Forces",
    "defense forces": "Defense Forces",
}

# Kinds of base ("Air" in "Hmeimim Air Base").
BASE_KINDS = {
    "air": "Air",
    "naval": "Naval",
    "navy": "Naval",
    "military": "Military",
    "army": "Army",
    "marine": "Marine",
    "missile": "Missile",
    "submarine": "Submarine",
    "space": "Space",
    "logistics": "Logistics",
    "drone": "Drone",
}

# Nouns after a capital that show the state acting ("Moscow officials").
STATE_BODY_NOUNS = frozenset(
    {"officials", "government", "regime", "leadership", "authorities", "administration"}
)

AGENT_PREPS = frozenset({"by", "from", "with", "against", "between", "toward", "towards"})
