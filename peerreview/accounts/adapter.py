"""allauth integration: no public sign-up, staff sign in with a password, every mail via the outbox."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import clear_authentication_records, get_authentication_records
from allauth.account.internal.stagekit import clear_login
from allauth.core import context as allauth_context
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.sites.shortcuts import get_current_site
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from peerreview.mail.services import message_queue

LOGIN_CODE_TEMPLATE = "account/email/login_code"
# Templates whose mail carries a secret: hidden in the outbox and wiped once sent.
SENSITIVE_TEMPLATES = {LOGIN_CODE_TEMPLATE, "account/email/password_reset_key"}


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        """Accounts are made by the secretary (or for a coordinator when their contact is saved)."""
        return False

    def pre_login(self, request, user, **kwargs):
        """Refuse a code sign-in for staff, should a code for a staff address ever be guessed."""
        response = super().pre_login(request, user, **kwargs)
        records = get_authentication_records(request, user)
        if response is None and user.is_staff and records and records[-1].get("method") == "code":
            clear_login(request)
            clear_authentication_records(request)
            messages.error(request, _("Secretaries sign in with their password."))
            return redirect("account_login")
        return response

    def send_mail(self, template_prefix, email, context):
        """Queue allauth's mail in the outbox instead of talking SMTP inside the request.

        Secretaries hold every network's personal data, so they sign in with their password only:
        a code requested for a staff address is replaced by a note saying so. The page shown is
        the same either way, so this reveals nothing about which addresses are staff.
        """
        if template_prefix == LOGIN_CODE_TEMPLATE and self._is_staff_email(email):
            template_prefix = "account/email/login_code_staff"
            context = {key: value for key, value in context.items() if key != "code"}
        request = allauth_context.request
        context = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        message = self.render_mail(template_prefix, email, context)
        html = next((body for body, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
        message_queue(
            to=email,
            subject=message.subject,
            body_text=message.body,
            body_html=html,
            template_key=template_prefix,
            sensitive=template_prefix in SENSITIVE_TEMPLATES,
        )

    @staticmethod
    def _is_staff_email(email: str) -> bool:
        return get_user_model().objects.filter(email__iexact=email, is_staff=True, is_active=True).exists()
