"""People who sign in. The e-mail address is the login; there are no usernames."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account: the secretary (staff), a coordinator, the chair or the expert.

    Coordinators are not marked here: a user coordinates a network when a contact of that
    network with the coordinator role is linked to them (see ``networks``).
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    is_staff = models.BooleanField(
        _("secretary"),
        default=False,
        help_text=_("Secretaries run the cycle and may manage everything."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_chair = models.BooleanField(_("chair"), default=False)
    is_expert = models.BooleanField(_("independent expert"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="nl",
        help_text=_("The language of the e-mails this person receives."),
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email
