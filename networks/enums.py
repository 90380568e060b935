from django.db import models
from django.utils.translation import gettext_lazy as _


class InstitutionKind(models.TextChoices):
    UNIVERSITY = "university", _("university")
    APPLIED_SCIENCES = "applied_sciences", _("university of applied sciences")
    TEACHER_TRAINING = "teacher_training", _("teacher training")
    COMPANY = "company", _("company")
    OTHER = "other", _("other")


# Higher-education kinds: every one of these partners must send a coordinator to the meeting.
HIGHER_EDUCATION_KINDS = frozenset(
    {InstitutionKind.UNIVERSITY, InstitutionKind.APPLIED_SCIENCES, InstitutionKind.TEACHER_TRAINING}
)


class ContactRole(models.TextChoices):
    COORDINATOR = "coordinator", _("network coordinator")
    HO_REPRESENTATIVE = "ho_representative", _("HO representative")
    VO_TEACHER = "vo_teacher", _("VO teacher")
    SCHOOL_LEADER = "school_leader", _("school leader")
    BETA_COORDINATOR = "beta_coordinator", _("bèta coordinator")
    TOA = "toa", _("lab assistant (TOA)")


class Weekday(models.TextChoices):
    MONDAY = "mon", _("Monday")
    TUESDAY = "tue", _("Tuesday")
    WEDNESDAY = "wed", _("Wednesday")
    THURSDAY = "thu", _("Thursday")
    FRIDAY = "fri", _("Friday")
