"""Who may run the date polls: the secretary alone. Participants answer through their personal link,
which needs no account and opens only its own person's answers (see views.AnswerView)."""

import rules

from peerreview.accounts.rules import is_secretary

rules.add_perm("polls.manage_poll", is_secretary)
