import rules

from peerreview.accounts.rules import is_secretary

rules.add_perm("mail.view_outboxmessage", is_secretary)
rules.add_perm("mail.retry_outboxmessage", is_secretary)
