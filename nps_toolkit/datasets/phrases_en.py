"""English comment fragments of the demo generator, and the language-free extras.

Lower-case fragments without final punctuation, joined and punctuated by
:func:`nps_toolkit.datasets.phrases.compose_comment` (the composition is described
in :mod:`nps_toolkit.datasets.phrases`): ``COMPLAINTS_EN`` and ``PRAISE_EN``
(theme key -> phrasings), ``GENERIC_EN`` (a clause naming no theme),
``OPENINGS_EN``, ``CLOSINGS_EN`` and ``SHORT_EN`` (whole short answers), all three
by NPS category; ``TYPOS`` (word -> misspelling); ``NON_ANSWERS`` and ``EMOJI``
(by category), which carry no language. The order of every list is part of the
committed demo data.
"""

from __future__ import annotations

__all__ = [
    "CLOSINGS_EN",
    "COMPLAINTS_EN",
    "EMOJI",
    "GENERIC_EN",
    "NON_ANSWERS",
    "OPENINGS_EN",
    "PRAISE_EN",
    "SHORT_EN",
    "TYPOS",
]

# ---------------------------------------------------------------- English
COMPLAINTS_EN: dict[str, list[str]] = {
    "delivery": [
        "the delivery was a week late",
        "shipping took forever",
        "my parcel wasn't delivered on time",
        "the package arrived 10 days after the promised date",
        "delivery was late again and nobody told me why",
        "the courier left the parcel in the rain",
        "still waiting for my delivery after two weeks",
        "tracking said delivered but the package never arrived",
        "the delivery slot was missed twice",
        "slow shipping, the parcel sat in a depot for days",
        "the box arrived damaged and late",
        "late delivery ruined the birthday present",
    ],
    "price": [
        "way too expensive for what it is",
        "prices went up again",
        "not worth the money",
        "the price was higher than in other shops",
        "overpriced compared to the competition",
        "shipping costs are a rip off",
        "the discount code didn't work so I paid full price",
        "poor value for money",
        "the same item is cheaper elsewhere",
        "the price changed between the basket and checkout",
    ],
    "support": [
        "customer service never answered my emails",
        "support was slow and unhelpful",
        "I waited 45 minutes on hold to reach customer service",
        "the support agent couldn't help me at all",
        "nobody from support ever called me back",
        "I had to contact support five times for the same problem",
        "the chat support gave me a scripted answer and closed the ticket",
        "customer support keeps promising a callback that never comes",
        "support took three weeks to reply",
    ],
    "product_quality": [
        "the product broke after two days",
        "poor quality, the fabric tore on first wash",
        "the item looks nothing like the pictures",
        "cheap quality, it stopped working after a week",
        "the product was defective out of the box",
        "the quality has gone down a lot",
        "the item was faulty and smelled of plastic",
        "the product is flimsy and badly made",
    ],
    "ease_of_use": [
        "the instructions were impossible to follow",
        "setup is confusing and complicated",
        "it is hard to use and not intuitive",
        "assembly was a nightmare, the manual is useless",
        "too complicated to set up without help",
    ],
    "website_app": [
        "the app keeps crashing at checkout",
        "the website is slow and buggy",
        "I couldn't log in to the app",
        "the site search never finds anything",
        "the app crashed and emptied my basket",
        "the website kept timing out during payment",
        "the app login fails every time",
    ],
    "billing_refunds": [
        "I was charged twice for the same order",
        "still waiting for my refund after a month",
        "the refund never came",
        "wrong amount on the invoice",
        "they billed me for an item I returned",
        "getting a refund was a battle",
    ],
    "staff": [
        "the staff in the pick-up point were rude",
        "the driver was rude and threw the parcel",
        "the store staff ignored me",
        "the employee at the counter was unfriendly",
        "rude staff when I went to collect my order",
    ],
}

