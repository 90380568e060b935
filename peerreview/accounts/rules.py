"""Predicates for the roles a user account carries itself; network roles live in networks.rules."""

import rules


@rules.predicate
def is_secretary(user):
    return bool(user and user.is_active and user.is_staff)


@rules.predicate
def is_chair(user):
    return bool(user and user.is_active and getattr(user, "is_chair", False))


@rules.predicate
def is_expert(user):
    return bool(user and user.is_active and getattr(user, "is_expert", False))
