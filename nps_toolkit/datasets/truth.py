"""The planted truth of the demo data: every parameter of the generator.

:data:`TRUTH` holds each planted parameter of :func:`nps_toolkit.datasets.make_demo`
(documented, with what the committed files show, in ``data/README.md``);
:data:`THEMES` the eight theme keys of problems and comments, in the order the
generator draws them; :data:`RATINGS` the five attribute-rating columns. Tests and
other modules import them from here rather than restating them.
"""

from __future__ import annotations

__all__ = ["RATINGS", "THEMES", "TRUTH"]

#: The theme keys of problems and comments, in the generator's draw order.
THEMES = (
    "delivery",
    "price",
    "support",
    "product_quality",
    "ease_of_use",
    "website_app",
    "billing_refunds",
    "staff",
)


#: Every planted parameter of :func:`make_demo` (documented in data/README.md).
TRUTH: dict = {
    "response_rate": 0.80,
    "channels": {"web": 0.40, "app": 0.25, "email": 0.20, "phone": 0.15},
    "regions": {"North": 0.25, "South": 0.20, "East": 0.20, "West": 0.20, "Central": 0.15},
    "categories": {
        "electronics": 0.22,
        "home": 0.22,
        "fashion": 0.22,
        "beauty": 0.14,
        "grocery": 0.20,
    },
    "journey_stages": {"onboarding": 0.20, "purchase": 0.35, "delivery": 0.25, "support": 0.20},
    # Latent score = intercept + sum(weight * (rating - 4)) + channel shift
    #                - penalties + N(0, noise_sd), rounded and clipped to 0..10.
    "score_intercept": 9.3,
    "score_noise_sd": 1.1,
    "driver_weights": {
        "rating_delivery": 0.90,
        "rating_product": 0.80,
        "rating_support": 0.45,
        "rating_price": 0.35,
        "rating_website": 0.10,
    },
    "channel_score_shift": {"web": 0.0, "app": 0.8, "email": 0.0, "phone": 0.0},
    "penalty": {"billing_refunds": 1.5, "staff": 1.2, "ease_of_use": 1.0},
    # Ratings: round(mean + 0.9 * mood + N(0, 0.8)) clipped to 1..5; a problem
    # in the rating's area replaces it by 1 or 2 (equal chance).
    "rating_mean": {
        "rating_delivery": 3.9,
        "rating_price": 3.8,
        "rating_support": 3.8,
        "rating_product": 4.0,
        "rating_website": 3.9,
    },
    "rating_mood_loading": 0.9,
    "rating_noise_sd": 0.8,
    "problem_rating": {
        "delivery": "rating_delivery",
        "price": "rating_price",
        "support": "rating_support",
        "product_quality": "rating_product",
        "website_app": "rating_website",
    },
    # Probability that a respondent had each problem.
    "problem_base": {
        "delivery": 0.07,
        "price": 0.08,
        "support": 0.04,
        "product_quality": 0.08,
        "ease_of_use": 0.04,
        "website_app": 0.05,
        "billing_refunds": 0.03,
        "staff": 0.03,
    },
    "incident": {
        "region": "North",
        "start": "2025-09-01",
        "end": "2025-12-31",
        "p_delivery_problem": 0.65,
    },
    "price_category": {"category": "electronics", "p_price_problem": 0.45},
    "support_stage": {"journey_stage": "support", "p_support_problem": 0.40},
    "p_missing_score": 0.01,
    # Repeat purchase: an order in (response date, response date + 180 days].
    "repeat_window_days": 180,
    "repeat_rate": {"detractor": 0.28, "passive": 0.45, "promoter": 0.60},
    "repeat_logit_channel": {"web": 0.0, "app": 0.15, "email": 0.0, "phone": -0.25},
    "repeat_logit_category": {
        "electronics": -0.25,
        "home": 0.0,
        "fashion": 0.0,
        "beauty": 0.0,
        "grocery": 0.25,
    },
    "amount_median": {
        "electronics": 140.0,
        "home": 65.0,
        "fashion": 48.0,
        "beauty": 32.0,
        "grocery": 38.0,
    },
    "amount_log_sd": 0.55,
    "amount_after_survey_multiplier": {"detractor": 0.90, "passive": 1.00, "promoter": 1.10},
    "p_comment": {"detractor": 0.78, "passive": 0.48, "promoter": 0.55, "missing": 0.50},
    # Drawn language of a comment (short answers are always English).
    "languages": {
        "en": 0.62,
        "fr": 0.06,
        "es": 0.05,
        "pt": 0.04,
        "it": 0.05,
        "id": 0.06,
        "vi": 0.04,
        "th": 0.04,
        "zh": 0.04,
    },
    "n_duplicates": 15,
}


#: The attribute-rating columns of the survey (1-5), in column order.
RATINGS = [
    "rating_delivery",
    "rating_price",
    "rating_support",
    "rating_product",
    "rating_website",
]