PRAISE_EN: dict[str, list[str]] = {
    "delivery": [
        "delivery was fast",
        "the parcel arrived the next day",
        "quick shipping",
        "the delivery was on time and well packed",
        "super fast delivery",
    ],
    "price": [
        "good prices",
        "great value for money",
        "cheaper than anywhere else",
        "the prices are fair",
    ],
    "support": [
        "customer service sorted my problem in minutes",
        "support was really helpful",
        "the support team was quick to answer",
    ],
    "product_quality": [
        "love the product",
        "the quality is excellent",
        "great quality products",
        "the product works perfectly",
        "the item is exactly as described and well made",
    ],
    "ease_of_use": [
        "easy to use",
        "really simple to set up",
        "easy to order",
        "so easy and intuitive",
    ],
    "website_app": [
        "the app is great",
        "the website is easy to navigate",
        "the app makes ordering quick",
    ],
    "billing_refunds": [
        "the refund was quick",
        "returns and refunds are painless",
    ],
    "staff": [
        "the staff were friendly",
        "the driver was very polite",
        "friendly and helpful staff",
    ],
}

OPENINGS_EN = {
    "detractor": [
        "Very disappointed.",
        "Honestly,",
        "Not happy.",
        "Third order and same problem:",
        "Where do I start...",
        "Sorry but",
        "Bad experience this time.",
        "I used to love this shop but",
    ],
    "passive": [
        "Overall ok.",
        "Mostly fine.",
        "It was alright.",
        "Decent.",
        "Not bad, but",
        "Good but not great.",
    ],
    "promoter": [
        "Great experience!",
        "Very happy.",
        "Love this shop.",
        "Always a pleasure.",
        "Excellent!",
        "No complaints.",
        "Brilliant service.",
    ],
}

CLOSINGS_EN = {
    "detractor": [
        "Never again.",
        "I won't order again.",
        "Please fix this.",
        "Very frustrating.",
        "Not acceptable.",
        "I will shop elsewhere.",
        "Would not recommend.",
    ],
    "passive": [
        "Could be better.",
        "Room for improvement.",
        "Might order again.",
        "We'll see next time.",
    ],
    "promoter": [
        "Will definitely order again.",
        "Keep it up!",
        "Highly recommend.",
        "Thanks!",
        "10/10 would recommend.",
    ],
}

SHORT_EN = {
    "detractor": ["awful", "never again", "terrible", "worst shop ever", "no", "disappointed"],
    "passive": ["ok", "meh", "fine", "not bad", "could be better", "average", "it's ok I guess"],
    "promoter": ["great!!", "love it", "perfect", "excellent", "all good", "amazing", "great"],
}

# Clauses for a comment that names no particular theme.
GENERIC_EN = {
    "detractor": [
        "terrible experience overall",
        "nothing went right with this order",
        "really poor service",
        "not what I expected at all",
        "the whole experience was a mess",
        "it used to be good, now it's just bad",
    ],
    "passive": [
        "it was ok, nothing special",
        "average experience",
        "does the job",
        "fine but nothing special",
        "not bad, not great",
    ],
    "promoter": [
        "everything was perfect",
        "great experience from start to finish",
        "no complaints at all",
        "best online shop I know",
    ],
}

# Not answers at all. Their language is recorded as missing.
NON_ANSWERS = ["n/a", "-", "none", ".", "nothing", "N/A", "no comment", "?"]

EMOJI = {
    "detractor": ["😡", "🙄", "👎", "😤"],
    "passive": ["🤷", "😐", "🙂"],
    "promoter": ["👍", "❤️", "😊", "⭐⭐⭐⭐⭐", "🙏"],
}

TYPOS = {
    "delivery": "delivrey",
    "received": "recieved",
    "definitely": "definately",
    "package": "pakage",
    "service": "servise",
    "customer": "costumer",
    "refund": "refound",
    "quality": "qualiy",
    "website": "webiste",
    "arrived": "arived",
    "expensive": "expencive",
    "waiting": "wating",
}
