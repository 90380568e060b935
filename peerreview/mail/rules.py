"""Everything in the outbox and the mail templates is the secretary's."""

import rules

# accounts sends its mail through the outbox, so mail must not import accounts: the secretary is an
# active staff member, as accounts.rules.is_secretary says.
is_secretary = rules.is_active & rules.is_staff

rules.add_perm("mail.view_outboxmessage", is_secretary)
rules.add_perm("mail.retry_outboxmessage", is_secretary)
# Edit, send or discard a message held for review.
rules.add_perm("mail.change_outboxmessage", is_secretary)
rules.add_perm("mail.view_mailtemplate", is_secretary)
rules.add_perm("mail.change_mailtemplate", is_secretary)
